import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, type LocalPostgres, startLocalPostgres } from '../../templates/service/scripts/db/local-postgres.js'

// The Postgres service's migration script (templates/service/scripts/db/migrate.ts), run as its
// npm scripts run it (tsx, in the project folder) against a real embedded Postgres.
const script = fileURLToPath(new URL('../../templates/service/scripts/db/migrate.ts', import.meta.url))
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url))

type Run = { code: number; stdout: string; stderr: string }

/** Runs the script in `cwd` with `args` and only the given DATABASE_URL (or none). */
function migrate(cwd: string, args: string[], databaseUrl?: string): Promise<Run> {
  const env = { ...process.env, DATABASE_URL: databaseUrl }
  if (databaseUrl === undefined) delete env.DATABASE_URL
  return new Promise((resolve) => {
    execFile(tsx, [script, ...args], { cwd, env, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    )
  })
}

let server: LocalPostgres
let admin: postgres.Sql
let project: string
let databases = 0

/** A new empty database, and a project folder whose migrations/ holds `files`. */
async function projectWith(files: Record<string, string>): Promise<{ cwd: string; url: string }> {
  const name = `m${++databases}`
  await admin.unsafe(`CREATE DATABASE ${name}`)
  const cwd = await mkdtemp(join(project, `${name}-`))
  await mkdir(join(cwd, 'migrations'))
  for (const [file, sql] of Object.entries(files)) await writeFile(join(cwd, 'migrations', file), sql)
  return { cwd, url: server.url(name) }
}

async function rows(url: string, query: string): Promise<Record<string, unknown>[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    return [...(await sql.unsafe(query))]
  } finally {
    await sql.end()
  }
}

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'honoforge-migrate-'))
  // Directly under tmpdir: as root, Postgres runs as its own user, who cannot enter mkdtemp's folders.
  const dir = join(tmpdir(), `honoforge-migrate-${process.pid}`)
  server = await startLocalPostgres({ dir, port: await freePort(), throwaway: true })
  admin = postgres(server.url('postgres'), { max: 1, onnotice: () => {} })
}, 60_000)

afterAll(async () => {
  await admin?.end()
  await server?.stop()
  await rm(project, { recursive: true, force: true })
})

