import { afterEach, describe, expect, it } from 'vitest'
import { wranglerConfig as configOf, expectDryRunThenNoOp, expectRefusal, syntaxErrors } from './gen-assertions.js'
import { createProject, recordOf, type TestProject } from './gen-project.js'

let project: TestProject | undefined
afterEach(async () => {
  await project?.remove()
  project = undefined
})

/** The parts of wrangler.jsonc a queue touches, per scope. */
interface Scope {
  queues?: {
    producers?: Array<{ binding: string; queue: string }>
    consumers?: Array<Record<string, unknown>>
  }
}
type Config = Scope & { env: Record<string, Scope> }

const wranglerConfig = (service: TestProject) => configOf<Config>(service)

/** Paths that differ between two snapshots. */
function changedPaths(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((path) => before[path] !== after[path])
}

const emailsFiles = ['src/queues/emails/consumer.ts', 'src/queues/emails/message.ts', 'test/emails-queue.test.ts']
const sharedFiles = ['src/queues/consume.ts', 'src/queues/index.ts', 'test/queues.test.ts']

describe('honoforge gen queue', () => {
  it('Should write the queue, its shared registry, the entry handler, and bind it in every scope', async () => {
    project = await createProject()
    const readmeBefore = await project.read('README.md')
    const result = await project.run('gen', 'queue', 'emails')
    expect(result.code, result.stderr).toBe(0)
    const record = await recordOf(project, 'emails')
    expect(record.generator).toBe('queue')
    // The shared files belong to the generator, not to one run.
    expect(record.files.map((file: { path: string }) => file.path).sort()).toEqual(emailsFiles)
    for (const path of [...emailsFiles, ...sharedFiles]) {
      expect(syntaxErrors(path, await project.read(path)), path).toEqual([])
    }
    const consumer = await project.read('src/queues/emails/consumer.ts')
    expect(consumer).toContain('export function sendEmails(env: Env, message: EmailsMessage')
    expect(consumer).toContain("queues: ['svc-emails', 'svc-staging-emails', 'svc-production-emails'],")
    expect(consumer).toContain('deadLetter: (env) => env.EMAILS_DLQ,')
    expect(await project.read('src/queues/index.ts')).toContain("import { emails } from './emails/consumer'\n")
    expect(await project.read('test/emails-queue.test.ts')).toContain("const QUEUE = 'svc-emails'")

    const entry = await project.read('src/index.ts')
    expect(entry).toContain("import { queue } from './queues'\n")
    expect(entry).toMatch(/export default \{\n {2}fetch: app\.fetch,\n {2}queue,\n\} satisfies ExportedHandler<Env>\n$/)

    const config = await wranglerConfig(project)
    const expected = [
      { queues: config.queues, name: 'svc-emails', timeout: 0 },
      { queues: config.env.staging?.queues, name: 'svc-staging-emails', timeout: 5 },
      { queues: config.env.production?.queues, name: 'svc-production-emails', timeout: 5 },
    ]
    for (const { queues, name, timeout } of expected) {
      expect(queues?.producers).toEqual([
        { binding: 'EMAILS_QUEUE', queue: name },
        { binding: 'EMAILS_DLQ', queue: `${name}-dlq` },
      ])
      expect(queues?.consumers).toEqual([
        {
          queue: name,
          max_batch_size: 10,
          max_batch_timeout: timeout,
          max_retries: 5,
          dead_letter_queue: `${name}-dlq`,
        },
      ])
    }

    const readme = await project.read('README.md')
    expect(readme.startsWith(readmeBefore)).toBe(true)
    expect(readme.slice(readmeBefore.length)).toMatch(/^\n## Queues\n\n### The emails queue\n[\s\S]*\n$/)
    expect(readme).toContain('npx wrangler queues create svc-production-emails-dlq\n')
    expect(result.stdout).toContain('  npx wrangler queues create svc-staging-emails\n')
    expect(project.typegenRuns()).toBe(1)
  })

  it('Should import Postgres only in a Postgres service, and need no database at all', async () => {
    project = await createProject({ db: 'postgres' })
    expect((await project.run('gen', 'queue', 'emails')).code).toBe(0)
    expect(await project.read('test/emails-queue.test.ts')).toContain("import { withDatabase } from '../src/lib/db'")
    expect(await project.read('src/queues/emails/consumer.ts')).toContain('withDatabase(env, ctx, (sql) => ...)')
    await project.remove()

    project = await createProject({ db: 'none', auth: 'none' })
    const result = await project.run('gen', 'queue', 'SendWelcome')
    expect(result.code, result.stderr).toBe(0)
    expect(await project.read('src/queues/send-welcome/consumer.ts')).toContain('export const sendWelcome:')
    expect(await project.read('test/send-welcome-queue.test.ts')).not.toContain('withDatabase')
    const config = await wranglerConfig(project)
    expect(config.queues?.producers?.map((producer) => producer.binding)).toEqual([
      'SEND_WELCOME_QUEUE',
      'SEND_WELCOME_DLQ',
    ])
  })

  it('Should change nothing when run again, and print the plan without writing on --dry-run', async () => {
    project = await createProject()
    await expectDryRunThenNoOp(
      project,
      ['gen', 'queue', 'emails'],
      [
        'create     src/queues/emails/consumer.ts',
        'create     src/queues/index.ts',
        'update     wrangler.jsonc',
        'update     src/index.ts',
      ],
    )
  })

  it('Should add a second queue to the registry and config, and destroy one leaving the other', async () => {
    project = await createProject()
    expect((await project.run('gen', 'queue', 'emails')).code).toBe(0)
    const withEmails = await project.snapshot()
    expect((await project.run('gen', 'queue', 'send-welcome')).code).toBe(0)
    expect(await project.read('src/queues/index.ts')).toContain(
      'const consumers: readonly QueueConsumer<unknown>[] = [emails, sendWelcome]',
    )
    const config = await wranglerConfig(project)
    for (const scope of [config, ...Object.values(config.env)]) {
      expect(scope.queues?.consumers).toHaveLength(2)
      expect(scope.queues?.producers).toHaveLength(4)
    }
    const readme = await project.read('README.md')
    expect(readme.match(/## Queues/g)).toHaveLength(1)
    expect(readme).toContain('### The send welcome queue')

    const destroyed = await project.run('destroy', 'queue', 'send-welcome')
    expect(destroyed.code, destroyed.stderr).toBe(0)
    expect(changedPaths(withEmails, await project.snapshot())).toEqual([])
  })
})

describe('honoforge gen queue refuses, writing nothing', () => {
  const refusals: Array<[string, (service: TestProject) => Promise<void>, string[], RegExp]> = [
    ['a name that is not one', async () => {}, ['gen', 'queue', '1-emails'], /Invalid queue name/],
    ['the name of the handler', async () => {}, ['gen', 'queue', 'queue'], /already imports "queue"/],
    ['a second name', async () => {}, ['gen', 'queue', 'emails', 'sms'], /give one queue name/],
    [
      'a name too long for a queue in some environment',
      async () => {},
      ['gen', 'queue', 'a-rather-long-queue-name-for-the-welcome-emails'],
      /"svc-production-a-rather-long-queue-name-for-the-welcome-emails-dlq" is longer than 63 characters/,
    ],
    [
      'its binding declared by hand',
      async (service) => {
        const main = '"main": "src/index.ts",'
        const member = '"queues": { "producers": [{ "binding": "EMAILS_QUEUE", "queue": "mail" }] },'
        await service.write(
          'wrangler.jsonc',
          (await service.read('wrangler.jsonc')).replace(main, `${main}\n  ${member}`),
        )
      },
      ['gen', 'queue', 'emails'],
      /already binds EMAILS_QUEUE to the queue mail/,
    ],
    [
      'a Worker entry with a default export of its own',
      async (service) => {
        await service.write(
          'src/index.ts',
          "import { createApp } from './app'\n\nexport default { fetch: createApp().fetch }\n",
        )
      },
      ['gen', 'queue', 'emails'],
      /src\/index.ts: /,
    ],
  ]

  it.each(refusals)('Should refuse %s', async (_, prepare, args, message) => {
    project = await createProject()
    await prepare(project)
    await expectRefusal(project, args, message)
  })
})

describe('honoforge destroy queue', () => {
  it('Should give back the service byte for byte and say what a deploy leaves behind', async () => {
    project = await createProject({ db: 'postgres' })
    const before = await project.snapshot()
    expect((await project.run('gen', 'queue', 'emails')).code).toBe(0)
    const result = await project.run('destroy', 'queue', 'emails')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('delete     src/queues/emails/consumer.ts')
    expect(result.stdout).toContain('delete     src/queues/index.ts')
    expect(result.stdout).toContain('  npx wrangler queues consumer remove svc-staging-emails svc-staging\n')
    expect(result.stdout).toContain('  npx wrangler queues delete svc-production-emails-dlq')
    expect(changedPaths(before, await project.snapshot())).toEqual([])
    expect(project.typegenRuns()).toBe(2)
  })

  it('Should refuse a queue it did not generate', async () => {
    project = await createProject()
    const result = await project.run('destroy', 'queue', 'emails')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/No queue "emails" is recorded/)
  })
})
