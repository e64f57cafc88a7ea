import { afterEach, describe, expect, it } from 'vitest'
import { createProject, recordOf, type TestProject } from './gen-project.js'

let project: TestProject | undefined
afterEach(async () => {
  await project?.remove()
  project = undefined
})

/** The files a run wrote, from its manifest record. */
async function recordedPaths(service: TestProject): Promise<string[]> {
  return (await recordOf(service, 'auth')).files.map((file: { path: string }) => file.path)
}

describe('honoforge gen auth --alg es256', () => {
  it('Should sign with a private key, publish the public keys and verify by kid', async () => {
    project = await createProject()
    const result = await project.run('gen', 'auth', '--alg', 'es256')
    expect(result.code, result.stderr).toBe(0)
    expect((await recordOf(project, 'auth')).args).toEqual({ alg: 'es256' })
    expect(result.stdout).toContain('wrangler secret put JWT_PRIVATE_KEY')
    const paths = await recordedPaths(project)
    for (const path of [
      'src/auth/signing-keys.ts',
      'src/routes/well-known/index.ts',
      'test/auth-signing-keys.ts',
      'test/auth-jwks.test.ts',
    ])
      expect(paths).toContain(path)
    expect(await project.read('src/routes/index.ts')).toContain("app.route('/.well-known', wellKnown)")
    expect(await project.read('src/auth/tokens.ts')).toContain('signAccessToken(claims, env)')

    const middleware = await project.read('src/middleware/auth.ts')
    expect(middleware).toContain('const claims = await verifyAccessToken(token, c.env)')
    expect(middleware).not.toMatch(/HS256'\)|from 'hono\/jwt'/)
    expect(await project.read('test/helpers.ts')).toContain("JSON.parse(env.JWT_PRIVATE_KEY), 'ES256')")
    expect(await project.read('vitest.config.ts')).toMatch(/JWT_SECRET: '[^']+',\n\s+\.\.\.signingKeyBindings,/)
    const config = await project.read('wrangler.jsonc')
    expect(config.match(/"required": \["JWT_SECRET", "JWT_PRIVATE_KEY"\]/g)).toHaveLength(3)

    // A key of its own for `npm run dev`; a placeholder in the example.
    const key = /^JWT_PRIVATE_KEY='(.+)'$/m.exec(await project.read('.dev.vars'))?.[1]
    expect(JSON.parse(key ?? '{}')).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', d: expect.any(String) })
    expect(JSON.parse(key ?? '{}').kid).toMatch(/^[\w-]{36}$/)
    expect(await project.read('.dev.vars.example')).toContain("JWT_PRIVATE_KEY=''")

    const { paths: documented } = JSON.parse(await project.read('public/openapi.json'))
    const jwks = documented['/.well-known/jwks.json'].get
    expect(jwks.security).toEqual([])
    expect(Object.keys(jwks.responses)).toContain('200')
    expect(await project.read('docs/auth.md')).toContain('## Signing keys')
    expect(await project.read('public/openapi.json')).toBe(await project.fullOpenApi())
  })

  it('Should change nothing on a re-run, with or without --alg, and refuse to switch algorithms', async () => {
    project = await createProject()
    expect((await project.run('gen', 'auth', '--alg', 'es256')).code).toBe(0)
    const generated = await project.snapshot()
    for (const args of [['--alg', 'es256'], []]) {
      const again = await project.run('gen', 'auth', ...args)
      expect(again.code, again.stderr).toBe(0)
      expect(again.stdout).not.toMatch(/^(create|update) /m)
      expect(await project.snapshot()).toEqual(generated)
    }
    const hs256 = await project.run('gen', 'auth', '--alg', 'hs256')
    expect(hs256.code).toBe(1)
    expect(hs256.stderr).toMatch(/signs its access tokens ES256.*does not switch them to HS256/)
    expect(await project.snapshot()).toEqual(generated)
  })

  it('Should refuse an unknown algorithm and a service that signs HS256 already, writing nothing', async () => {
    project = await createProject()
    const before = await project.snapshot()
    const unknown = await project.run('gen', 'auth', '--alg', 'rs256')
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/--alg must be hs256 or es256, not "rs256"/)
    expect(await project.snapshot()).toEqual(before)

    expect((await project.run('gen', 'auth')).code).toBe(0)
    const generated = await project.snapshot()
    const switched = await project.run('gen', 'auth', '--alg', 'es256')
    expect(switched.code).toBe(1)
    expect(switched.stderr).toMatch(/signs its access tokens HS256/)
    expect(await project.snapshot()).toEqual(generated)
  })

  it('Should refuse a requireAuth that no longer has the lines it replaces, naming them', async () => {
    project = await createProject()
    const middleware = await project.read('src/middleware/auth.ts')
    await project.write(
      'src/middleware/auth.ts',
      middleware.replace('    let claims: Record<string, unknown>\n', '    let claims: any\n'),
    )
    const before = await project.snapshot()
    const result = await project.run('gen', 'auth', '--alg', 'es256')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/edits src\/middleware\/auth.ts, which no longer has the lines it replaces/)
    expect(await project.snapshot()).toEqual(before)
  })

  it('Should refuse a service that verifies tokens of an identity provider', async () => {
    project = await createProject({ auth: 'jwks' })
    const result = await project.run('gen', 'auth', '--alg', 'es256')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/another issuer/)
  })

  it.each(['d1', 'postgres'] as const)(
    'Should be undone by destroy auth on %s, all but its migration, .dev.vars included',
    async (db) => {
      project = await createProject({ db })
      const before = await project.snapshot()
      expect(Object.keys(before)).toContain('.dev.vars')
      expect((await project.run('gen', 'auth', '--alg', 'es256')).code).toBe(0)
      const result = await project.run('destroy', 'auth')
      expect(result.code, result.stderr).toBe(0)
      const after = await project.snapshot()
      const added = Object.keys(after).filter((path) => !(path in before))
      expect(added.sort()).toEqual(['migrations/0002_create_auth.sql', 'migrations/0003_drop_auth.sql'])
      expect(Object.keys(before).filter((path) => after[path] !== before[path])).toEqual([])
    },
  )
})
