/**
 * The statements that take a table as the migrations left it to the table the installed
 * honoforge would create: columns added (nullable, or with a default: the table may hold
 * rows), kept columns changed as far as the dialect can in place, indexes made, changed or
 * dropped. A column the user added is never dropped, nor an index honoforge did not make;
 * what cannot be done is a note saying why.
 */
import type { Dialect } from './dialects/dialect.js'
import { indexesOf, type Schema, type SchemaColumn, type SchemaIndex, sameColumn } from './schema-model.js'

/** What a table needs, and what it needs that is not done. */
export interface TableDiff {
  /** In the order they run: indexes dropped, columns changed, columns added, indexes made. */
  statements: string[]
  /** Differences left alone, each saying why. */
  notes: string[]
}

/**
 * The difference for `table`, which both schemas have.
 *
 * @param ownIndex Whether an index on disk is honoforge's to drop (made by a migration of the
 *   run that owns the table); any other is the user's and stays.
 */
export function diffTable(
  actual: Schema,
  desired: Schema,
  table: string,
  dialect: Dialect,
  ownIndex: (index: SchemaIndex) => boolean,
): TableDiff {
  const have = actual.tables.get(table)
  const want = desired.tables.get(table)
  if (!have || !want) throw new Error(`diffTable: both schemas need the table ${table}`)
  const notes: string[] = []
  const changes: string[] = []
  const adds: string[] = []
  const columns = new Set(have.columns.keys())
  for (const column of want.columns.values()) {
    const kept = have.columns.get(column.name)
    if (kept) {
      changes.push(...columnChange(table, kept, column, dialect, notes))
      continue
    }
    const dropped = have.dropped.get(column.name)
    if (dropped !== undefined) {
      notes.push(`${table}.${column.name} is not added back: a migration dropped it (${dropped}).`)
    } else if (!addable(column)) {
      notes.push(
        `${table}.${column.name} is not added: ${column.definition} cannot be added to a table that may hold rows ` +
          `(${dialect.label} needs a nullable column or a default). Add it yourself with a migration.`,
      )
    } else {
      adds.push(`ALTER TABLE ${table} ADD COLUMN ${column.definition};`)
      columns.add(column.name)
    }
  }
  if (have.constraints.join() !== want.constraints.join()) {
    notes.push(`${table}'s table constraints differ (${want.constraints.join(', ') || 'none'}): change them yourself.`)
  }

  const haveIndexes = indexesOf(actual, table)
  const wantIndexes = indexesOf(desired, table)
  const drops: string[] = []
  const creates: string[] = []
  const drop = (index: SchemaIndex) =>
    drops.push(dialect.dropIndex({ name: index.name, column: index.columns[0] ?? '', sql: index.sql }))
  for (const index of wantIndexes.values()) {
    const current = haveIndexes.get(index.name)
    if (current?.sql === index.sql) continue
    const missing = index.columns.filter((column) => !columns.has(column))
    if (missing.length > 0) {
      notes.push(`${index.name} is not made: ${table} has no ${missing.join(', ')}.`)
      continue
    }
    if (current) drop(current)
    creates.push(index.sql)
  }
  for (const index of haveIndexes.values()) if (!wantIndexes.has(index.name) && ownIndex(index)) drop(index)
  return { statements: [...drops, ...changes, ...adds, ...creates], notes }
}

/** A column SQLite and Postgres add to a table with rows: nullable or defaulted, not a key. */
function addable(column: SchemaColumn): boolean {
  const keys = column.extra.some((clause) => /^(PRIMARY|UNIQUE)\b/i.test(clause))
  const defaulted = column.extra.some((clause) => /^DEFAULT\b/i.test(clause))
  return !keys && (!column.sql.notNull || defaulted)
}

/** The statements changing a kept column, or none with a note when the dialect cannot. */
function columnChange(
  table: string,
  kept: SchemaColumn,
  wanted: SchemaColumn,
  dialect: Dialect,
  notes: string[],
): string[] {
  if (sameColumn(kept, wanted)) return []
  if (kept.extra.join(' ') !== wanted.extra.join(' ')) {
    notes.push(`${table}.${kept.name} would become ${wanted.definition}: change its key or default yourself.`)
    return []
  }
  const change = dialect.alterColumn(table, kept.name, kept.sql, wanted.sql)
  if ('refused' in change) {
    notes.push(change.refused)
    return []
  }
  return change
}
