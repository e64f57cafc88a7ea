import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'jsonc-parser'
import { beforeAll, describe, expect, it } from 'vitest'
import { withDevServer } from './dev-server.js'
import { sourceFiles, serviceTools as tools } from './service-tools.js'
import { createInstalledService, output, serviceEnv, workRoot } from './toolchain.js'

// Cron jobs grown into a service with accounts as a user does it, from the packed tarball:
// create → gen auth → gen cron (a job of its own and the accounts cleanup) → the suite in
// workerd → a trigger fired by hand under `npm run dev`, as the service README shows → destroy →
// the service as it was, but for the emptied `"crons": []` that makes a deploy clear the triggers.
const dir = join(workRoot, 'services', 'svc-cron')
const { npm, honoforge, expectChecksPass } = tools(dir)
let before: Map<string, string>

beforeAll(() => {
  createInstalledService('svc-cron')
  const auth = honoforge('gen', 'auth')
  if (auth.status !== 0) throw new Error(`gen auth failed\n${output(auth)}`)
  // typecheck writes worker-configuration.d.ts (wrangler types), so its restoration is compared too.
  const typecheck = npm('run', 'typecheck')
  if (typecheck.status !== 0) throw new Error(`npm run typecheck failed\n${output(typecheck)}`)
  before = sourceFiles(dir)
})

describe('a service grown with honoforge gen cron', () => {
  it('Should add jobs whose tests pass in workerd, the accounts cleanup among them', () => {
    for (const [name, schedule] of [
      ['nightly-report', '0 3 * * *'],
      ['auth-cleanup', '17 3 * * *'],
    ]) {
      const result = honoforge('gen', 'cron', name as string, '--schedule', schedule as string)
      expect(result.status, output(result)).toBe(0)
    }
    const config = parse(readFileSync(join(dir, 'wrangler.jsonc'), 'utf8'))
    expect(config.triggers).toEqual({ crons: ['0 3 * * *', '17 3 * * *'] })
    const tests = expectChecksPass()
    for (const file of ['nightly-report-cron.test.ts', 'auth-cleanup-cron.test.ts', 'crons.test.ts']) {
      expect(tests).toContain(file)
    }
    // wrangler accepts the triggers for a deploy of each environment (they inherit the top level's).
    const deploy = npm('exec', '--', 'wrangler', 'deploy', '--dry-run', '--outdir', join(workRoot, 'deploy-cron'))
    expect(deploy.status, output(deploy)).toBe(0)
  })

  it('Should be a no-op when run again', () => {
    const grown = sourceFiles(dir)
    const again = honoforge('gen', 'cron', 'nightly-report', '--schedule', '0 3 * * *')
    expect(again.status, output(again)).toBe(0)
    expect(sourceFiles(dir)).toEqual(grown)
  })

  it('Should run a job when its trigger is fired under npm run dev with the URL the README gives', async () => {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8')
    const path = /curl "http:\/\/localhost:8787(\/cdn-cgi\/handler\/scheduled\?cron=17[^"]+)"/.exec(readme)?.[1]
    expect(path, 'the README section of auth-cleanup').toBeDefined()
    await withDevServer(dir, serviceEnv(), async (dev) => {
      const fired = await fetch(`${dev.url}${path}`)
      expect(await fired.json()).toEqual({ outcome: 'ok', noRetry: false })
      const unclaimed = await fetch(`${dev.url}/cdn-cgi/handler/scheduled?cron=1+1+*+*+*&format=json`)
      expect(await unclaimed.json()).toMatchObject({ outcome: 'exception' })
      await expect.poll(dev.output).toMatch(/"message":"cron job","job":"auth-cleanup".*"outcome":"ok"/)
    })
  })

  it('Should restore the service with destroy, keeping an emptied trigger list, and still pass', () => {
    const refused = honoforge('destroy', 'auth')
    expect(refused.status).toBe(1)
    expect(output(refused)).toContain('honoforge destroy cron auth-cleanup')
    for (const name of ['auth-cleanup', 'nightly-report']) {
      const result = honoforge('destroy', 'cron', name)
      expect(result.status, output(result)).toBe(0)
    }
    const after = sourceFiles(dir)
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort())
    for (const [path, content] of before) {
      if (path !== 'wrangler.jsonc') expect(after.get(path), path).toBe(content)
    }
    expect(parse(after.get('wrangler.jsonc') ?? '').triggers).toEqual({ crons: [] })
    expect(expectChecksPass()).not.toContain('crons.test.ts')
  })
})
