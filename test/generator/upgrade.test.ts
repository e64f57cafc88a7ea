import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { packageInfo, useTemplatesFrom } from '../../src/package-info.js'
import { expectUpgradeNoOp, runEach } from './gen-assertions.js'
import { createProject, type TestProject } from './gen-project.js'

/**
 * Two versions of the templates: the package's own (old) and a copy changed the ways a
 * release changes them (new): a line of src/app.ts, a new file, two removed files, a line of
 * the resource generator's route module, a line each of the channel's Durable Object, a
 * queue's consumer, the consume module every queue shares, the accounts' email routes and the
 * module every cron job shares.
 */
let fixture: { parent: string; old: string; new: string }

/** The new version's generator template lines: template (under generator/), line before, line after. */
const generatorChanges: Array<[string, string, string]> = [
  [
    'resource/index.ts.hbs',
    '/** CRUD for {{resource.plural}}, mounted at /{{resource.kebab}}. */',
    '/** Create, read, update and delete {{resource.plural}}, mounted at /{{resource.kebab}}. */',
  ],
  ['channel/channel.ts.hbs', 'export const MAX_MESSAGE_BYTES = 4096', 'export const MAX_MESSAGE_BYTES = 8192'],
  [
    'queue/consumer.ts.hbs',
    '/** Consumes the {{queue.words}} queue: one call of `handle` per valid message. */',
    '/** Consumes the {{queue.words}} queue: `handle` runs once per valid message. */',
  ],
  ['queue/consume.ts.hbs', 'export const RETRY_BASE_SECONDS = 10', 'export const RETRY_BASE_SECONDS = 15'],
  ['auth/email.ts.hbs', "{ message: 'Check your inbox to continue.' }", "{ message: 'Check your inbox for a link.' }"],
  ['cron/run-job.ts.hbs', '/** Counts a job reports about its run', '/** The counts a job reports about its run'],
]

let project: TestProject | undefined

beforeAll(async () => {
  const parent = await mkdtemp(join(tmpdir(), 'honoforge-upgrade-'))
  fixture = { parent, old: join(parent, 'old'), new: join(parent, 'new') }
  for (const version of [fixture.old, fixture.new]) {
    for (const folder of ['templates', 'generator']) {
      await cp(join(packageInfo().root, folder), join(version, folder), { recursive: true })
    }
  }
  const service = join(fixture.new, 'templates', 'service')
  await edit(
    join(service, 'src', 'app.ts.hbs'),
    'export const MAX_BODY_BYTES = 64 * 1024',
    'export const MAX_BODY_BYTES = 128 * 1024',
  )
  await mkdir(join(service, 'docs'))
  await writeFile(join(service, 'docs', 'upgrading.md'), '# Upgrading\n\nRun `npx honoforge upgrade`.\n')
  await rm(join(service, 'scripts', 'load-channel.ts.hbs'))
  await rm(join(service, '_github', 'workflows', 'deploy.yml.hbs'))
  for (const [template, from, to] of generatorChanges) await edit(join(fixture.new, 'generator', template), from, to)
})

afterAll(async () => {
  useTemplatesFrom(undefined)
  await rm(fixture.parent, { recursive: true, force: true })
})

afterEach(async () => {
  useTemplatesFrom(undefined)
  await project?.remove()
  project = undefined
})

/** Replace one exact piece of a file (failing when it is not there, so the fixture cannot drift silently). */
async function edit(path: string, from: string, to: string): Promise<void> {
  const text = await readFile(path, 'utf8')
  if (!text.includes(from)) throw new Error(`${path} does not contain ${from}`)
  await writeFile(path, text.replace(from, to))
}

const conflictMarkers = [
  '<<<<<<< yours',
  '/** The blog posts. */',
  `||||||| base (honoforge ${packageInfo().version})`,
  '/** CRUD for posts, mounted at /posts. */',
  '=======',
  '/** Create, read, update and delete posts, mounted at /posts. */',
  `>>>>>>> honoforge ${packageInfo().version}`,
].join('\n')

