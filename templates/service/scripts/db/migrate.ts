/**
 * Applies migrations/*.sql in name order, each in its own transaction, recording each in
 * schema_migrations; files already recorded are skipped, so a re-run is a no-op.
 *
 *   npm run db:migrate:local                         # the database npm run dev serves (started for the command if dev is not running)
 *   npm run db:migrate:local -- --pending            # list what it would apply, applying nothing
 *   DATABASE_URL=postgres://... npm run db:migrate:staging
 *   DATABASE_URL=postgres://... npm run db:migrate:remote   # production
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { devDatabaseUrl, startDevDatabase } from './dev-database'
import { postgres } from './driver'

/** Applies what is pending and returns the names of the files applied. */
export async function migrate(url: string, dir = 'migrations'): Promise<string[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    // Under the lock too: two CREATE TABLE IF NOT EXISTS at once can both try to create it.
    await sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(hashtext('schema_migrations'))`
      await tx`CREATE TABLE IF NOT EXISTS schema_migrations (
        name text PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`
    })
    const applied: string[] = []
    for (const name of await migrationFiles(dir)) {
      const text = await readFile(join(dir, name), 'utf8')
      const ran = await sql.begin(async (tx) => {
        // One migrator at a time: a second run waits here, then finds the file recorded.
        await tx`SELECT pg_advisory_xact_lock(hashtext('schema_migrations'))`
        const [done] = await tx`SELECT 1 FROM schema_migrations WHERE name = ${name}`
        if (done) return false
        await tx.unsafe(text)
        await tx`INSERT INTO schema_migrations (name) VALUES (${name})`
        return true
      })
      if (ran) applied.push(name)
    }
    return applied
  } finally {
    await sql.end()
  }
}

/** Lists the files `migrate` would apply, applying nothing. */
export async function pendingMigrations(url: string, dir = 'migrations'): Promise<string[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const files = await migrationFiles(dir)
    const [found] = await sql`SELECT to_regclass('schema_migrations') IS NOT NULL AS recorded`
    if (!found?.recorded) return files
    const applied = new Set((await sql`SELECT name FROM schema_migrations`).map((row) => row.name as string))
    return files.filter((name) => !applied.has(name))
  } finally {
    await sql.end()
  }
}

async function migrationFiles(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).filter((file) => file.endsWith('.sql')).sort()
}

/**
 * Runs `work` on the database `npm run dev` serves. When dev is not running, nothing answers
 * there: its server is started for this command and stopped after, so migrating never needs dev.
 */
async function onDevDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const url = (await devDatabaseUrl()).href
  try {
    return await work(url)
  } catch (error) {
    if ((error as { code?: string }).code !== 'ECONNREFUSED') throw error
  }
  const dev = await startDevDatabase()
  try {
    return await work(dev.url)
  } finally {
    await dev.server.stop()
  }
}

// Run as a script: `--local` migrates the database `npm run dev` serves (or DATABASE_URL's);
// `--env <name>` a deployed one, whose URL is only ever read from DATABASE_URL in the environment.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { local: { type: 'boolean' }, env: { type: 'string' }, pending: { type: 'boolean' } },
  })
  const url = process.env.DATABASE_URL
  if (!url && !values.local) {
    console.error(
      `DATABASE_URL is not set: put the ${values.env ?? 'target'} database's connection string in the environment for this command only (from your secret store, never a committed file), e.g. DATABASE_URL='postgres://user:password@host:5432/database'.`,
    )
    process.exit(1)
  }
  const work = (target: string) => (values.pending ? pendingMigrations(target) : migrate(target))
  try {
    const names = url ? await work(url) : await onDevDatabase(work)
    if (values.pending) console.log(names.length ? names.join('\n') : 'Nothing pending.')
    else console.log(names.length ? `Applied ${names.join(', ')}` : 'Nothing to apply.')
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string }
    console.error(code === 'ECONNREFUSED' && url ? `No database answers at ${new URL(url).host}.` : message)
    process.exit(1)
  }
}
