import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { expectRestored, serviceTools, sourceFiles } from './service-tools.js'
import { createInstalledService, output, workRoot } from './toolchain.js'

// A Postgres service grown with every generator as a user does it, from the packed tarball:
// create → gen auth --cookie, a scoped resource, an endpoint under it, a middleware, a channel,
// the accounts cleanup job → gen queue (twice) last → the suite in workerd, typecheck, lint,
// size → a production build that wrangler accepts with its producers and consumers → destroy
// both queues → the service as it was.
const dir = join(workRoot, 'services', 'svc-queue')
const { npm, honoforge, expectChecksPass } = serviceTools(dir)

describe('a Postgres service grown with every generator, gen queue last', () => {
  let before: Map<string, string>

  beforeAll(() => {
    createInstalledService('svc-queue', ['--db', 'postgres'])
    for (const args of [
      ['gen', 'auth', '--cookie'],
      ['gen', 'resource', 'posts', 'title:string', 'body:text?', '--scope', 'posts:write'],
      ['gen', 'endpoint', 'publish-post', '--method', 'post', '--path', '/posts/:id/publish'],
      ['gen', 'middleware', 'tenant'],
      ['gen', 'channel', 'chat'],
      ['gen', 'cron', 'auth-cleanup', '--schedule', '17 3 * * *'],
    ]) {
      const result = honoforge(...args)
      if (result.status !== 0) throw new Error(`honoforge ${args.join(' ')} failed\n${output(result)}`)
    }
    // typecheck writes worker-configuration.d.ts (wrangler types), so its restoration is compared too.
    const typecheck = npm('run', 'typecheck')
    if (typecheck.status !== 0) throw new Error(`npm run typecheck failed\n${output(typecheck)}`)
    before = sourceFiles(dir)
  })

  it('Should add two queues whose tests pass in workerd, consumed by the Worker it deploys', () => {
    for (const name of ['emails', 'welcome-emails']) {
      const result = honoforge('gen', 'queue', name)
      expect(result.status, output(result)).toBe(0)
      expect(result.stdout).toContain(`npx wrangler queues create svc-queue-production-${name}-dlq`)
    }
    // wrangler types ran: the producers are typed bindings.
    const types = readFileSync(join(dir, 'worker-configuration.d.ts'), 'utf8')
    expect(types).toMatch(/EMAILS_QUEUE: Queue/)
    expect(types).toMatch(/WELCOME_EMAILS_DLQ: Queue/)
    const tests = expectChecksPass()
    expect(tests).toContain('emails-queue.test.ts')
    expect(tests).toContain('welcome-emails-queue.test.ts')
    expect(tests).toContain('queues.test.ts')
    for (const file of ['auth-accounts.test.ts', 'posts.test.ts', 'publish-post.test.ts', 'chat-channel.test.ts']) {
      expect(tests).toContain(file)
    }
    expect(tests).toContain('auth-cleanup-cron.test.ts')
    const out = join(workRoot, 'deploy-queue')
    const deploy = npm('exec', '--', 'wrangler', 'deploy', '--dry-run', '--outdir', out, '--env', 'production')
    expect(deploy.status, output(deploy)).toBe(0)
    expect(output(deploy)).toMatch(/env\.EMAILS_QUEUE \(svc-queue-production-emails\)\s+Queue/)
  })

  it('Should be a no-op when run again', () => {
    const grown = sourceFiles(dir)
    const again = honoforge('gen', 'queue', 'emails')
    expect(again.status, output(again)).toBe(0)
    expect(sourceFiles(dir)).toEqual(grown)
  })

  it('Should give back the service as it was with destroy, and still pass', () => {
    for (const name of ['welcome-emails', 'emails']) {
      const result = honoforge('destroy', 'queue', name)
      expect(result.status, output(result)).toBe(0)
      expect(result.stdout).toContain(`npx wrangler queues consumer remove svc-queue-staging-${name} svc-queue-staging`)
    }
    const after = sourceFiles(dir)
    expectRestored(before, after)
    expect(expectChecksPass()).not.toContain('queue.test.ts')
  })
})
