import postgres from 'postgres'
import { freePort, startLocalPostgres, throwawayDir } from '../../../templates/service/scripts/db/local-postgres.js'

/** A real Postgres server for the SQL tests: the embedded one the services use in theirs. */
export interface TestPostgres {
  /** Switches to a new, empty database. */
  fresh(): Promise<void>
  /** Runs SQL (several statements allowed) in one transaction, as the migrate script applies a file. */
  exec(sql: string): Promise<void>
  /** The rows of one query. */
  rows(sql: string): Promise<Record<string, unknown>[]>
  stop(): Promise<void>
}

/** Starts a throwaway server (its own data directory and free port); stop it after the tests. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const port = await freePort()
  const server = await startLocalPostgres({
    dir: throwawayDir('honoforge-sql-test'),
    port,
    throwaway: true,
  })
  const admin = postgres(server.url('postgres'), { max: 1, onnotice: () => {} })
  let databases = 0
  let current: postgres.Sql | undefined
  const database = () => {
    if (!current) throw new Error('call fresh() first')
    return current
  }
  return {
    async fresh() {
      await current?.end()
      const name = `t${++databases}`
      await admin.unsafe(`CREATE DATABASE ${name}`)
      current = postgres(server.url(name), { max: 1, onnotice: () => {} })
    },
    async exec(text) {
      await database().begin((tx) => tx.unsafe(text))
    },
    async rows(text) {
      return [...(await database().unsafe(text))]
    },
    async stop() {
      await current?.end()
      await admin.end()
      await server.stop()
    },
  }
}

/** What a table looks like to Postgres: its columns, constraints and indexes, by name. */
export async function tableShape(pg: TestPostgres, table: string) {
  return {
    columns: await pg.rows(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = '${table}' ORDER BY column_name`,
    ),
    constraints: await pg.rows(
      `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = '${table}'::regclass ORDER BY conname`,
    ),
    indexes: await pg.rows(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = '${table}' ORDER BY indexname`,
    ),
  }
}
