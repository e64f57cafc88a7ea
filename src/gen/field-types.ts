/**
 * The field type table: the single place that maps a field type to zod/mini, for request
 * bodies, responses and query strings. How each type is stored is the dialect's business
 * (dialects/).
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
 * How one field type is validated. `input` validates request bodies; `output` (default:
 * `input`) describes responses, without the input-only checks.
 */
export interface KindRule {
  input: (arg: FieldArg) => string
  output?: (arg: FieldArg) => string
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
    input: () => 'z.string().check(z.trim(), z.minLength(1), z.maxLength(200))',
    output: () => 'z.string()',
  },
  text: { input: () => 'z.string().check(z.maxLength(10_000))', output: () => 'z.string()' },
  integer: {
    input: () => 'z.int()',
    query: { input: 'z.coerce.number().check(z.int())', output: 'z.int()' },
  },
  number: { input: () => 'z.number()', query: { input: 'z.coerce.number()', output: 'z.number()' } },
  boolean: {
    input: () => 'z.boolean()',
    noUnique: true,
    filter: true,
    query: { input: 'z.stringbool()', output: 'z.boolean()' },
  },
  datetime: { input: () => 'z.iso.datetime()' },
  // A calendar date, YYYY-MM-DD.
  date: { input: () => 'z.iso.date()' },
  // 254: the longest address SMTP can deliver to (RFC 5321 with its errata).
  email: { input: () => 'z.email().check(z.maxLength(254))', output: () => 'z.email()' },
  // http(s) only: a javascript: or data: URL handed to a browser is a script, not a link.
  url: {
    input: () => 'z.url({ protocol: /^https?$/ }).check(z.maxLength(2048))',
    output: () => 'z.url()',
  },
  uuid: { input: () => 'z.uuid()', filter: true },
  // A JSON object.
  json: { input: () => 'z.record(z.string(), z.unknown())', noUnique: true },
  // Not unique: that would allow one row per value, which is a lookup table, not a field.
  enum: {
    input: ({ values }) => `z.enum([${quoteList(values)}])`,
    noUnique: true,
    filter: true,
  },
  // Ids are UUIDv7 made by the Worker (src/lib/ids.ts in the service).
  references: { input: () => 'z.uuid()', filter: true },
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
