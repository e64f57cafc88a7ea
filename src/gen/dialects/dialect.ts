/**
 * What a database dialect supplies to the generators: every piece of DDL a migration holds.
 * The generators decide what changes (a table, its columns, its indexes); a dialect says how
 * its database spells it and what it cannot do in place.
 */
import type { FieldArg, FieldKind } from '../field-types.js'
import type { Inflection } from '../names.js'

/** A column's SQL, in parts: migrations that cannot use the whole definition take pieces of it. */
export interface ColumnSql<Type extends string = string> {
  type: Type
  notNull: boolean
  check?: string
  references?: string
}

/** What a dialect reads of a field to write its column. */
export interface ColumnField extends FieldArg {
  column: string
  kind: FieldKind
  optional: boolean
  /** `!`: the column gets a unique index. */
  unique: boolean
  /** The column gets a `(column, id)` index (foreign keys, filters). */
  indexed: boolean
  /** The spec as written, for messages. */
  spec: string
}

/** An index a field's column needs, named after it so a later migration can drop it. */
export interface FieldIndex {
  name: string
  column: string
  sql: string
}

/** The DDL of one database. Every statement ends with `;`; multi-line results end with a newline. */
export interface Dialect {
  /** The database's name in messages: `SQLite`. */
  label: string
  /** The column of a field, in parts. */
  column(field: ColumnField): ColumnSql
  /** `CREATE TABLE` with the automatic `id`, `created_at` and `updated_at` columns, and its indexes. */
  createTable(table: Inflection, fields: readonly ColumnField[]): string
  /** `DROP TABLE`. */
  dropTable(table: Inflection): string
  /** Statements adding nullable columns to a table that may hold rows, without their indexes. */
  addColumns(table: Inflection, fields: readonly ColumnField[]): string[]
  /** Statements dropping columns (after their indexes are dropped). */
  dropColumns(table: Inflection, columns: readonly string[]): string[]
  /**
   * A note heading a `remove_<columns>_from_<table>` migration, which does not know the
   * columns' indexes, when the database needs one; `[]` for none.
   */
  dropColumnsNote: string[]
  /** The indexes of a table's fields. */
  fieldIndexes(table: string, fields: readonly ColumnField[]): FieldIndex[]
  /** `DROP INDEX`. */
  dropIndex(index: FieldIndex): string
  /**
   * Statements turning a kept column from `before` into `after` (`[]` when its SQL is the
   * same), or a refusal saying why the database cannot.
   */
  changeColumn(table: Inflection, before: ColumnField, after: ColumnField): string[] | { refused: string }
  /** The same for a column known only by its SQL (read from migrations, as upgrade does). */
  alterColumn(table: string, column: string, before: ColumnSql, after: ColumnSql): string[] | { refused: string }
  /** The body of a migration the generator cannot infer: a hint on writing and applying it. */
  customMigration: string
}
