/**
 * The migration that takes a generated table from one field list to another: what
 * `gen resource` writes when it runs again with different fields. Only what SQLite (and so
 * D1) does in place is generated — adding a nullable column, dropping a column, adding or
 * dropping an index; anything that needs the table rebuilt is refused, with the reason.
 */
import { GenError } from './errors.js'
import type { Field } from './fields.js'
import { type FieldIndex, fieldIndexes, migrationsDir, nextMigrationNumber } from './migrations.js'
import type { Inflection } from './names.js'
import type { FileChange } from './plan.js'

/** Longest generated migration name before it falls back to `alter_<table>`. */
const maxNameLength = 60

/**
 * The SQL from `before` to `after` (fields matched by column), or `undefined` when the table
 * stays as it is (same columns, or only changes of type that keep the column's SQL, such
 * as string → text).
 *
 * @throws GenError for a change SQLite makes only by rebuilding the table: a new required
 *   column, a changed nullability, column type, CHECK (enum values) or reference.
 */
export function evolveTableSql(
  table: Inflection,
  before: readonly Field[],
  after: readonly Field[],
): { name: string; sql: string } | undefined {
  const t = table.snake
  const old = new Map(before.map((field) => [field.column, field]))
  const next = new Map(after.map((field) => [field.column, field]))
  const added = after.filter((field) => !old.has(field.column))
  const removed = before.filter((field) => !next.has(field.column))
  for (const field of after) {
    const previous = old.get(field.column)
    if (previous) checkInPlace(table, previous, field)
  }
  for (const field of added) {
    if (!field.optional) {
      throw new GenError(
        `Cannot add the required field "${field.spec}" to ${t}: the table may hold rows, and SQLite adds a NOT NULL ` +
          `column only with a default. Add it as optional ("${field.spec}?") instead.`,
      )
    }
  }

  const key = (index: FieldIndex) => index.sql
  const oldIndexes = fieldIndexes(t, before)
  const newIndexes = fieldIndexes(t, after)
  const dropIndexes = oldIndexes.filter((index) => !newIndexes.some((other) => key(other) === key(index)))
  const createIndexes = newIndexes.filter((index) => !oldIndexes.some((other) => key(other) === key(index)))
  const statements = [
    // An indexed column cannot be dropped, and a changed index is dropped before it is made again.
    ...dropIndexes.map((index) => `DROP INDEX ${index.name};`),
    ...removed.map((field) => `ALTER TABLE ${t} DROP COLUMN ${field.column};`),
    ...added.map((field) => `ALTER TABLE ${t} ADD COLUMN ${columnDefinition(field)};`),
    ...createIndexes.map((index) => index.sql),
  ]
  if (statements.length === 0) return undefined
  const header =
    removed.length > 0 ? [`-- Drops ${removed.map((field) => field.column).join(', ')} and the data in it.`] : []
  // A kept column whose index changes (it became unique, say) is neither an add nor a remove.
  const reindexed = [...dropIndexes, ...createIndexes].some((index) => old.has(index.column) && next.has(index.column))
  return { name: migrationName(t, added, removed, reindexed), sql: `${[...header, ...statements].join('\n')}\n` }
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
): FileChange | undefined {
  const evolution = evolveTableSql(table, before, after)
  if (!evolution) return undefined
  const number = String(nextMigrationNumber(existing)).padStart(4, '0')
  return { path: `${migrationsDir}/${number}_${evolution.name}.sql`, content: evolution.sql, once: true }
}

/** A column SQLite can add to a table with rows: nullable, its uniqueness left to an index. */
function columnDefinition(field: Field): string {
  const { type, check, references } = field.sql
  return [field.column, type, check && `CHECK (${check})`, references].filter(Boolean).join(' ')
}

/** Refuse a change to a kept column that `ALTER TABLE` cannot make. */
function checkInPlace(table: Inflection, before: Field, after: Field): void {
  const refuse = (what: string): never => {
    throw new GenError(
      `Cannot change "${before.spec}" to "${after.spec}" in ${table.snake}: ${what}, which SQLite does only by ` +
        'rebuilding the table (D1 runs each migration with foreign keys enforced, so a rebuild of a referenced ' +
        'table would fire their ON DELETE actions). Keep the field as it was, or add a new field and move the data.',
    )
  }
  if (before.optional !== after.optional) refuse(after.optional ? 'it would allow NULL' : 'it would refuse NULL')
  if (before.sql.type !== after.sql.type)
    refuse(`its column type would change from ${before.sql.type} to ${after.sql.type}`)
  if (before.sql.check !== after.sql.check) refuse('its CHECK constraint would change')
  if (before.sql.references !== after.sql.references) refuse('its foreign key would change')
}

function migrationName(table: string, added: readonly Field[], removed: readonly Field[], reindexed: boolean): string {
  const columns = (fields: readonly Field[]) => fields.map((field) => field.column).join('_and_')
  const name =
    reindexed || (added.length > 0 && removed.length > 0)
      ? `alter_${table}`
      : added.length > 0
        ? `add_${columns(added)}_to_${table}`
        : `remove_${columns(removed)}_from_${table}`
  return name.length <= maxNameLength ? name : `alter_${table}`
}
