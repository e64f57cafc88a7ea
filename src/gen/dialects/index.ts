/**
 * The SQL dialects the generators write, one module each. A database is one more module
 * implementing `Dialect` and one more entry here; the generators only ever call the interface.
 */
import { type Project, requireD1 } from '../project.js'
import type { DataDialect } from './data.js'
import type { Dialect } from './dialect.js'
import { postgresData } from './postgres-data.js'
import { sqlite } from './sqlite.js'
import { sqliteData } from './sqlite-data.js'

export type { DataDialect, DataField } from './data.js'
export type { ColumnField, ColumnSql, Dialect, FieldIndex } from './dialect.js'
export { type SqliteType, sqlite, sqliteColumn } from './sqlite.js'

/** The dialects by the database a service is created with (`--db`). */
export const dialects = { d1: sqlite } as const satisfies Record<string, Dialect>

/** A database with a dialect. */
export type DialectDatabase = keyof typeof dialects

/** How each database's rows hold values, for the data-access modules and their tests. */
export const dataDialects = { d1: sqliteData, postgres: postgresData } as const satisfies Record<string, DataDialect>

/** A database a resource's data access can be written for. */
export type DataDatabase = keyof typeof dataDialects

/**
 * The dialect of a project's database: D1's SQLite, the one database a service has today.
 *
 * @throws GenError for a service without a database (see `requireD1`), naming `generator`.
 */
export function dialectOf(project: Project, generator: string): Dialect {
  requireD1(project, generator)
  return dialects.d1
}
