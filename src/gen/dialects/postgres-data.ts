/**
 * Postgres rows as postgres.js hands them over: booleans, numbers and jsonb objects are the
 * API's values already; timestamptz and date columns arrive as `Date`s, which the API answers
 * as ISO 8601 text (a date as its `YYYY-MM-DD` part: postgres.js reads a date as UTC midnight).
 */
import type { DataDialect, DataField } from './data.js'

const isDate = ({ kind }: DataField) => kind === 'datetime' || kind === 'date'

export const postgresData: DataDialect = {
  // The request's client (src/lib/db.ts), ended after the response.
  client: 'db(c)',
  rowType: (field) => {
    switch (field.kind) {
      case 'integer':
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
  fromRow: (field, value) =>
    field.kind === 'datetime'
      ? `${value}.toISOString()`
      : field.kind === 'date'
        ? `${value}.toISOString().slice(0, 10)`
        : undefined,
  timestampFromRow: (value) => `${value}.toISOString()`,
  // Parameters are typed by the statement, so postgres.js serializes each value for its column.
  toColumn: () => undefined,
  stored: (field, value) => (isDate(field) ? `new Date(${value})` : undefined),
  storedTimestamp: (value) => `new Date(${value})`,
  conversionNote: () => '',
}
