import { afterEach, describe, expect, it } from 'vitest'
import { hashContent } from '../../src/gen/manifest.js'
import { packageInfo } from '../../src/package-info.js'
import { createProject, recordOf, type TestProject, treeDiff } from './gen-project.js'

let project: TestProject | undefined

afterEach(async () => {
  await project?.remove()
  project = undefined
})

const created = 'migrations/0002_create_posts.sql'
const upgradeMigration = 'migrations/0003_upgrade_posts.sql'
const slugIndex = 'CREATE UNIQUE INDEX idx_posts_slug ON posts (slug);'
const planned = /^(create|update|delete) .*$/gm

/**
 * A create migration as an older honoforge would have written it (without `line`), and
 * recorded by it: the manifest's hash is the older file's.
 */
async function olderRendering(service: TestProject, path = created, line = slugIndex): Promise<string> {
  const text = await service.read(path)
  if (!text.includes(`${line}\n`)) throw new Error(`${path} has no ${line}`)
  const older = text.replace(`${line}\n`, '')
  await service.write(path, older)
  const manifest = JSON.parse(await service.read('.honoforge/manifest.json'))
  for (const run of manifest.generated) {
    for (const file of run.files) if (file.path === path) file.sha256 = hashContent(older)
  }
  await service.write('.honoforge/manifest.json', `${JSON.stringify(manifest, null, 2)}\n`)
  return older
}

describe.each(['d1', 'postgres'] as const)('honoforge upgrade of a generated table (--db %s)', (db) => {
  it('Should write a new migration for the schema change, show it on --dry-run, record it, then be a no-op', async () => {
    project = await createProject({ db })
    expect((await project.run('gen', 'resource', 'posts', 'title:string', 'slug:string!')).code).toBe(0)
    const older = await olderRendering(project)

    const before = await project.snapshot()
    const dry = await project.run('upgrade', '--dry-run')
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toContain(`create     ${upgradeMigration}`)
    expect(dry.stdout).toContain(`  ${upgradeMigration}\n    ${slugIndex}\n`)
    expect(await project.snapshot()).toEqual(before)

    const run = await project.run('upgrade')
    expect(run.code, run.stderr).toBe(0)
    const migration = await project.read(upgradeMigration)
    expect(migration).toBe(
      [
        `-- Brings posts to the table honoforge ${packageInfo().version} creates for it (written by honoforge upgrade:`,
        '-- migrations that may be applied already are never rewritten).',
        slugIndex,
        '',
      ].join('\n'),
    )
    expect(run.stdout).toContain(`New migrations bring the generated tables to honoforge ${packageInfo().version}'s`)
    expect(run.stdout).toContain(`  ${upgradeMigration}`)
    // Migrations are never rewritten; the new one is recorded under the run that owns the table.
    expect(await project.read(created)).toBe(older)
    expect((await recordOf(project, 'posts')).files).toContainEqual({
      path: upgradeMigration,
      sha256: hashContent(migration),
    })
    expect(treeDiff(before, await project.snapshot())).toEqual({
      added: [upgradeMigration],
      removed: [],
      changed: ['.honoforge/manifest.json'],
    })

    const upgraded = await project.snapshot()
    const again = await project.run('upgrade')
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout.match(planned)).toBeNull()
    expect(await project.snapshot()).toEqual(upgraded)

    // destroy keeps it, like every migration of the run, and writes the drop after it.
    const destroy = await project.run('destroy', 'resource', 'posts')
    expect(destroy.code, destroy.stderr).toBe(0)
    expect(await project.read(upgradeMigration)).toBe(migration)
    expect(await project.exists('migrations/0004_drop_posts.sql')).toBe(true)
  })

  it('Should plan no migration for a resource run again with other fields, or a column added by gen migration', async () => {
    project = await createProject({ db })
    // Every field type, so both sides read every column the dialect writes.
    const kinds = [
      'status:enum(draft|live)',
      'meta:json?',
      'draft:boolean',
      'views:integer',
      'score:number?',
      'due:date?',
      'seen:datetime?',
      'mail:email?',
      'site:url?',
      'ref:uuid?',
    ]
    expect((await project.run('gen', 'resource', 'authors', 'name:string')).code).toBe(0)
    const first = ['title:string', 'slug:string!', 'author:references(authors)?', ...kinds]
    expect((await project.run('gen', 'resource', 'posts', ...first)).code).toBe(0)
    // Run again: slug no longer unique, a field more (its create now renders the latest fields).
    const again = ['title:string', 'slug:string', 'author:references(authors)?', ...kinds, 'summary:text?']
    expect((await project.run('gen', 'resource', 'posts', ...again)).code).toBe(0)
    expect(await project.exists('migrations/0004_alter_posts.sql')).toBe(true)
    expect((await project.run('gen', 'migration', 'add_bio_to_authors', 'bio:text?')).code).toBe(0)
    const before = await project.snapshot()
    const run = await project.run('upgrade')
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout.match(planned)).toBeNull()
    expect(run.stdout).not.toMatch(/migrations?\//)
    expect(await project.snapshot()).toEqual(before)
  })
})

describe('honoforge upgrade of a table changed in a way it does not read', () => {
  it('Should leave the table alone and say which migration changed it', async () => {
    project = await createProject()
    expect((await project.run('gen', 'resource', 'posts', 'title:string', 'slug:string!')).code).toBe(0)
    await olderRendering(project)
    const mine = 'ALTER TABLE posts ADD COLUMN words INTEGER GENERATED ALWAYS AS (length(title)) VIRTUAL'
    await project.write('migrations/0003_word_count.sql', `${mine};\n`)
    const before = await project.snapshot()
    const run = await project.run('upgrade')
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain(
      `  posts is not compared: a migration changes it in a way honoforge does not read (migrations/0003_word_count.sql: ${mine}).`,
    )
    expect(run.stdout.match(planned)).toBeNull()
    expect(await project.snapshot()).toEqual(before)
  })
})

describe('honoforge upgrade of the accounts tables', () => {
  it('Should compare the tables gen auth created too, and record their migration under the auth run', async () => {
    project = await createProject()
    expect((await project.run('gen', 'auth')).code).toBe(0)
    const index = 'CREATE INDEX auth_sessions_user_id ON auth_sessions (user_id);'
    await olderRendering(project, 'migrations/0002_create_auth.sql', index)
    const run = await project.run('upgrade')
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain(`  migrations/0003_upgrade_auth_sessions.sql\n    ${index}\n`)
    const auth = await recordOf(project, 'auth')
    expect(auth.files.map((file: { path: string }) => file.path)).toContain('migrations/0003_upgrade_auth_sessions.sql')
    const again = await project.run('upgrade')
    expect(again.stdout.match(planned)).toBeNull()
  })
})
