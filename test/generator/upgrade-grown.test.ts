// `honoforge upgrade` with the version that made the service replays create with its recorded
// options and every recorded run on top: on a service grown with every built-in generator the
// replay must reproduce each file exactly, so the upgrade has nothing to do.
import { afterEach, describe, expect, it } from 'vitest'
import type { Auth, Db } from '../../src/create/template.js'
import { expectUpgradeNoOp, runEach } from './gen-assertions.js'
import { createProject, type TestProject } from './gen-project.js'

let project: TestProject | undefined
afterEach(async () => {
  await project?.remove()
  project = undefined
})

/** Every built-in generator, each run as a user runs it, on a service with a database and tokens. */
const everyGenerator = (auth: string[]): string[][] => [
  ['gen', 'auth', ...auth],
  ['gen', 'resource', 'tags', 'label:string', '--scope', 'tags:write'],
  ['gen', 'endpoint', 'tag-stats', '--method', 'get', '--path', '/tags/stats'],
  ['gen', 'middleware', 'audit-log'],
  ['gen', 'channel', 'chat'],
  ['gen', 'queue', 'emails'],
  ['gen', 'cron', 'nightly-report', '--schedule', '0 3 * * *'],
  ['gen', 'cron', 'auth-cleanup', '--schedule', '17 3 * * *'],
  // A re-run with a field added: the run keeps its place, its migration is the new one.
  ['gen', 'resource', 'tags', 'label:string', 'color:string?', '--scope', 'tags:write'],
]

/** The generators a service without accounts can run (no auth, no accounts cleanup). */
const withoutAccounts: string[][] = [
  ['gen', 'middleware', 'audit-log'],
  ['gen', 'channel', 'chat', '--public'],
  ['gen', 'queue', 'emails'],
  ['gen', 'cron', 'nightly-report', '--schedule', '0 3 * * *'],
]

const services: Array<{ label: string; db: Db; auth: Auth; runs: string[][] }> = [
  { label: 'D1, gen auth', db: 'd1', auth: 'jwt', runs: everyGenerator([]) },
  {
    label: 'D1, gen auth --cookie --alg es256',
    db: 'd1',
    auth: 'jwt',
    runs: everyGenerator(['--cookie', '--alg', 'es256']),
  },
  { label: 'Postgres, gen auth', db: 'postgres', auth: 'jwt', runs: everyGenerator([]) },
  {
    label: 'D1 --auth jwks',
    db: 'd1',
    auth: 'jwks',
    runs: [
      ['gen', 'resource', 'tags', 'label:string', '--scope', 'tags:write'],
      ['gen', 'endpoint', 'tag-stats', '--method', 'get', '--path', '/tags/stats'],
      ...withoutAccounts,
      ['gen', 'resource', 'tags', 'label:string', 'color:string?', '--scope', 'tags:write'],
    ],
  },
  {
    label: '--db none --auth none',
    db: 'none',
    auth: 'none',
    runs: [['gen', 'endpoint', 'stats', '--method', 'get', '--path', '/stats', '--public'], ...withoutAccounts],
  },
]

describe('honoforge upgrade to the same version', () => {
  it.each(services)(
    'Should change nothing in a service grown with every generator it can run ($label)',
    async ({ db, auth, runs }) => {
      project = await createProject({ db, auth })
      await runEach(project, runs)
      await expectUpgradeNoOp(project)
    },
  )

  it('Should not bring back the example resource the service destroyed', async () => {
    project = await createProject({ db: 'postgres' })
    await runEach(project, [
      ['destroy', 'resource', 'notes'],
      ['gen', 'resource', 'tags', 'label:string'],
    ])
    await expectUpgradeNoOp(project)
    expect(await project.exists('src/routes/notes/index.ts')).toBe(false)
  })

  it('Should keep the Durable Object migrations of destroyed channels, and the layout destroys left', async () => {
    project = await createProject()
    await runEach(project, [
      ['gen', 'channel', 'chat'],
      ['gen', 'channel', 'lobby'],
      ['gen', 'queue', 'emails'],
      ['gen', 'queue', 'jobs'],
      ['gen', 'cron', 'nightly-report', '--schedule', '0 3 * * *'],
      ['gen', 'cron', 'weekly-report', '--schedule', '0 4 * * 1'],
      ['gen', 'auth'],
      ['destroy', 'channel', 'chat'],
      ['destroy', 'queue', 'emails'],
      ['destroy', 'cron', 'nightly-report'],
      ['destroy', 'auth'],
    ])
    // A deployed Worker has applied both: wrangler refuses a list that lost one.
    expect(await project.read('wrangler.jsonc')).toMatch(
      /"chat-channel-v1", "new_sqlite_classes": \["ChatChannel"\][\s\S]*"chat-channel-v2", "deleted_classes": \["ChatChannel"\]/,
    )
    await expectUpgradeNoOp(project)
  })
})
