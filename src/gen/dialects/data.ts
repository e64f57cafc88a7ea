/**
 * What a database dialect supplies to a resource's data-access module and its tests: the
 * TypeScript type of each column as the driver hands it over, and the conversions between
 * those values and the API's. The DDL side is `Dialect` (dialect.ts).
 */
import type { FieldKind } from '../field-types.js'

/** What the data side reads of a field. */
export interface DataField {
  /** TypeScript property name: `authorId`. */
  name: string
  kind: FieldKind
  optional: boolean
}

/**
 * The values of one database's rows. Conversions take and give source text: `value` is an
 * expression (`row.published`), the result the expression of the converted value, or
 * `undefined` when the value needs no conversion.
 */
export interface DataDialect {
  /** How a handler (with its context `c`) reaches the database: `c.env.DB`. */
  client: string
  /** The type a required field's column has in a row, as the driver returns it (enums aside). */
  rowType(field: DataField): string
  /** The type of `created_at` and `updated_at` in a row. */
  timestampType: string
  /** The API value of a non-null column value. */
  fromRow(field: DataField, value: string): string | undefined
  /** The API value of `created_at` or `updated_at`. */
  timestampFromRow(value: string): string
  /** The column value of a non-null API value, as the data-access module binds it. */
  toColumn(field: DataField, value: string): string | undefined
  /** The column value of a non-null API value as the tests' own client reads it back. */
  stored(field: DataField, value: string): string | undefined
  /** `created_at` or `updated_at` as the tests' own client reads it back, from the API value. */
  storedTimestamp(value: string): string
  /** What `toColumn` converts, for the comment above it: `booleans as 0/1, JSON as text`. */
  conversionNote(kinds: ReadonlySet<FieldKind>): string
}
