/**
 * The SQL dialects the generators write, one module each. A database is one more module
 * implementing `Dialect` and one more entry here; the generators only ever call the interface.
 */
import { type Database, type Project, requireDatabase } from '../project.js'
import type { DataDialect } from './data.js'
import type { Dialect } from './dialect.js'
import { postgres } from './postgres.js'
import { postgresData } from './postgres-data.js'
import { sqlite } from './sqlite.js'
import { sqliteData } from './sqlite-data.js'

export type { DataDialect, DataField } from './data.js'
export type { ColumnField, ColumnSql, Dialect, FieldIndex } from './dialect.js'
export { type PostgresType, postgres, postgresColumn } from './postgres.js'
export { type SqliteType, sqlite, sqliteColumn } from './sqlite.js'

/** The dialects by the database a service is created with (`--db`). */
export const dialects = { d1: sqlite, postgres } as const satisfies Record<Database, Dialect>

/** How each database's rows hold values, for the data-access modules and their tests. */
export const dataDialects = { d1: sqliteData, postgres: postgresData } as const satisfies Record<Database, DataDialect>

/**
 * The dialect of a project's database: SQLite for D1, or Postgres.
 *
 * @throws GenError for a service without a database (see `requireDatabase`), naming `generator`.
 */
export function dialectOf(project: Project, generator: string): Dialect {
  return dialects[requireDatabase(project, generator)]
}
