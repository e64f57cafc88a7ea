/**
 * D1's rows: SQLite has TEXT, INTEGER and REAL, so booleans travel as 0/1 and JSON objects as
 * text; everything else (timestamps and dates included) is the API's own string or number.
 */
import type { DataDialect } from './data.js'

export const sqliteData: DataDialect = {
  client: 'c.env.DB',
  rowType: ({ kind }) => (kind === 'integer' || kind === 'number' || kind === 'boolean' ? 'number' : 'string'),
  timestampType: 'string',
  fromRow: ({ kind }, value) =>
    kind === 'boolean' ? `${value} === 1` : kind === 'json' ? `JSON.parse(${value})` : undefined,
  timestampFromRow: (value) => value,
  toColumn: ({ kind }, value) =>
    kind === 'boolean' ? `Number(${value})` : kind === 'json' ? `JSON.stringify(${value})` : undefined,
  // The tests read rows through D1 too: what is stored is what was bound.
  stored: (field, value) => sqliteData.toColumn(field, value),
  storedTimestamp: (value) => value,
  conversionNote: (kinds) =>
    [kinds.has('boolean') && 'booleans as 0/1', kinds.has('json') && 'JSON as text'].filter(Boolean).join(', '),
}
