/**
 * Migrations played in order on a schema held in memory, for the DDL honoforge itself writes
 * in both dialects: CREATE TABLE (a column or table constraint per item), ALTER TABLE … ADD,
 * DROP, RENAME and (Postgres) ALTER COLUMN / ADD and DROP CONSTRAINT, CREATE [UNIQUE] INDEX,
 * DROP INDEX, DROP TABLE. Data statements, triggers and views change no table's columns or
 * indexes and pass. Any other statement
 * naming a table makes that table unknown, with the file and the statement: never guessed.
 */
import { emptySchema, parseColumn, type Schema, type SchemaColumn, type SchemaTable } from './schema-model.js'
import { identifier, type SqlToken, splitStatements, splitTopLevel, tokenize } from './sql-statements.js'

/** A migration to play: its path (for messages) and SQL. */
export interface MigrationText {
  path: string
  sql: string
}

/** Statements that read or write rows, or set up a session: no schema change. */
const dataWords = new Set(['INSERT', 'UPDATE', 'DELETE', 'SELECT', 'WITH', 'REPLACE', 'PRAGMA', 'BEGIN', 'COMMIT'])
const tableConstraintWords = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN'])

/** The schema the migrations leave, played on `schema` (a fresh one unless given). */
export function interpretMigrations(migrations: readonly MigrationText[], schema: Schema = emptySchema()): Schema {
  for (const migration of migrations) {
    for (const statement of splitStatements(migration.sql)) applyStatement(schema, statement, migration.path)
  }
  return schema
}

/** One statement played on the schema; one it does not follow marks the tables it names unknown. */
function applyStatement(schema: Schema, statement: string, file: string): void {
  const tokens = tokenize(statement)
  const words = tokens.map((token) => token.word)
  if (dataWords.has(words[0] ?? '') || definesRoutine(words)) return
  let table: string | undefined
  try {
    table = play(schema, statement, tokens, file)
  } catch {
    // A clause the column reader does not know: not followed.
  }
  if (table !== undefined) return
  // Not followed: every table the statement names (or that a created index is on) is unknown.
  for (const token of tokens) {
    const name = identifier(token.text)
    if (schema.tables.has(name)) schema.unknown.set(name, `${file}: ${statement.slice(0, 120)}`)
  }
}

/**
 * A trigger or view: it changes no table's columns or indexes. (A trigger's body is cut at
 * its `;`s; its pieces are data statements and an `END`, which name no table change either.)
 */
function definesRoutine(words: readonly string[]): boolean {
  const kind = ['TEMP', 'TEMPORARY'].includes(words[1] ?? '') ? words[2] : words[1]
  return ['CREATE', 'DROP'].includes(words[0] ?? '') && ['TRIGGER', 'VIEW'].includes(kind ?? '')
}

/** Play a statement; the table it changed, or `undefined` when it does not follow it. */
function play(schema: Schema, statement: string, tokens: SqlToken[], file: string): string | undefined {
  const words = tokens.map((token) => token.word)
  const at = (i: number) => words[i] ?? ''
  const skipIf = (i: number) => (at(i) === 'IF' ? i + (at(i + 1) === 'NOT' ? 3 : 2) : i)
  if (at(0) === 'CREATE' && at(1) === 'TABLE') {
    const n = skipIf(2)
    const body = tokens[n + 1]?.group
    const rest = words.slice(n + 2).filter((word) => word !== ',')
    if (!body || rest.some((word) => !['WITHOUT', 'ROWID', 'STRICT'].includes(word))) return undefined
    return createTable(schema, identifier(tokens[n]?.text), body.inner)
  }
  const unique = at(1) === 'UNIQUE' ? 1 : 0
  if (at(0) === 'CREATE' && at(1 + unique) === 'INDEX') {
    const n = skipIf(2 + unique)
    const columns = tokens[n + 3]?.group
    if (at(n + 1) !== 'ON' || !columns) return undefined
    const table = identifier(tokens[n + 2]?.text)
    const name = identifier(tokens[n]?.text)
    if (!schema.tables.has(table) || !name) return undefined
    const names = splitTopLevel(columns.inner).map((column) => identifier(column.split(' ')[0]))
    schema.indexes.set(name, { name, table, columns: names, sql: `${statement};`, file })
    return table
  }
  if (at(0) === 'DROP' && (at(1) === 'INDEX' || at(1) === 'TABLE')) {
    const name = identifier(tokens[skipIf(2)]?.text)
    if (at(1) === 'INDEX') {
      const index = schema.indexes.get(name)
      schema.indexes.delete(name)
      return index?.table ?? ''
    }
    schema.tables.delete(name)
    schema.unknown.delete(name)
    for (const [key, index] of schema.indexes) if (index.table === name) schema.indexes.delete(key)
    return name
  }
  if (at(0) === 'ALTER' && at(1) === 'TABLE') {
    let n = skipIf(2)
    if (at(n) === 'ONLY') n++
    const table = schema.tables.get(identifier(tokens[n]?.text))
    if (!table || words.includes(',')) return undefined
    return alterTable(schema, table, statement, tokens.slice(n + 1)) ? table.name : undefined
  }
  return undefined
}