describe('honoforge upgrade', () => {
  it('Should merge the new templates into a service with user edits, mark overlaps as conflicts, then be a no-op', async () => {
    useTemplatesFrom(fixture.old)
    project = await createProject()
    expect((await project.run('gen', 'resource', 'posts', 'title:string')).code).toBe(0)
    // Edits outside the regions the new version changes, one inside, and a migration touched by hand.
    await project.write(
      'src/app.ts',
      (await project.read('src/app.ts')).replace('REQUEST_TIMEOUT_MS = 10_000', 'REQUEST_TIMEOUT_MS = 20_000'),
    )
    const posts = await project.read('src/routes/posts/index.ts')
    await project.write(
      'src/routes/posts/index.ts',
      posts.replace('/** CRUD for posts, mounted at /posts. */', '/** The blog posts. */'),
    )
    await project.write(
      'scripts/load-channel.ts',
      `// Tuned for our rooms.\n${await project.read('scripts/load-channel.ts')}`,
    )
    const [migration] = (await project.snapshot().then(Object.keys)).filter((path) => path.startsWith('migrations/'))
    if (!migration) throw new Error('the service has no migration')
    const migrationText = `-- Applied in production.\n${await project.read(migration)}`
    await project.write(migration, migrationText)
    const notesTest = await project.read('test/notes.test.ts')

    useTemplatesFrom(fixture.new)
    const before = await project.snapshot()
    const dry = await project.run('upgrade', '--dry-run')
    expect(dry.code).toBe(1)
    expect(dry.stdout).toContain('create     docs/upgrading.md')
    expect(dry.stdout).toContain('delete     .github/workflows/deploy.yml')
    expect(dry.stdout).toContain('+export const MAX_BODY_BYTES = 128 * 1024')
    expect(dry.stderr).toContain('src/routes/posts/index.ts')
    // The base is listed, not diffed: its lines are whole files.
    expect(dry.stdout).toMatch(/^update {5}\.honoforge\/base\.json\n(?![-+@])/m)
    expect(await project.snapshot()).toEqual(before)

    const run = await project.run('upgrade')
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/1 file\(s\) have conflicts[\s\S]*\n {2}src\/routes\/posts\/index\.ts\n/)
    // Both changes to app.ts land; the overlapping ones are marked, the rest of the file merged.
    const app = await project.read('src/app.ts')
    expect(app).toContain('export const MAX_BODY_BYTES = 128 * 1024')
    expect(app).toContain('export const REQUEST_TIMEOUT_MS = 20_000')
    const merged = await project.read('src/routes/posts/index.ts')
    expect(merged).toContain(conflictMarkers)
    expect(merged.replace(`${conflictMarkers}\n`, '')).toBe(
      posts.replace('/** CRUD for posts, mounted at /posts. */\n', ''),
    )
    // Untouched generated files follow the new templates; new files come, unchanged removed ones go.
    expect(await project.read('src/routes/notes/index.ts')).toContain(
      '/** Create, read, update and delete notes, mounted at /notes. */',
    )
    expect(await project.read('docs/upgrading.md')).toBe('# Upgrading\n\nRun `npx honoforge upgrade`.\n')
    expect(await project.exists('.github/workflows/deploy.yml')).toBe(false)
    expect(await project.read('scripts/load-channel.ts')).toMatch(/^\/\/ Tuned for our rooms\./)
    expect(run.stdout).toContain('No longer generated, kept because you changed them')
    expect(run.stdout).toContain('  scripts/load-channel.ts')
    // Migrations are never rewritten; files the new version leaves alone stay as they were.
    expect(await project.read(migration)).toBe(migrationText)
    expect(await project.read('test/notes.test.ts')).toBe(notesTest)

    // Resolved by hand: the next upgrade only builds the document and client types the conflict
    // held back (they are built from the code, never merged); the one after has nothing to do.
    await project.write('src/routes/posts/index.ts', merged.replace(conflictMarkers, '/** The blog posts. */'))
    const rebuild = await project.run('upgrade')
    expect(rebuild.code, rebuild.stderr).toBe(0)
    expect(rebuild.stdout.match(/^(create|update|delete) .*$/gm)).toEqual([
      'update     public/openapi.json',
      'update     client/api.d.ts',
    ])
    expect(await project.read('public/openapi.json')).toBe(await project.fullOpenApi())
    await expectUpgradeNoOp(project)
  })

  it('Should merge changed channel and queue templates into the files those generators wrote', async () => {
    useTemplatesFrom(fixture.old)
    project = await createProject()
    await runEach(project, [
      ['gen', 'channel', 'chat'],
      ['gen', 'channel', 'lobby'],
      ['gen', 'queue', 'emails'],
    ])
    // An edit away from the changed line, and one on it.
    const chat = 'src/channels/chat/channel.ts'
    await project.write(chat, (await project.read(chat)).replace('RATE_LIMIT = 20', 'RATE_LIMIT = 50'))
    const consumer = 'src/queues/emails/consumer.ts'
    const consumerText = await project.read(consumer)
    const oldDoc = '/** Consumes the emails queue: one call of `handle` per valid message. */'
    expect(consumerText).toContain(oldDoc)
    await project.write(consumer, consumerText.replace(oldDoc, '/** Consumes the emails queue for our mailer. */'))
    const lobby = await project.read('src/channels/lobby/channel.ts')

    useTemplatesFrom(fixture.new)
    const run = await project.run('upgrade')
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/1 file\(s\) have conflicts[\s\S]*\n {2}src\/queues\/emails\/consumer\.ts\n/)
    // Untouched: the new line, nothing else.
    expect(await project.read('src/channels/lobby/channel.ts')).toBe(
      lobby.replace('MAX_MESSAGE_BYTES = 4096', 'MAX_MESSAGE_BYTES = 8192'),
    )
    const merged = await project.read(chat)
    expect(merged).toContain('export const MAX_MESSAGE_BYTES = 8192')
    expect(merged).toContain('export const RATE_LIMIT = 50')
    expect(await project.read('src/queues/consume.ts')).toContain('export const RETRY_BASE_SECONDS = 15')
    const conflict = await project.read(consumer)
    expect(conflict).toContain(
      [
        '<<<<<<< yours',
        '/** Consumes the emails queue for our mailer. */',
        `||||||| base (honoforge ${packageInfo().version})`,
        oldDoc,
        '=======',
        '/** Consumes the emails queue: `handle` runs once per valid message. */',
        `>>>>>>> honoforge ${packageInfo().version}`,
      ].join('\n'),
    )

    // Resolved by hand, the service upgrades cleanly, then has nothing left to do.
    await project.write(consumer, consumerText.replace(oldDoc, '/** Consumes the emails queue for our mailer. */'))
    const resolved = await project.run('upgrade')
    expect(resolved.code, resolved.stderr).toBe(0)
    await expectUpgradeNoOp(project)
  })

  it('Should upgrade a Postgres service with accounts, a scoped resource, a cron job and a channel', async () => {
    useTemplatesFrom(fixture.old)
    project = await createProject({ db: 'postgres' })
    await runEach(project, [
      ['gen', 'auth'],
      ['gen', 'resource', 'tags', 'label:string', '--scope', 'tags:write'],
      ['gen', 'cron', 'auth-cleanup', '--schedule', '17 3 * * *'],
      ['gen', 'channel', 'chat'],
    ])
    await project.write(
      'src/app.ts',
      (await project.read('src/app.ts')).replace('REQUEST_TIMEOUT_MS = 10_000', 'REQUEST_TIMEOUT_MS = 20_000'),
    )

    useTemplatesFrom(fixture.new)
    const run = await project.run('upgrade')
    expect(run.code, run.stderr).toBe(0)
    const app = await project.read('src/app.ts')
    expect(app).toContain('export const MAX_BODY_BYTES = 128 * 1024')
    expect(app).toContain('export const REQUEST_TIMEOUT_MS = 20_000')
    expect(await project.read('src/routes/auth/email.ts')).toContain("{ message: 'Check your inbox for a link.' }")
    expect(await project.read('src/crons/run-job.ts')).toContain('/** The counts a job reports about its run')
    expect(await project.read('src/channels/chat/channel.ts')).toContain('export const MAX_MESSAGE_BYTES = 8192')
    expect(await project.read('src/routes/tags/index.ts')).toContain(
      '/** Create, read, update and delete tags, mounted at /tags. */',
    )
    await expectUpgradeNoOp(project)
  })

  it('Should change nothing in a grown service the installed honoforge made, a team generator run included', async () => {
    project = await createProject()
    expect((await project.run('gen', 'resource', 'posts', 'title:string')).code).toBe(0)
    expect((await project.run('gen', 'middleware', 'audit-log')).code).toBe(0)
    // A team generator's run is played again from its plopfile: its files are neither lost nor doubled.
    expect((await project.run('eject', 'middleware', '--plop')).code).toBe(0)
    expect((await project.run('gen', 'team-middleware', '--name', 'tenant')).code).toBe(0)
    expect(await project.read('src/middleware/tenant.ts')).toBeDefined()
    await expectUpgradeNoOp(project)
  })

  it('Should refuse a service that records no base, writing nothing', async () => {
    project = await createProject()
    await rm(join(project.root, '.honoforge', 'base.json'))
    const before = await project.snapshot()
    const run = await project.run('upgrade')
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('This service has no .honoforge/base.json')
    expect(await project.snapshot()).toEqual(before)
  })
})
