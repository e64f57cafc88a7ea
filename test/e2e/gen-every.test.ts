import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'jsonc-parser'
import { beforeAll, describe, expect, it } from 'vitest'
import { withDevServer } from './dev-server.js'
import { devToken, expectRestored, sourceFiles, serviceTools as tools } from './service-tools.js'
import { createInstalledService, output, serviceEnv, workRoot } from './toolchain.js'

// A D1 service grown with every generator as a user does it, from the packed tarball: create →
// gen auth, a scoped resource, an endpoint under it, a middleware, a channel, a queue and the
// route that sends to it as the README shows, a team generator (the middleware generator
// ejected as a plopfile) → gen cron (a job of its own and the accounts
// cleanup) last → the suite in workerd, typecheck, lint, size, a deploy build → `npm run dev`
// firing a trigger and consuming a queue message, as the README shows → destroy the jobs → the
// service as it was, but for the emptied `"crons": []` that makes a deploy clear the triggers.
const dir = join(workRoot, 'services', 'svc-every')
const { npm, honoforge, expectChecksPass } = tools(dir)
let before: Map<string, string>

/** Runs honoforge with `args` in the service, failing the setup with its output. */
function grow(...args: string[]): void {
  const result = honoforge(...args)
  if (result.status !== 0) throw new Error(`honoforge ${args.join(' ')} failed\n${output(result)}`)
}

/** A fenced block of the README that follows `after`, as a user copies it. */
function readmeBlock(readme: string, after: string, fence: string): string {
  const start = readme.indexOf(after)
  const block = new RegExp(`\`\`\`${fence}\n([\\s\\S]*?)\`\`\``).exec(readme.slice(start))?.[1]
  if (start < 0 || block === undefined) throw new Error(`README.md has no ${fence} block after "${after}"`)
  return block
}

/** What the README says to do to send a message to the emails queue from a route, done as written. */
function addEnqueueRoute(): void {
  const readme = readFileSync(join(dir, 'README.md'), 'utf8')
  const command = readmeBlock(readme, 'Sending from a route', 'sh').trim()
  expect(command).toMatch(/^npx honoforge gen endpoint enqueue-emails /)
  grow(...command.replace(/^npx honoforge /, '').split(' '))
  const [importLine, , ...handler] = readmeBlock(readme, 'send the validated body from its handler', 'ts').split('\n')
  const path = join(dir, 'src', 'routes', 'enqueue-emails', 'index.ts')
  const source = readFileSync(path, 'utf8')
  const echo = /\n {2}\(c\) => \{\n[\s\S]*?\n {2}\},\n/.exec(source)?.[0]
  expect(echo, 'the generated echo handler').toBeDefined()
  // Where the import sorts: before the module's own imports (`./schema`).
  const at = source.lastIndexOf('\nimport ', source.indexOf("from './schema'")) + 1
  expect(at, 'the import of ./schema').toBeGreaterThan(0)
  const edited = `${source.slice(0, at)}${importLine}\n${source.slice(at)}`.replace(
    echo ?? '',
    `\n${handler.join('\n')}`,
  )
  writeFileSync(path, edited)
}

beforeAll(() => {
  createInstalledService('svc-every')
  grow('gen', 'auth')
  grow('gen', 'resource', 'posts', 'title:string', 'body:text?', '--scope', 'posts:write')
  grow('gen', 'endpoint', 'publish-post', '--method', 'post', '--path', '/posts/:id/publish')
  grow('gen', 'middleware', 'tenant')
  grow('gen', 'channel', 'chat')
  grow('gen', 'queue', 'emails')
  addEnqueueRoute()
  // A team generator: the built-in middleware generator ejected as a plopfile, run through honoforge.
  grow('eject', 'middleware', '--plop')
  grow('gen', 'team-middleware', '--name', 'audit-log')
  // typecheck writes worker-configuration.d.ts (wrangler types), so its restoration is compared too.
  const typecheck = npm('run', 'typecheck')
  if (typecheck.status !== 0) throw new Error(`npm run typecheck failed\n${output(typecheck)}`)
  before = sourceFiles(dir)
})

describe('a D1 service grown with every generator, gen cron last', () => {
  it('Should add jobs whose tests pass in workerd beside every other generator, the accounts cleanup among them', () => {
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
    for (const file of [
      'nightly-report-cron.test.ts',
      'auth-cleanup-cron.test.ts',
      'crons.test.ts',
      'auth-accounts.test.ts',
      'posts.test.ts',
      'publish-post.test.ts',
      'enqueue-emails.test.ts',
      'chat-channel.test.ts',
      'emails-queue.test.ts',
    ]) {
      expect(tests).toContain(file)
    }
    // wrangler accepts the triggers for a deploy of each environment (they inherit the top level's).
    const deploy = npm('exec', '--', 'wrangler', 'deploy', '--dry-run', '--outdir', join(workRoot, 'deploy-every'))
    expect(deploy.status, output(deploy)).toBe(0)
    // The production checklist: nothing to report on the service as generated.
    const doctor = honoforge('doctor', '--ci')
    expect(doctor.status, output(doctor)).toBe(0)
    expect(JSON.parse(doctor.stdout)).toEqual({ findings: [], errors: 0, warnings: 0 })
  })

  it('Should be a no-op when run again, a team generator too, which gen --help lists', () => {
    const grown = sourceFiles(dir)
    for (const args of [
      ['gen', 'cron', 'nightly-report', '--schedule', '0 3 * * *'],
      ['gen', 'team-middleware', '--name', 'audit-log'],
    ]) {
      const again = honoforge(...args)
      expect(again.status, output(again)).toBe(0)
    }
    expect(sourceFiles(dir)).toEqual(grown)
    expect(honoforge('gen', '--help').stdout).toMatch(/team-middleware/)
  })

  it('Should run a job when its trigger is fired, and consume a message the route sends, under npm run dev as the README shows', async () => {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8')
    const path = /curl "http:\/\/localhost:8787(\/cdn-cgi\/handler\/scheduled\?cron=17[^"]+)"/.exec(readme)?.[1]
    expect(path, 'the README section of auth-cleanup').toBeDefined()
    await withDevServer(dir, serviceEnv(), async (dev) => {
      const fired = await fetch(`${dev.url}${path}`)
      expect(await fired.json()).toEqual({ outcome: 'ok', noRetry: false })
      const unclaimed = await fetch(`${dev.url}/cdn-cgi/handler/scheduled?cron=1+1+*+*+*&format=json`)
      expect(await unclaimed.json()).toMatchObject({ outcome: 'exception' })
      await expect.poll(dev.output).toMatch(/"message":"cron job","job":"auth-cleanup".*"outcome":"ok"/)
      const sent = await fetch(`${dev.url}/emails`, {
        method: 'POST',
        headers: { authorization: `Bearer ${devToken(dir)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ recordId: 'rec_e2e' }),
      })
      expect(sent.status, await sent.clone().text()).toBe(200)
      expect(await sent.json()).toEqual({ recordId: 'rec_e2e' })
      await expect.poll(dev.output).toMatch(/"message":"emails message handled".*"recordId":"rec_e2e"/)
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
    expectRestored(before, after, ['wrangler.jsonc'])
    expect(parse(after.get('wrangler.jsonc') ?? '').triggers).toEqual({ crons: [] })
    expect(expectChecksPass()).not.toContain('crons.test.ts')
  })
})
