/**
 * Field specs (`name:type[?][!]`) → typed fields carrying everything templates need: the
 * zod/mini source, from the type table in field-types.ts, and the D1 column.
 */

import type { ColumnSql } from './dialects/dialect.js'
import { type SqliteType, sqliteColumn, sqliteColumnDefinition } from './dialects/sqlite.js'
import { closest } from './did-you-mean.js'
import { GenError } from './errors.js'
import { type FieldArg, type FieldKind, fieldKinds, kindRules, typeAliases } from './field-types.js'
import { camelCase, type Inflection, inflect, splitWords } from './names.js'
import { automaticColumns, inheritedProperties, postgresReservedWords, sqliteKeywords } from './reserved-words.js'
import { article } from './source-format.js'

export { type FieldKind, fieldKinds } from './field-types.js'

/** A parsed field. Example values are for `author:references(users)?`. */
export interface Field {
  /** The spec as given. */
  spec: string
  /** TypeScript property name: `authorId`. */
  name: string
  /** SQL column name: `author_id`. */
  column: string
  kind: FieldKind
  /** `enum` values, in the given order; empty for other kinds. */
  values: string[]
  /** The referenced resource, for `references`. */
  target?: Inflection
  /** `?`: may be absent or null; the column is nullable. */
  optional: boolean
  /** `!`: the column has a unique index (a duplicate is a 409). */
  unique: boolean
  /**
   * `GET /<resource>` filters by it (`?status=live`): enum, boolean, uuid and references
   * fields, and unique ones.
   */
  filter: boolean
  /** The column deserves an index of its own (foreign keys, filters; unique ones have theirs). */
  indexed: boolean
  /** The D1 (SQLite) column's parts; migrations ask their dialect instead (dialects/). */
  sql: ColumnSql<SqliteType>
  /**
   * The D1 (SQLite) column definition for CREATE TABLE:
   * `author_id TEXT REFERENCES users(id) ON DELETE SET NULL`.
   */
  ddl: string
  /**
   * zod/mini source (`import * as z from 'zod/mini'`). `input` is for request bodies
   * (optional fields may be omitted, or null to clear them); `output` for responses (no
   * input-only checks such as trim or length; optional fields are null when unset).
   */
  zod: { input: string; output: string }
}

/** Options of `parseField` and `parseFields`. */
export interface FieldOptions {
  /**
   * The fields become table columns (default). `false` for request-only fields (an
   * endpoint's query and body), where `id` or `limit` are fine names.
   */
  columns?: boolean
}

const specPattern = /^(?<type>[A-Za-z_]+)(?:\((?<arg>[^()]*)\))?(?<modifiers>[?!]*)$/
const enumValuePattern = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/

/**
 * Parse one field spec: `name:type`, then `?` for optional and/or `!` for unique, in any
 * order. Types: string, text, integer, number, boolean, datetime, date, email, url, uuid,
 * json, `enum(a|b|c)`, `references(<resource>)` (the column gets an `_id` suffix).
 *
 * @example
 * parseField('title:string!').ddl // 'title TEXT NOT NULL' (unique through an index)
 * parseField("status:enum(draft|published)?").zod.input
 * // "z.optional(z.nullable(z.enum(['draft', 'published'])))"
 * @throws GenError saying what is wrong with the spec (with a "did you mean" for types).
 */
