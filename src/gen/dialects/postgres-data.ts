/**
 * Postgres rows as postgres.js hands them over: booleans, doubles and jsonb objects are the
 * API's values already; bigint arrives as text (it may exceed 53 bits; the API's integers do
 * not); timestamptz and date columns arrive as `Date`s, which the API answers as ISO 8601 text
 * (a date as its `YYYY-MM-DD` part: postgres.js reads a date as UTC midnight).
 */
import type { DataDialect, DataField } from './data.js'

const isDate = ({ kind }: DataField) => kind === 'datetime' || kind === 'date'

export const postgresData: DataDialect = {
  // The request's client (src/lib/db.ts), ended after the response.
  client: 'db(c)',
  rowType: (field) => {
    switch (field.kind) {
      case 'number':
        return 'number'
      case 'boolean':
        return 'boolean'
      case 'datetime':
      case 'date':
        return 'Date'
      case 'json':
        return 'Record<string, unknown>'
      default:
        return 'string'
    }
  },
  timestampType: 'Date',
  fromRow: ({ kind }, value) => {
    if (kind === 'integer') return `Number(${value})`
    if (kind === 'datetime') return `${value}.toISOString()`
    if (kind === 'date') return `${value}.toISOString().slice(0, 10)`
    return undefined
  },
  timestampFromRow: (value) => `${value}.toISOString()`,
  // postgres.js serializes each parameter for the type of its column (jsonb included); the
  // cast tells its types that a JSON object field holds JSON.
  toColumn: ({ kind }, value) => (kind === 'json' ? `${value} as JSONValue` : undefined),
  // The tests' client reads rows as the Worker's does: bigint as text, dates as `Date`s.
  stored: (field, value) =>
    field.kind === 'integer' ? `String(${value})` : isDate(field) ? `new Date(${value})` : undefined,
  storedTimestamp: (value) => `new Date(${value})`,
  conversionNote: () => '',
}
