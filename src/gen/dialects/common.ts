/**
 * SQL the dialects spell alike: index DDL, value lists and the header of a created table.
 */
import type { Inflection } from '../names.js'
import type { ColumnField, FieldIndex } from './dialect.js'

/** `'a', 'b'`: enum values are checked identifiers (no quotes in them), so quoting is plain. */
export const quoteList = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ')

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/**
 * The indexes of a table's fields: a unique index per unique field (a named index, unlike a
 * UNIQUE constraint, can be dropped when the field stops being unique), and `(column, id)`
 * for foreign keys and list filters, so a filtered page is read in id order straight from it.
 */
export function fieldIndexes(table: string, fields: readonly ColumnField[]): FieldIndex[] {
  return fields.flatMap((field) => {
    const name = `idx_${table}_${field.column}`
    if (field.unique)
      return [{ name, column: field.column, sql: `CREATE UNIQUE INDEX ${name} ON ${table} (${field.column});` }]
    if (field.indexed)
      return [{ name, column: field.column, sql: `CREATE INDEX ${name} ON ${table} (${field.column}, id);` }]
    return []
  })
}

/**
 * A commented `CREATE TABLE` of `columns` followed by the fields' indexes.
 *
 * @param about The comment after the table's name, two lines: how ids and timestamps are stored.
 */
export function createTableSql(
  table: Inflection,
  fields: readonly ColumnField[],
  columns: readonly string[],
  about: readonly [string, string],
): string {
  const indexes = fieldIndexes(table.snake, fields).map((index) => index.sql)
  return [
    `-- ${capitalize(table.plural)}. ${about[0]}`,
    `-- ${about[1]}`,
    `CREATE TABLE ${table.snake} (`,
    columns.map((column) => `  ${column}`).join(',\n'),
    ');',
    ...(indexes.length > 0 ? ['', ...indexes] : []),
    '',
  ].join('\n')
}
