import { afterEach, describe, expect, it } from 'vitest'
import { createProject, recordOf, type TestProject } from './gen-project.js'

let project: TestProject | undefined
afterEach(async () => {
  await project?.remove()
  project = undefined
})

const authRoutes = [
  '/auth/register',
  '/auth/login',
  '/auth/refresh',
  '/auth/logout',
  '/auth/logout-all',
  '/auth/verify-email/request',
  '/auth/verify-email',
  '/auth/forgot-password',
  '/auth/reset-password',
]

/** The files a run wrote, from its manifest record. */
async function recordedPaths(service: TestProject): Promise<string[]> {
  return (await recordOf(service, 'auth')).files.map((file: { path: string }) => file.path)
}

describe('honoforge gen auth', () => {
  it.each(['d1', 'postgres'] as const)(
    'Should write the accounts of a %s service, wired and documented',
    async (db) => {
      project = await createProject({ db })
      const result = await project.run('gen', 'auth')
      expect(result.code, result.stderr).toBe(0)
      expect((await recordedPaths(project)).sort()).toEqual([
        'docs/auth.md',
        'migrations/0002_create_auth.sql',
        'src/auth/mail.ts',
        'src/auth/password.ts',
        'src/auth/session.ts',
        'src/auth/store.ts',
        'src/auth/throttle.ts',
        'src/auth/tokens.ts',
        'src/routes/auth/email.ts',
        'src/routes/auth/index.ts',
        'src/routes/auth/schema.ts',
        'test/auth-accounts.test.ts',
        'test/auth-attacks.test.ts',
        'test/auth-helpers.ts',
      ])
      expect((await recordOf(project, 'auth')).args).toEqual({})
      expect(await project.read('src/routes/index.ts')).toContain("app.route('/auth', auth)")
      const readme = await project.read('README.md')
      expect(readme).toMatch(/\| `wrangler.jsonc` \|.*\n\| `src\/auth\/`, `docs\/auth.md` \| accounts/)

      const migration = await project.read('migrations/0002_create_auth.sql')
      for (const table of ['users', 'auth_sessions', 'auth_tokens'])
        expect(migration).toContain(`CREATE TABLE ${table} (`)
      const store = await project.read('src/auth/store.ts')
      expect(store).toContain(db === 'd1' ? 'c.env.DB' : "from '../lib/db'")

      // The limiter in every environment, each with its own namespace.
      const config = await project.read('wrangler.jsonc')
      const limiters = [...config.matchAll(/"name": "AUTH_LIMITER", "namespace_id": "(\d+)"/g)].map((match) => match[1])
      expect(limiters).toEqual(['2001', '2002', '2003'])

      const { paths } = JSON.parse(await project.read('public/openapi.json'))
      for (const path of authRoutes) expect(paths[path]?.post?.summary, path).toEqual(expect.any(String))
      expect(paths['/auth/login'].post.responses).toHaveProperty('429')
      expect(paths['/auth/me'].get.security).toEqual([{ bearerAuth: [] }])
      expect(await project.read('public/openapi.json')).toBe(await project.fullOpenApi())
      expect(await project.read('client/api.d.ts')).toBe(await project.fullClientTypes())
    },
  )

  it('Should put the refresh token in a cookie with --cookie, record the flag, and check Origin where it is read', async () => {
    project = await createProject()
    const result = await project.run('gen', 'auth', '--cookie')
    expect(result.code, result.stderr).toBe(0)
    expect((await recordOf(project, 'auth')).args).toEqual({ cookie: true })
    expect(await project.read('src/auth/session.ts')).toContain("sameSite: 'Strict'")
    const routes = await project.read('src/routes/auth/index.ts')
    expect(routes).toContain('  allowedOrigin,\n')
    expect(routes).not.toContain('RefreshRequest')
    const { paths, components } = JSON.parse(await project.read('public/openapi.json'))
    for (const path of ['/auth/refresh', '/auth/logout']) expect(paths[path].post.responses).toHaveProperty('403')
    expect(paths['/auth/refresh'].post).not.toHaveProperty('requestBody')
    expect(components.schemas.Session.properties).not.toHaveProperty('refreshToken')
    expect(await project.read('docs/auth.md')).toContain('__Secure-refresh')

    const generated = await project.snapshot()
    expect((await project.run('gen', 'auth', '--cookie')).code).toBe(0)
    expect(await project.snapshot()).toEqual(generated)
    // Without the flag, a re-run turns the (unchanged) files back into bearer mode.
    expect((await project.run('gen', 'auth')).code).toBe(0)
    expect((await recordOf(project, 'auth')).args).toEqual({})
    expect(await project.read('src/routes/auth/index.ts')).toContain('jsonBody(RefreshRequest)')
  })

  it('Should change nothing when run again, and print the plan without writing on --dry-run', async () => {
    project = await createProject()
    const before = await project.snapshot()
    const dry = await project.run('gen', 'auth', '--dry-run')
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toContain('create     src/routes/auth/index.ts')
    expect(dry.stdout).toContain('Dry run: nothing was written.')
    expect(await project.snapshot()).toEqual(before)

    expect((await project.run('gen', 'auth')).code).toBe(0)
    const generated = await project.snapshot()
    const again = await project.run('gen', 'auth')
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).not.toMatch(/^(create|update) /m)
    expect(await project.snapshot()).toEqual(generated)
  })

  it.each([
    ['without a database', { db: 'none' as const }, /needs a database/],
    ['without auth', { auth: 'none' as const }, /--auth none/],
  ])('Should refuse a service %s and write nothing', async (_, options, message) => {
    project = await createProject(options)
    const before = await project.snapshot()
    const result = await project.run('gen', 'auth')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(message)
    expect(await project.snapshot()).toEqual(before)
  })

  it('Should refuse a service whose requireAuth verifies tokens of another issuer', async () => {
    project = await createProject()
    const middleware = await project.read('src/middleware/auth.ts')
    await project.write(
      'src/middleware/auth.ts',
      middleware.replaceAll('c.var.config.jwtSecret', 'await issuerKeys(c)'),
    )
    const before = await project.snapshot()
    const result = await project.run('gen', 'auth')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/does not verify those/)
    expect(await project.snapshot()).toEqual(before)
  })

  it('Should ask destroy for a name unless it destroys auth', async () => {
    project = await createProject()
    const result = await project.run('destroy', 'resource')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/Name the resource to destroy/)
  })

  it('Should refuse a service that has a users resource, and a name argument', async () => {
    project = await createProject()
    await project.run('gen', 'resource', 'users', 'name:string')
    const before = await project.snapshot()
    const clash = await project.run('gen', 'auth')
    expect(clash.code).toBe(1)
    expect(clash.stderr).toMatch(/users resource/)
    const named = await project.run('gen', 'auth', 'accounts')
    expect(named.code).toBe(1)
    expect(named.stderr).toMatch(/takes no name/)
    expect(await project.snapshot()).toEqual(before)
  })

  it('Should be undone by destroy auth, all but its migration, which a drop migration follows', async () => {
    project = await createProject()
    const before = await project.snapshot()
    expect((await project.run('gen', 'auth')).code).toBe(0)
    const result = await project.run('destroy', 'auth')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('migrations/0003_drop_auth.sql drops what the auth created')
    expect(result.stdout).toContain('Ran `npm run cf-typegen`: worker-configuration.d.ts follows wrangler.jsonc.')
    expect(project.typegenRuns()).toBe(2)

    const after = await project.snapshot()
    const added = Object.keys(after).filter((path) => !(path in before))
    expect(added.sort()).toEqual(['migrations/0002_create_auth.sql', 'migrations/0003_drop_auth.sql'])
    const changed = Object.keys(before).filter((path) => after[path] !== before[path])
    expect(changed).toEqual([])
    expect(await project.read('migrations/0003_drop_auth.sql')).toContain('DROP TABLE IF EXISTS users;')
  })
})