export function parseField(spec: string, options: FieldOptions = {}): Field {
  const fail = (problem: string): never => {
    throw new GenError(`Invalid field ${JSON.stringify(spec)}: ${problem}`)
  }
  const colon = spec.indexOf(':')
  if (colon === -1) fail(`it has no type; write it as name:type, e.g. ${spec || 'title'}:string.`)
  const rawName = spec.slice(0, colon)
  const typeText = spec.slice(colon + 1)
  if (typeText === '') fail(`it has no type after ":"; e.g. ${rawName}:string.`)
  const match = specPattern.exec(typeText)
  if (!match?.groups) {
    return fail('write the type as type, type? (optional), type! (unique) or enum(a|b) / references(posts).')
  }
  const { type = '', arg, modifiers = '' } = match.groups
  const kind = resolveKind(type, fail)
  for (const modifier of ['?', '!']) {
    if (modifiers.split(modifier).length > 2) fail(`the modifier "${modifier}" is repeated.`)
  }
  const optional = modifiers.includes('?')
  const unique = modifiers.includes('!')
  const fieldArg = parseArg(kind, arg, spec, fail)
  const rule = kindRules[kind]
  if (unique && rule.noUnique) fail(`${article(kind)} ${kind} field cannot be unique ("!").`)

  const words = splitWords(rawName, 'field name', { context: spec })
  if (kind === 'references' && words[words.length - 1] !== 'id') words.push('id')
  const column = words.join('_')
  const name = camelCase(words)
  if (inheritedProperties.has(name))
    fail(`every JavaScript object already has a "${name}" property; choose another field name.`)
  if (options.columns !== false) {
    if (automaticColumns.has(column)) fail(`"${column}" is added to every table automatically; remove it.`)
    if (sqliteKeywords.has(column)) fail(`"${column}" is an SQLite keyword; choose another column name.`)
    if (postgresReservedWords.has(column)) fail(`"${column}" is reserved in Postgres; choose another column name.`)
  }

  const filterable = Boolean(rule.filter) || unique
  // `?cursor=` pages every list (and `limit` is an SQLite keyword, refused above).
  if (options.columns !== false && filterable && name === 'cursor') {
    fail('the list route would filter by "cursor", but ?cursor= pages the list; choose another field name.')
  }
  const input = rule.input(fieldArg)
  const output = (rule.output ?? rule.input)(fieldArg)
  const indexed = filterable && !unique
  const { values, target } = fieldArg
  const columnField = { spec, column, kind, values, target, optional, unique, indexed }
  return {
    spec,
    name,
    column,
    kind,
    values,
    target,
    optional,
    unique,
    filter: filterable,
    indexed,
    sql: sqliteColumn(columnField),
    ddl: sqliteColumnDefinition(columnField),
    zod: {
      input: optional ? `z.optional(z.nullable(${input}))` : input,
      output: optional ? `z.nullable(${output})` : output,
    },
  }
}

/**
 * A field's zod/mini source as if it were required: `input` with its checks, `output` without
 * them. For callers that wrap the type themselves (query strings are never null).
 */
export function requiredZod(field: Field): { input: string; output: string } {
  const rule = kindRules[field.kind]
  const arg = { values: field.values, target: field.target }
  return { input: rule.input(arg), output: (rule.output ?? rule.input)(arg) }
}

/**
 * A field's zod/mini source for a query string, where values arrive as text (numbers and
 * booleans are parsed) and are never null; `output` is the parsed value's type.
 */
export function queryZod(field: Field): { input: string; output: string } {
  return kindRules[field.kind].query ?? requiredZod(field)
}

/**
 * Parse every field spec of one command, refusing two fields for the same column or the same
 * TypeScript property.
 *
 * @throws GenError for the first bad spec or duplicate.
 */
export function parseFields(specs: readonly string[], options: FieldOptions = {}): Field[] {
  const fields = specs.map((spec) => parseField(spec, options))
  const seen = new Map<string, string>()
  // Column and property name both: `ab1` and `ab_1` are two columns but one property `ab1`.
  for (const [key, label] of [
    ['column', 'column'],
    ['name', 'property'],
  ] as const) {
    seen.clear()
    for (const field of fields) {
      const earlier = seen.get(field[key])
      if (earlier !== undefined) {
        throw new GenError(
          `Duplicate field: ${JSON.stringify(earlier)} and ${JSON.stringify(field.spec)} both use the ${label} "${field[key]}".`,
        )
      }
      seen.set(field[key], field.spec)
    }
  }
  return fields
}

function resolveKind(type: string, fail: (problem: string) => never): FieldKind {
  const lower = type.toLowerCase()
  if ((fieldKinds as readonly string[]).includes(lower)) {
    return lower === type ? (lower as FieldKind) : fail(`write the type in lowercase: "${lower}".`)
  }
  const suggestion = typeAliases[lower] ?? closest(lower, fieldKinds)
  const hint = suggestion ? ` Did you mean "${suggestion}"?` : ''
  return fail(`unknown type "${type}".${hint} Types: ${fieldKinds.join(', ')}.`)
}

function parseArg(kind: FieldKind, arg: string | undefined, spec: string, fail: (problem: string) => never): FieldArg {
  if (kind === 'enum') {
    if (arg === undefined) return fail('enum needs its values: enum(draft|published).')
    const values = arg.split('|')
    if (arg.trim() === '') fail('enum() needs at least one value: enum(draft|published).')
    for (const [i, value] of values.entries()) {
      if (!enumValuePattern.test(value)) {
        fail(
          `enum value ${JSON.stringify(value)} is not valid: use a letter, then letters, digits, "_" or "-" (at most 64).`,
        )
      }
      if (values.indexOf(value) !== i) fail(`enum value "${value}" is listed twice.`)
    }
    return { values }
  }
  if (kind === 'references') {
    if (!arg) return fail('references needs the referenced resource: references(users).')
    return { values: [], target: inflect(arg, { context: spec }) }
  }
  if (arg !== undefined) fail(`the type ${kind} takes no arguments.`)
  return { values: [] }
}
