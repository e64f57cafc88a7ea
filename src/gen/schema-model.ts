/**
 * A database schema as migrations leave it: tables with their columns (each read into the
 * parts a dialect writes: type, NOT NULL, CHECK, REFERENCES) and indexes. Built by the
 * interpreter (schema-interpreter.ts) from the DDL honoforge writes, for both dialects.
 */
import type { ColumnSql } from './dialects/dialect.js'
import { collapse, identifier, type SqlToken, tokenize } from './sql-statements.js'

/** A column as its definition says. */
export interface SchemaColumn {
  name: string
  /** The definition as written, whitespace collapsed: what `ADD COLUMN` would say. */
  definition: string
  sql: ColumnSql
  /** The clauses beyond `sql` (PRIMARY KEY, DEFAULT …), compared as written. */
  extra: string[]
  /** Postgres names of the column's CHECK and foreign key, which `DROP CONSTRAINT` names. */
  constraintNames: { check?: string; fkey?: string }
}

/** An index, as the statement that made it. */
export interface SchemaIndex {
  name: string
  table: string
  columns: string[]
  /** `CREATE [UNIQUE] INDEX … ;`, whitespace collapsed. */
  sql: string
  /** The migration that made it. */
  file: string
}

export interface SchemaTable {
  name: string
  columns: Map<string, SchemaColumn>
  /** Table constraints (`PRIMARY KEY (a, b)`, `UNIQUE (…)`), as written. */
  constraints: string[]
  /** Columns a migration dropped, and which one. */
  dropped: Map<string, string>
}

export interface Schema {
  tables: Map<string, SchemaTable>
  indexes: Map<string, SchemaIndex>
  /** Tables a migration changed in a way the interpreter does not follow: table → why. */
  unknown: Map<string, string>
}

/** A schema with nothing in it. */
export function emptySchema(): Schema {
  return { tables: new Map(), indexes: new Map(), unknown: new Map() }
}

/** The indexes of one table, by name. */
export function indexesOf(schema: Schema, table: string): Map<string, SchemaIndex> {
  return new Map([...schema.indexes].filter(([, index]) => index.table === table))
}

/** Words that end a column's type and start a constraint clause (the last ones are not read). */
const clauseWords = new Set([
  ...['CONSTRAINT', 'NOT', 'NULL', 'PRIMARY', 'UNIQUE', 'CHECK', 'DEFAULT', 'REFERENCES'],
  ...['GENERATED', 'AS', 'COLLATE', 'IDENTITY'],
])

/**
 * A column definition read into its parts: `status TEXT NOT NULL CHECK (status IN ('a'))`,
 * `author_id uuid CONSTRAINT posts_author_id_fkey REFERENCES users(id) ON DELETE SET NULL`.
 *
 * @throws Error naming the clause it does not read (the caller marks the table unknown).
 */
export function parseColumn(definition: string): SchemaColumn {
  const text = collapse(definition)
  const tokens = tokenize(text)
  const name = identifier(tokens[0]?.text)
  let at = 1
  const typeStart = at
  while (at < tokens.length && !clauseWords.has(tokens[at]?.word ?? '')) at++
  const type = slice(text, tokens, typeStart, at)
  if (!name || !type) throw new Error(`a column definition without a name or type: ${text}`)
  const column: SchemaColumn = {
    name,
    definition: text,
    sql: { type, notNull: false },
    extra: [],
    constraintNames: {},
  }
  let constraintName: string | undefined
  while (at < tokens.length) {
    const word = tokens[at]?.word
    const next = tokens[at + 1]
    if (word === 'CONSTRAINT' && next) {
      constraintName = identifier(next.text)
      at += 2
      continue
    }
    if (word === 'NOT' && next?.word === 'NULL') {
      column.sql.notNull = true
      at += 2
    } else if (word === 'NULL') {
      at += 1
    } else if (word === 'CHECK' && next?.group) {
      column.sql.check = next.group.inner
      column.constraintNames.check = constraintName
      at += 2
    } else if (word === 'REFERENCES') {
      const end = referencesEnd(tokens, at + 1)
      column.sql.references = slice(text, tokens, at, end)
      column.constraintNames.fkey = constraintName
      at = end
    } else if (word === 'PRIMARY' || word === 'UNIQUE' || word === 'DEFAULT') {
      // `PRIMARY KEY …`, `UNIQUE`, `DEFAULT <value>` (which may be NULL): as written, to the next clause.
      const end = clauseEnd(tokens, at + (word === 'UNIQUE' ? 1 : 2))
      column.extra.push(slice(text, tokens, at, end))
      at = end
    } else {
      throw new Error(`a clause it does not read in "${text}"`)
    }
    constraintName = undefined
  }
  return column
}

/** Whether two columns are the same to the database. */
export function sameColumn(a: SchemaColumn, b: SchemaColumn): boolean {
  return (
    a.sql.type.toLowerCase() === b.sql.type.toLowerCase() &&
    a.sql.notNull === b.sql.notNull &&
    a.sql.check === b.sql.check &&
    a.sql.references === b.sql.references &&
    a.extra.join(' ') === b.extra.join(' ')
  )
}

/** The index of the next clause word from `from` on, or the end of the tokens. */
function clauseEnd(tokens: readonly SqlToken[], from: number): number {
  let end = Math.min(from, tokens.length)
  while (end < tokens.length && !clauseWords.has(tokens[end]?.word ?? '')) end++
  return end
}

/** The index after `REFERENCES t(c)` and its `ON DELETE|UPDATE <action>` clauses. */
function referencesEnd(tokens: readonly SqlToken[], from: number): number {
  let end = from + 1
  if (tokens[end]?.group) end++
  while (tokens[end]?.word === 'ON' && ['DELETE', 'UPDATE'].includes(tokens[end + 1]?.word ?? '')) {
    const action = tokens[end + 2]?.word
    end += action === 'SET' || action === 'NO' ? 4 : 3
  }
  return Math.min(end, tokens.length)
}

/** The text of tokens [from, to) as written. */
function slice(text: string, tokens: readonly SqlToken[], from: number, to: number): string {
  const first = tokens[from]
  const last = tokens[to - 1]
  return first && last && to > from ? text.slice(first.start, last.end) : ''
}
