import { afterEach, describe, expect, it } from 'vitest'
import { wranglerConfig as configOf, syntaxErrors } from './gen-assertions.js'
import { createProject, recordOf, type TestProject } from './gen-project.js'

let project: TestProject | undefined
afterEach(async () => {
  await project?.remove()
  project = undefined
})

type Scope = { triggers?: { crons: string[] } }
type Config = Scope & { env: Record<string, Scope> }

const wranglerConfig = (service: TestProject) => configOf<Config>(service)

/** The paths whose content differs between two snapshots. */
function changedPaths(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((path) => before[path] !== after[path])
}

/** A preparation giving the staging environment triggers of its own. */
async function stagingTriggers(service: TestProject): Promise<void> {
  const config = await service.read('wrangler.jsonc')
  const staging = '"staging": {'
  await service.write('wrangler.jsonc', config.replace(staging, `${staging}\n      "triggers": { "crons": [] },`))
}

const shared = ['src/crons/index.ts', 'src/crons/run-job.ts', 'test/crons.test.ts']

describe('honoforge gen cron', () => {
  it('Should write the job, schedule it at the top level, hand the Worker its scheduled handler and document it', async () => {
    project = await createProject()
    const readmeBefore = await project.read('README.md')
    const result = await project.run('gen', 'cron', 'nightly-report', '--schedule', '0  3 * * *')
    expect(result.code, result.stderr).toBe(0)
    const record = await recordOf(project, 'nightly-report')
    expect(record.generator).toBe('cron')
    expect(record.args).toEqual({ schedule: '0 3 * * *' })
    expect(record.files.map((file: { path: string }) => file.path).sort()).toEqual([
      'src/crons/nightly-report.ts',
      'test/nightly-report-cron.test.ts',
    ])
    for (const path of [...shared, 'src/crons/nightly-report.ts', 'test/nightly-report-cron.test.ts']) {
      expect(syntaxErrors(path, await project.read(path)), path).toEqual([])
    }
    const job = await project.read('src/crons/nightly-report.ts')
    expect(job).toContain(
      "export const nightlyReport: CronJob = {\n  name: 'nightly-report',\n  schedule: '0 3 * * *',",
    )
    expect(await project.read('src/crons/index.ts')).toContain("import { nightlyReport } from './nightly-report'")
    expect(await project.read('src/index.ts')).toMatch(
      /import \{ scheduled \} from '\.\/crons'\n\nconst app = createApp\(\)\n[\s\S]*export default \{\n {2}fetch: app\.fetch,\n {2}scheduled,\n\} satisfies ExportedHandler<Env>\n$/,
    )

    const config = await wranglerConfig(project)
    expect(config.triggers).toEqual({ crons: ['0 3 * * *'] })
    // Environments without triggers of their own inherit the top level's.
    for (const env of Object.values(config.env)) expect(env.triggers).toBeUndefined()

    const readme = await project.read('README.md')
    expect(readme.startsWith(readmeBefore)).toBe(true)
    expect(readme.slice(readmeBefore.length)).toMatch(/^\n## Scheduled jobs\n\n### nightly-report\n[\s\S]*\n$/)
    expect(readme).toContain('curl "http://localhost:8787/cdn-cgi/handler/scheduled?cron=0+3+*+*+*&format=json"')
    expect(result.stdout).toMatch(/0 3 \* \* \* next fires \w{3} \d{4}-\d\d-\d\d 03:00 and /)
    expect(project.typegenRuns()).toBe(1)
  })

  it('Should list an expression two jobs share once, also in an environment with triggers of its own', async () => {
    project = await createProject()
    await stagingTriggers(project)
    for (const name of ['weekly-digest', 'weekly-report']) {
      const result = await project.run('gen', 'cron', name, '--schedule', '0 8 * * MON')
      expect(result.code, result.stderr).toBe(0)
    }
    const config = await wranglerConfig(project)
    expect(config.triggers?.crons).toEqual(['0 8 * * MON'])
    expect(config.env.staging?.triggers?.crons).toEqual(['0 8 * * MON'])
    expect(config.env.production?.triggers).toBeUndefined()
    const index = await project.read('src/crons/index.ts')
    expect(index).toContain('const jobs: readonly CronJob[] = [weeklyDigest, weeklyReport]')
    // The weekday field is restricted, so the job and its section say how Cloudflare numbers it.
    expect(await project.read('src/crons/weekly-digest.ts')).toContain('1 = Sunday')
    expect((await project.read('README.md')).match(/## Scheduled jobs/g)).toHaveLength(1)
  })

  it('Should write an expression with a step, whose */ must not end a comment, as valid modules', async () => {
    project = await createProject({ db: 'none', auth: 'none' })
    const result = await project.run('gen', 'cron', 'heartbeat', '--schedule', '*/5 * * * *')
    expect(result.code, result.stderr).toBe(0)
    for (const path of [...shared, 'src/crons/heartbeat.ts', 'test/heartbeat-cron.test.ts']) {
      expect(syntaxErrors(path, await project.read(path)), path).toEqual([])
    }
    expect(await project.read('src/crons/heartbeat.ts')).toContain("schedule: '*/5 * * * *',")
    expect(await project.read('README.md')).toContain('/cdn-cgi/handler/scheduled?cron=*%2F5+*+*+*+*&format=json')
  })

  it('Should change nothing when run again, with or without --schedule, and write nothing on --dry-run', async () => {
    project = await createProject()
    const before = await project.snapshot()
    const dry = await project.run('gen', 'cron', 'nightly-report', '--schedule', '0 3 * * *', '--dry-run')
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toContain('create     src/crons/nightly-report.ts')
    expect(dry.stdout).toContain('update     wrangler.jsonc')
    expect(dry.stdout).toContain('Dry run: nothing was written.')
    expect(await project.snapshot()).toEqual(before)

    expect((await project.run('gen', 'cron', 'nightly-report', '--schedule', '0 3 * * *')).code).toBe(0)
    const generated = await project.snapshot()
    for (const args of [['--schedule', '0 3 * * *'], []]) {
      const again = await project.run('gen', 'cron', 'nightly-report', ...args)
      expect(again.code, again.stderr).toBe(0)
      expect(again.stdout).not.toMatch(/^(create|update) /m)
      expect(await project.snapshot()).toEqual(generated)
    }
    expect(project.typegenRuns()).toBe(1)
  })
})

describe('honoforge gen cron refuses, writing nothing', () => {
  const refusals: Array<[string, string[], RegExp]> = [
    [
      'an hour out of range',
      ['nightly', '--schedule', '0 24 * * *'],
      /Invalid schedule "0 24 \* \* \*": the hour must be 0-23, not 24/,
    ],
    ['weekday 0', ['nightly', '--schedule', '0 3 * * 0'], /Cloudflare counts weekdays 1-7 from Sunday/],
    ['six fields', ['nightly', '--schedule', '0 0 3 * * *'], /it has 6 fields, and Cloudflare takes 5/],
    ['a nickname', ['nightly', '--schedule', '@daily'], /not nicknames/],
    ['"?"', ['nightly', '--schedule', '0 3 ? * *'], /"\?" in the day of month field/],
    ['no schedule', ['nightly'], /Give the job a schedule/],
    ['an unquoted schedule', ['nightly', '0', '3'], /quote the schedule/],
    ['a name its shared files take', ['run-job', '--schedule', '0 3 * * *'], /Invalid cron job name "run-job"/],
    ['the accounts cleanup without accounts', ['auth-cleanup', '--schedule', '17 3 * * *'], /this service has none/],
  ]

  it.each(refusals)('Should refuse %s', async (_, args, message) => {
    project = await createProject()
    const before = await project.snapshot()
    const result = await project.run('gen', 'cron', ...args)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(message)
    expect(await project.snapshot()).toEqual(before)
    expect(project.typegenRuns()).toBe(0)
  })

  it('Should refuse to move a recorded job to another schedule', async () => {
    project = await createProject()
    expect((await project.run('gen', 'cron', 'nightly', '--schedule', '0 3 * * *')).code).toBe(0)
    const before = await project.snapshot()
    const result = await project.run('gen', 'cron', 'nightly', '--schedule', '0 4 * * *')
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('The nightly job runs on "0 3 * * *"')
    expect(await project.snapshot()).toEqual(before)
  })
})

describe('honoforge destroy cron', () => {
  it('Should restore every file but wrangler.jsonc, which keeps an empty list so a deploy clears the trigger', async () => {
    project = await createProject()
    const before = await project.snapshot()
    expect((await project.run('gen', 'cron', 'nightly-report', '--schedule', '0 3 * * *')).code).toBe(0)
    const result = await project.run('destroy', 'cron', 'nightly-report')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('delete     src/crons/index.ts')
    expect(result.stdout).toContain('"crons": []')
    expect(changedPaths(before, await project.snapshot())).toEqual(['.honoforge/base.json', 'wrangler.jsonc'])
    expect((await wranglerConfig(project)).triggers).toEqual({ crons: [] })
    expect(project.typegenRuns()).toBe(2)
  })

  it('Should keep an expression another job runs on, and the handler while a job is left', async () => {
    project = await createProject()
    await stagingTriggers(project)
    expect((await project.run('gen', 'cron', 'weekly-digest', '--schedule', '0 8 * * MON')).code).toBe(0)
    const withOne = await project.snapshot()
    for (const [name, schedule] of [
      ['weekly-report', '0 8 * * MON'],
      ['nightly', '0 3 * * *'],
    ] as const) {
      expect((await project.run('gen', 'cron', name, '--schedule', schedule)).code).toBe(0)
    }
    expect((await project.run('destroy', 'cron', 'weekly-report')).code).toBe(0)
    let config = await wranglerConfig(project)
    expect(config.triggers?.crons).toEqual(['0 8 * * MON', '0 3 * * *'])
    expect(await project.read('src/index.ts')).toContain('  scheduled,\n')

    expect((await project.run('destroy', 'cron', 'nightly')).code).toBe(0)
    config = await wranglerConfig(project)
    expect(config.triggers?.crons).toEqual(['0 8 * * MON'])
    expect(config.env.staging?.triggers?.crons).toEqual(['0 8 * * MON'])
    expect(changedPaths(withOne, await project.snapshot())).toEqual([])
  })
})

describe('honoforge gen cron auth-cleanup', () => {
  it.each(['d1', 'postgres'] as const)(
    'Should render the accounts cleanup on %s, offered by gen auth, and hold destroy auth until it goes',
    async (db) => {
      project = await createProject({ db })
      const auth = await project.run('gen', 'auth')
      expect(auth.code, auth.stderr).toBe(0)
      expect(auth.stdout).toContain('npx honoforge gen cron auth-cleanup --schedule "17 3 * * *"')
      const result = await project.run('gen', 'cron', 'auth-cleanup', '--schedule', '17 3 * * *')
      expect(result.code, result.stderr).toBe(0)
      const job = await project.read('src/crons/auth-cleanup.ts')
      expect(job).toContain('DELETE FROM auth_sessions WHERE family_id IN')
      expect(job.includes('withDatabase(env, ctx,')).toBe(db === 'postgres')
      expect(await project.read('test/auth-cleanup-cron.test.ts')).toContain('the auth-cleanup cron job')
      expect((await project.run('gen', 'auth')).stdout).not.toContain('gen cron auth-cleanup')

      const before = await project.snapshot()
      const refused = await project.run('destroy', 'auth')
      expect(refused.code).toBe(1)
      expect(refused.stderr).toContain('Destroy it first: honoforge destroy cron auth-cleanup')
      expect(await project.snapshot()).toEqual(before)
      expect((await project.run('destroy', 'cron', 'auth-cleanup')).code).toBe(0)
      const destroyed = await project.run('destroy', 'auth')
      expect(destroyed.code, destroyed.stderr).toBe(0)
    },
  )
})
