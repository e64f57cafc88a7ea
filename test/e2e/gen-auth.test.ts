import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { sourceFiles as allSourceFiles, expectRestored, serviceTools } from './service-tools.js'
import { createInstalledService, output, workRoot } from './toolchain.js'

// Accounts grown into a service as a user does it, from the packed tarball: create → gen auth →
// its suite → a resource protected by scope → its suite → destroy auth → the service as it was,
// migrations apart (applied migrations are history: destroy adds one that drops the tables).
const dir = join(workRoot, 'services', 'svc-auth')
const { npm, honoforge, expectChecksPass: expectSuitePasses } = serviceTools(dir)

/** Every file of the service but migrations, with its content. */
function sourceFiles(): Map<string, string> {
  const files = allSourceFiles(dir)
  for (const path of files.keys()) if (path.startsWith('migrations/')) files.delete(path)
  return files
}

let before: Map<string, string>

beforeAll(() => {
  createInstalledService('svc-auth')
  // typecheck writes worker-configuration.d.ts (wrangler types): present before, so its
  // restoration (no AUTH_LIMITER) is compared too.
  const typecheck = npm('run', 'typecheck')
  if (typecheck.status !== 0) throw new Error(`npm run typecheck failed\n${output(typecheck)}`)
  before = sourceFiles()
})

describe('a service grown with honoforge gen auth', () => {
  it('Should add accounts whose own tests pass in workerd', () => {
    const result = honoforge('gen', 'auth')
    expect(result.status, output(result)).toBe(0)
    const document = JSON.parse(readFileSync(join(dir, 'public', 'openapi.json'), 'utf8'))
    for (const path of ['/auth/register', '/auth/login', '/auth/refresh', '/auth/logout', '/auth/reset-password'])
      expect(Object.keys(document.paths), path).toContain(path)
    const tests = expectSuitePasses()
    // The generated accounts tests ran, not only the service's own.
    expect(tests).toContain('auth-accounts.test.ts')
    expect(tests).toContain('auth-attacks.test.ts')
  })

  it('Should be a no-op when run again', () => {
    const grown = sourceFiles()
    const again = honoforge('gen', 'auth')
    expect(again.status, output(again)).toBe(0)
    expect(sourceFiles()).toEqual(grown)
  })

  it('Should protect a generated resource by scope, and its tests check the 403s', () => {
    const result = honoforge('gen', 'resource', 'posts', 'title:string', 'body:text?', '--scope', 'posts:write')
    expect(result.status, output(result)).toBe(0)
    expect(readFileSync(join(dir, 'test', 'posts.test.ts'), 'utf8')).toContain('403')
    expectSuitePasses()
    const destroyed = honoforge('destroy', 'resource', 'posts')
    expect(destroyed.status, output(destroyed)).toBe(0)
  })

  it('Should restore the service, migrations apart, with destroy auth, and still pass', () => {
    const result = honoforge('destroy', 'auth')
    expect(result.status, output(result)).toBe(0)
    // The binding types follow wrangler.jsonc when typecheck runs `wrangler types`, as gen says.
    expect(result.stdout).toContain('cf-typegen')
    const typecheck = npm('run', 'typecheck')
    expect(typecheck.status, output(typecheck)).toBe(0)
    const after = sourceFiles()
    expectRestored(before, after)
    // The tables go by a migration of their own, so a deployed database follows.
    const migrations = readdirSync(join(dir, 'migrations'))
    expect(migrations.some((name) => /drop/.test(name))).toBe(true)
    expectSuitePasses()
  })
})
