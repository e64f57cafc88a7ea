import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'jsonc-parser'
import { beforeAll, describe, expect, it } from 'vitest'
import { expectRestored, sourceFiles, serviceTools as tools } from './service-tools.js'
import { createInstalledService, output, workRoot } from './toolchain.js'

// A realtime channel grown into a service as a user does it, from the packed tarball:
// create → gen channel → its suite (workerd, Durable Objects) → a bounded load run in
// wrangler dev → destroy → the service as it was, but for the class deletion migration
// wrangler.jsonc keeps (a deployed class is deleted by a migration, never forgotten).
const services = join(workRoot, 'services')

describe('a service grown with honoforge gen channel', () => {
  const dir = join(services, 'svc-channel')
  const { npm, honoforge, expectChecksPass } = tools(dir)
  let before: Map<string, string>

  beforeAll(() => {
    createInstalledService('svc-channel')
    // typecheck writes worker-configuration.d.ts (wrangler types), so its restoration is compared too.
    const typecheck = npm('run', 'typecheck')
    if (typecheck.status !== 0) throw new Error(`npm run typecheck failed\n${output(typecheck)}`)
    before = sourceFiles(dir)
  })

  it('Should add a channel whose own tests pass in workerd', () => {
    const result = honoforge('gen', 'channel', 'chat')
    expect(result.status, output(result)).toBe(0)
    // wrangler types ran: the namespace is typed with the class, exported by name from the entry.
    const types = readFileSync(join(dir, 'worker-configuration.d.ts'), 'utf8')
    expect(types).toMatch(/CHAT_CHANNEL: DurableObjectNamespace<import\("\.\/src\/index"\)\.ChatChannel>/)
    const document = JSON.parse(readFileSync(join(dir, 'public', 'openapi.json'), 'utf8'))
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/channels/chat/{room}', '/channels/chat/{room}/messages']),
    )
    const tests = expectChecksPass()
    expect(tests).toContain('chat-channel.test.ts')
  })

  it('Should be a no-op when run again', () => {
    const grown = sourceFiles(dir)
    const again = honoforge('gen', 'channel', 'chat')
    expect(again.status, output(again)).toBe(0)
    expect(sourceFiles(dir)).toEqual(grown)
  })

  it('Should hold concurrent sockets in wrangler dev with no message lost and dead clients cleaned', () => {
    const load = npm('run', 'load:channel', '--', '--sockets', '50')
    expect(load.status, output(load)).toBe(0)
    expect(load.stdout).toMatch(/lost\D+0\b/i)
  })

  it('Should restore the service with destroy, keeping the class deletion migration, and still pass', () => {
    const result = honoforge('destroy', 'channel', 'chat')
    expect(result.status, output(result)).toBe(0)
    const after = sourceFiles(dir)
    expectRestored(before, after, ['wrangler.jsonc'])
    const config = parse(after.get('wrangler.jsonc') ?? '')
    expect(config.migrations).toEqual([
      { tag: 'chat-channel-v1', new_sqlite_classes: ['ChatChannel'] },
      { tag: 'chat-channel-v2', deleted_classes: ['ChatChannel'] },
    ])
    expect(JSON.stringify(config)).not.toContain('CHAT_CHANNEL')
    const tests = expectChecksPass()
    expect(tests).not.toContain('chat-channel.test.ts')
    // A deploy accepts the deletion: the class is gone from the code and from the bindings.
    const out = join(workRoot, 'deploy-channel')
    const deploy = npm('exec', '--', 'wrangler', 'deploy', '--dry-run', '--outdir', out, '--env', 'production')
    expect(deploy.status, output(deploy)).toBe(0)
  })
})

describe('a channel in a service without accounts', () => {
  const dir = join(services, 'svc-channel-open')
  const { honoforge, expectChecksPass } = tools(dir)

  beforeAll(() => {
    createInstalledService('svc-channel-open', ['--db', 'none', '--auth', 'none'])
  })

  it('Should add a public channel whose tests pass', () => {
    const result = honoforge('gen', 'channel', 'chat')
    expect(result.status, output(result)).toBe(0)
    const route = readFileSync(join(dir, 'src', 'routes', 'channels', 'chat', 'index.ts'), 'utf8')
    expect(route).not.toContain('requireAuth')
    expect(expectChecksPass()).toContain('chat-channel.test.ts')
  })
})
