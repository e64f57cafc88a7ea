/**
 * The migration that takes a generated table from one field list to another: what
 * `gen resource` writes when it runs again with different fields: columns added and dropped,
 * indexes dropped and made again, and kept columns changed as far as the dialect can do it
 * in place (SQLite, and so D1, cannot at all: it would rebuild the table, so that is refused
 * with the reason).
 */
import type { Dialect, FieldIndex } from './dialects/dialect.js'
import { sqlite } from './dialects/sqlite.js'
import { GenError } from './errors.js'
import type { Field } from './fields.js'
import { migrationsDir, nextMigrationNumber } from './migrations.js'
import type { Inflection } from './names.js'
import type { FileChange } from './plan.js'

/** Longest generated migration name before it falls back to `alter_<table>`. */
const maxNameLength = 60

/**
 * The SQL from `before` to `after` (fields matched by column) in `dialect`, or `undefined`
 * when the table stays as it is (same columns, or only changes of type that keep the
 * column's SQL, such as string → text).
 *
 * @throws GenError for a new required column (the table may hold rows), or a change to a
 *   kept column the dialect refuses (SQLite: nullability, column type, CHECK, reference).
 */
export function evolveTableSql(
  table: Inflection,
  before: readonly Field[],
  after: readonly Field[],
  dialect: Dialect = sqlite,
): { name: string; sql: string } | undefined {
  const t = table.snake
  const old = new Map(before.map((field) => [field.column, field]))
  const next = new Map(after.map((field) => [field.column, field]))
  const added = after.filter((field) => !old.has(field.column))
  const removed = before.filter((field) => !next.has(field.column))
  const changes = after.flatMap((field) => {
    const previous = old.get(field.column)
    const change = previous ? dialect.changeColumn(table, previous, field) : []
    if ('refused' in change) throw new GenError(change.refused)
    return change
  })
  for (const field of added) {
    if (!field.optional) {
      throw new GenError(
        `Cannot add the required field "${field.spec}" to ${t}: the table may hold rows, and ${dialect.label} adds a NOT NULL ` +
          `column only with a default. Add it as optional ("${field.spec}?") instead.`,
      )
    }
  }

  const key = (index: FieldIndex) => index.sql
  const oldIndexes = dialect.fieldIndexes(t, before)
  const newIndexes = dialect.fieldIndexes(t, after)
  const dropIndexes = oldIndexes.filter((index) => !newIndexes.some((other) => key(other) === key(index)))
  const createIndexes = newIndexes.filter((index) => !oldIndexes.some((other) => key(other) === key(index)))
  const statements = [
    // An indexed column cannot be dropped, and a changed index is dropped before it is made again.
    ...dropIndexes.map((index) => dialect.dropIndex(index)),
    ...dialect.dropColumns(
      table,
      removed.map((field) => field.column),
    ),
    ...changes,
    ...dialect.addColumns(table, added),
    ...createIndexes.map((index) => index.sql),
  ]
  if (statements.length === 0) return undefined
  const header =
    removed.length > 0 ? [`-- Drops ${removed.map((field) => field.column).join(', ')} and the data in it.`] : []
  // A kept column that changes, or whose index does (it became unique, say), is neither an add nor a remove.
  const altered =
    changes.length > 0 ||
    [...dropIndexes, ...createIndexes].some((index) => old.has(index.column) && next.has(index.column))
  return { name: migrationName(t, added, removed, altered), sql: `${[...header, ...statements].join('\n')}\n` }
}

/**
 * The migration file of an evolution: always a new number, since every earlier migration
 * may be applied already; `undefined` when the table does not change.
 */
export function planEvolution(
  existing: readonly string[],
  table: Inflection,
  before: readonly Field[],
  after: readonly Field[],
  dialect: Dialect = sqlite,
): FileChange | undefined {
  const evolution = evolveTableSql(table, before, after, dialect)
  if (!evolution) return undefined
  const number = String(nextMigrationNumber(existing)).padStart(4, '0')
  return { path: `${migrationsDir}/${number}_${evolution.name}.sql`, content: evolution.sql, once: true }
}

function migrationName(table: string, added: readonly Field[], removed: readonly Field[], altered: boolean): string {
  const columns = (fields: readonly Field[]) => fields.map((field) => field.column).join('_and_')
  const name =
    altered || (added.length > 0 && removed.length > 0)
      ? `alter_${table}`
      : added.length > 0
        ? `add_${columns(added)}_to_${table}`
        : `remove_${columns(removed)}_from_${table}`
  return name.length <= maxNameLength ? name : `alter_${table}`
}