describe('the Postgres service migration script', () => {
  it('Should apply migrations in name order once, recording each, and apply nothing on a re-run', async () => {
    const { cwd, url } = await projectWith({
      '0002_add_body.sql': 'ALTER TABLE notes ADD COLUMN body text;',
      '0001_create_notes.sql': 'CREATE TABLE notes (id uuid PRIMARY KEY, title text NOT NULL);',
    })
    const first = await migrate(cwd, ['--env', 'production'], url)
    expect(first).toMatchObject({ code: 0, stdout: 'Applied 0001_create_notes.sql, 0002_add_body.sql\n' })
    const again = await migrate(cwd, ['--env', 'production'], url)
    expect(again).toMatchObject({ code: 0, stdout: 'Nothing to apply.\n' })
    expect(await rows(url, 'SELECT name FROM schema_migrations ORDER BY name')).toEqual([
      { name: '0001_create_notes.sql' },
      { name: '0002_add_body.sql' },
    ])
    expect(
      await rows(url, "SELECT column_name FROM information_schema.columns WHERE table_name = 'notes' ORDER BY 1"),
    ).toEqual([{ column_name: 'body' }, { column_name: 'id' }, { column_name: 'title' }])
  }, 60_000)

  it('Should list pending files with --pending, applying nothing', async () => {
    const { cwd, url } = await projectWith({
      '0001_create_notes.sql': 'CREATE TABLE notes (id uuid PRIMARY KEY);',
      '0002_add_body.sql': 'ALTER TABLE notes ADD COLUMN body text;',
    })
    // A database no migration ever ran on: everything is pending, and it stays without schema_migrations.
    expect(await migrate(cwd, ['--env', 'staging', '--pending'], url)).toMatchObject({
      code: 0,
      stdout: '0001_create_notes.sql\n0002_add_body.sql\n',
    })
    expect(await rows(url, "SELECT to_regclass('schema_migrations') AS recorded")).toEqual([{ recorded: null }])
    expect((await migrate(cwd, ['--env', 'staging'], url)).code).toBe(0)
    await writeFile(join(cwd, 'migrations', '0003_add_title.sql'), 'ALTER TABLE notes ADD COLUMN title text;')
    expect(await migrate(cwd, ['--env', 'staging', '--pending'], url)).toMatchObject({
      code: 0,
      stdout: '0003_add_title.sql\n',
    })
    expect((await migrate(cwd, ['--env', 'staging'], url)).code).toBe(0)
    expect(await migrate(cwd, ['--env', 'staging', '--pending'], url)).toMatchObject({
      code: 0,
      stdout: 'Nothing pending.\n',
    })
  }, 60_000)

  it('Should leave no trace of a file that fails partway, keep the ones before it, and exit 1', async () => {
    const { cwd, url } = await projectWith({
      '0001_create_notes.sql': 'CREATE TABLE notes (id uuid PRIMARY KEY);',
      '0002_broken.sql': 'CREATE TABLE tags (id uuid PRIMARY KEY);\nALTER TABLE missing ADD COLUMN x text;',
    })
    const run = await migrate(cwd, ['--env', 'staging'], url)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('relation "missing" does not exist')
    expect(await rows(url, 'SELECT name FROM schema_migrations')).toEqual([{ name: '0001_create_notes.sql' }])
    expect(await rows(url, "SELECT to_regclass('tags') AS tags")).toEqual([{ tags: null }])
  }, 60_000)

  it('Should apply each file once when two runs start together', async () => {
    const { cwd, url } = await projectWith({
      '0001_create_counter.sql': 'CREATE TABLE counter (n integer NOT NULL); INSERT INTO counter VALUES (0);',
      '0002_bump.sql': 'UPDATE counter SET n = n + 1;',
    })
    const runs = await Promise.all([migrate(cwd, ['--env', 'staging'], url), migrate(cwd, ['--env', 'staging'], url)])
    expect(runs.map((run) => run.code)).toEqual([0, 0])
    expect(await rows(url, 'SELECT n FROM counter')).toEqual([{ n: 1 }])
  }, 60_000)

  it('Should apply each file once when eight migrators meet an empty database at the same moment', async () => {
    // In one process, so they reach Postgres together: the bookkeeping table is created under
    // the same lock as the files, or two of them race to create it.
    const { cwd, url } = await projectWith({
      '0001_create_counter.sql': 'CREATE TABLE counter (n integer NOT NULL); INSERT INTO counter VALUES (0);',
      '0002_bump.sql': 'UPDATE counter SET n = n + 1;',
    })
    // Loaded by path: it is the service's code, type-checked with the service's settings.
    const { migrate: migrateIn } = (await import(script)) as {
      migrate: (url: string, dir: string) => Promise<string[]>
    }
    const runs = await Promise.all(Array.from({ length: 8 }, () => migrateIn(url, join(cwd, 'migrations'))))
    expect(runs.flat().sort()).toEqual(['0001_create_counter.sql', '0002_bump.sql'])
    expect(await rows(url, 'SELECT n FROM counter')).toEqual([{ n: 1 }])
  }, 60_000)

  it.each(['staging', 'production'])(
    'Should refuse --env %s without DATABASE_URL, saying where the URL comes from',
    async (environment) => {
      const { cwd } = await projectWith({})
      const run = await migrate(cwd, ['--env', environment])
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(`DATABASE_URL is not set: put the ${environment} database's connection string`)
      expect(run.stderr).toContain('never a committed file')
    },
    60_000,
  )

  it('Should name the address when no database answers there', async () => {
    const { cwd } = await projectWith({ '0001_x.sql': 'SELECT 1;' })
    const port = await freePort()
    const run = await migrate(cwd, ['--env', 'production'], `postgres://postgres:postgres@127.0.0.1:${port}/x`)
    expect(run).toMatchObject({ code: 1, stderr: `No database answers at 127.0.0.1:${port}.\n` })
  }, 60_000)
})
