/**
 * The field type table: the single place that maps a field type to its SQLite column and to
 * zod/mini, for request bodies, responses and query strings.
 */
import type { Inflection } from './names.js'

/** Field types, as written in a spec. */
export const fieldKinds = [
  'string',
  'text',
  'integer',
  'number',
  'boolean',
  'datetime',
  'date',
  'email',
  'url',
  'uuid',
  'json',
  'enum',
  'references',
] as const
export type FieldKind = (typeof fieldKinds)[number]

/**
 * How one field type is stored and validated. `input` validates request bodies; `output`
 * (default: `input`) describes responses, without the input-only checks.
 */
export interface KindRule {
  sqlType: 'TEXT' | 'INTEGER' | 'REAL'
  input: (arg: FieldArg) => string
  output?: (arg: FieldArg) => string
  check?: (column: string, arg: FieldArg, optional: boolean) => string
  /** A UNIQUE constraint makes no sense for this type. */
  noUnique?: boolean
  /**
   * List routes filter by this type (`GET /posts?status=live`): values a client selects
   * records by. Other types become filters only when unique.
   */
  filter?: boolean
  /** How a query string value is parsed (default: `input`): it arrives as text. */
  query?: { input: string; output: string }
}

export type FieldArg = { values: string[]; target?: Inflection }

const quoteList = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ')

export const kindRules: Record<FieldKind, KindRule> = {
  string: {
    sqlType: 'TEXT',
    input: () => 'z.string().check(z.trim(), z.minLength(1), z.maxLength(200))',
    output: () => 'z.string()',
  },
  text: { sqlType: 'TEXT', input: () => 'z.string().check(z.maxLength(10_000))', output: () => 'z.string()' },
  integer: {
    sqlType: 'INTEGER',
    input: () => 'z.int()',
    query: { input: 'z.coerce.number().check(z.int())', output: 'z.int()' },
  },
  number: { sqlType: 'REAL', input: () => 'z.number()', query: { input: 'z.coerce.number()', output: 'z.number()' } },
  // Stored as 0/1: the data layer converts, the CHECK keeps other integers out.
  boolean: {
    sqlType: 'INTEGER',
    input: () => 'z.boolean()',
    check: (c) => `${c} IN (0, 1)`,
    noUnique: true,
    filter: true,
    query: { input: 'z.stringbool()', output: 'z.boolean()' },
  },
  datetime: { sqlType: 'TEXT', input: () => 'z.iso.datetime()' },
  // A calendar date, YYYY-MM-DD: text sorts and compares like the dates it holds.
  date: { sqlType: 'TEXT', input: () => 'z.iso.date()' },
  // 254: the longest address SMTP can deliver to (RFC 5321 with its errata).
  email: { sqlType: 'TEXT', input: () => 'z.email().check(z.maxLength(254))', output: () => 'z.email()' },
  // http(s) only: a javascript: or data: URL handed to a browser is a script, not a link.
  url: {
    sqlType: 'TEXT',
    input: () => 'z.url({ protocol: /^https?$/ }).check(z.maxLength(2048))',
    output: () => 'z.url()',
  },
  uuid: { sqlType: 'TEXT', input: () => 'z.uuid()', filter: true },
  // A JSON object stored as text: the data layer stringifies and parses.
  json: {
    sqlType: 'TEXT',
    input: () => 'z.record(z.string(), z.unknown())',
    // json_valid(NULL) is 0 on some SQLite versions, so a nullable column says NULL is fine.
    check: (c, _, optional) => (optional ? `${c} IS NULL OR json_valid(${c})` : `json_valid(${c})`),
    noUnique: true,
  },
  // Not unique: that would allow one row per value, which is a lookup table, not a field.
  enum: {
    sqlType: 'TEXT',
    input: ({ values }) => `z.enum([${quoteList(values)}])`,
    check: (c, { values }) => `${c} IN (${quoteList(values)})`,
    noUnique: true,
    filter: true,
  },
  // Ids are TEXT UUIDv7 strings made by the Worker (src/lib/ids.ts in the service).
  references: { sqlType: 'TEXT', input: () => 'z.uuid()', filter: true },
}

/** Common names for the types above, offered as "did you mean" but not accepted. */
export const typeAliases: Record<string, FieldKind> = {
  int: 'integer',
  bigint: 'integer',
  float: 'number',
  double: 'number',
  real: 'number',
  decimal: 'number',
  bool: 'boolean',
  time: 'datetime',
  mail: 'email',
  uri: 'url',
  link: 'url',
  timestamp: 'datetime',
  varchar: 'string',
  str: 'string',
  object: 'json',
  ref: 'references',
  reference: 'references',
  belongs_to: 'references',
}
