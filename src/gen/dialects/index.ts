/**
 * The SQL dialects the generators write, one module each. A database is one more module
 * implementing `Dialect` and one more entry here; the generators only ever call the interface.
 */
import { type Project, requireD1 } from '../project.js'
import type { Dialect } from './dialect.js'
import { sqlite } from './sqlite.js'

export type { ColumnField, ColumnSql, Dialect, FieldIndex } from './dialect.js'
export { type SqliteType, sqlite, sqliteColumn } from './sqlite.js'

/** The dialects by the database a service is created with (`--db`). */
export const dialects = { d1: sqlite } as const satisfies Record<string, Dialect>

/** A database with a dialect. */
export type DialectDatabase = keyof typeof dialects

/**
 * The dialect of a project's database: D1's SQLite, the one database a service has today.
 *
 * @throws GenError for a service without a database (see `requireD1`), naming `generator`.
 */
export function dialectOf(project: Project, generator: string): Dialect {
  requireD1(project, generator)
  return dialects.d1
}