function createTable(schema: Schema, name: string, body: string): string {
  const table: SchemaTable = { name, columns: new Map(), constraints: [], dropped: new Map() }
  schema.tables.set(name, table)
  schema.unknown.delete(name)
  for (const item of splitTopLevel(body)) {
    const first = tokenize(item)[0]?.word ?? ''
    if (tableConstraintWords.has(first)) table.constraints.push(item)
    else {
      const column = parseColumn(item)
      table.columns.set(column.name, column)
    }
  }
  return name
}

/** An `ALTER TABLE` action on `table` (tokens after the table's name); false when not followed. */
function alterTable(schema: Schema, table: SchemaTable, statement: string, tokens: SqlToken[]): boolean {
  const words = tokens.map((token) => token.word)
  const at = (i: number) => words[i] ?? ''
  const name = (i: number) => identifier(tokens[i]?.text)
  const from = (i: number) => statement.slice(tokens[i]?.start ?? statement.length).trim()
  if (at(0) === 'ADD' && at(1) === 'CONSTRAINT') return addConstraint(table, name(2), tokens.slice(3), statement)
  if (at(0) === 'ADD') {
    let n = at(1) === 'COLUMN' ? 2 : 1
    if (at(n) === 'IF') n += 3
    const column = parseColumn(from(n))
    table.columns.set(column.name, column)
    table.dropped.delete(column.name)
    return true
  }
  if (at(0) === 'DROP' && at(1) === 'CONSTRAINT') {
    const constraint = name(at(2) === 'IF' ? 4 : 2)
    return [...table.columns.values()].some((column) => dropConstraint(table.name, column, constraint))
  }
  if (at(0) === 'DROP') {
    let n = at(1) === 'COLUMN' ? 2 : 1
    if (at(n) === 'IF') n += 2
    if (!table.columns.delete(name(n))) return false
    table.dropped.set(name(n), statement)
    // Postgres drops the column's indexes with it (SQLite refuses while one is there).
    for (const [key, index] of schema.indexes) {
      if (index.table === table.name && index.columns.includes(name(n))) schema.indexes.delete(key)
    }
    return true
  }
  if (at(0) === 'RENAME') return renameColumn(table, at(1) === 'COLUMN' ? name(2) : name(1), name(words.length - 1))
  if (at(0) === 'ALTER') {
    const column = table.columns.get(name(at(1) === 'COLUMN' ? 2 : 1))
    const action = words.slice(at(1) === 'COLUMN' ? 3 : 2)
    if (!column) return false
    const change = action.join(' ')
    if (change === 'SET NOT NULL' || change === 'DROP NOT NULL') column.sql.notNull = action[0] === 'SET'
    else if (action[0] === 'TYPE' || change.startsWith('SET DATA TYPE')) {
      const typeAt = tokens.findIndex((token) => token.word === 'TYPE') + 1
      const end = tokens.findIndex((token, i) => i > typeAt && ['USING', 'COLLATE'].includes(token.word))
      const last = tokens[(end === -1 ? tokens.length : end) - 1]
      column.sql.type = statement.slice(tokens[typeAt]?.start, last?.end).trim()
    } else return false
    return true
  }
  return false
}

/** `ADD CONSTRAINT <name> CHECK (…)` or `… FOREIGN KEY (c) REFERENCES …`, as Postgres migrations write them. */
function addConstraint(table: SchemaTable, name: string, tokens: SqlToken[], statement: string): boolean {
  if (tokens[0]?.word === 'CHECK' && tokens[1]?.group && tokens.length === 2) {
    const column = [...table.columns.values()].find((c) => name === `${table.name}_${c.name}_check`)
    if (!column) return false
    column.sql.check = tokens[1].group.inner
    column.constraintNames.check = name
    return true
  }
  if (tokens[0]?.word === 'FOREIGN' && tokens[1]?.word === 'KEY' && tokens[3]?.word === 'REFERENCES') {
    const column = table.columns.get(identifier(tokens[2]?.group?.inner))
    if (!column) return false
    column.sql.references = statement.slice(tokens[3].start).trim()
    column.constraintNames.fkey = name
    return true
  }
  return false
}

/** Drop the CHECK or foreign key called `name` from `column`, if it is one of its own. */
function dropConstraint(table: string, column: SchemaColumn, name: string): boolean {
  const named = (kind: 'check' | 'fkey') => (column.constraintNames[kind] ?? `${table}_${column.name}_${kind}`) === name
  if (column.sql.check !== undefined && named('check')) column.sql.check = undefined
  else if (column.sql.references !== undefined && named('fkey')) column.sql.references = undefined
  else return false
  return true
}

function renameColumn(table: SchemaTable, from: string, to: string): boolean {
  const column = table.columns.get(from)
  if (!column || !to) return false
  table.columns.delete(from)
  table.columns.set(to, { ...column, name: to })
  return true
}
