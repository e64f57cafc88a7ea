/**
 * Sample values the generated tests send: valid and invalid ones per field type, for request
 * bodies of a resource and for query strings.
 */
import type { Field } from './fields.js'
import type { Inflection } from './names.js'
import { quote } from './source-format.js'

/** A well-formed UUID for samples that are not record ids of the test's own records. */
export const sampleId = '0190a5e2-0000-7000-8000-000000000001'

/** Sample values for tests: a valid one, another valid one for updates, and an invalid one. */
export function recordSamples(field: Field, self: Inflection) {
  const words = field.name.replace(/([A-Z])/g, ' $1').toLowerCase()
  const fixture = field.target && `(await create${field.target.pascal}()).id`
  const unique = field.unique
  switch (field.kind) {
    case 'string':
    case 'text':
      return {
        valid: unique ? `\`${field.column}-\${unique()}\`` : quote(`Sample ${words}`),
        other: unique ? `\`changed-\${unique()}\`` : quote(`Changed ${words}`),
        invalid: '42',
      }
    case 'integer':
      return { valid: unique ? 'unique()' : '1', other: unique ? 'unique()' : '2', invalid: quote('not a number') }
    case 'number':
      return {
        valid: unique ? 'unique() + 0.5' : '1.5',
        other: unique ? 'unique() + 0.25' : '2.5',
        invalid: quote('not a number'),
      }
    case 'boolean':
      return { valid: 'true', other: 'false', invalid: quote('yes') }
    case 'datetime':
      return {
        valid: unique
          ? 'new Date(Date.UTC(2024, 0, 1, 0, 0, unique())).toISOString()'
          : quote('2024-01-01T00:00:00.000Z'),
        other: unique
          ? 'new Date(Date.UTC(2025, 5, 1, 0, 0, unique())).toISOString()'
          : quote('2025-06-01T12:00:00.000Z'),
        invalid: '42',
      }
    case 'date':
      return {
        valid: unique ? 'new Date(Date.UTC(2024, 0, unique())).toISOString().slice(0, 10)' : quote('2024-01-01'),
        other: unique ? 'new Date(Date.UTC(2025, 5, unique())).toISOString().slice(0, 10)' : quote('2025-06-01'),
        // Well-formed but not on the calendar: validation checks dates, not only their shape.
        invalid: quote('2024-02-30'),
      }
    case 'email':
      return {
        valid: unique ? `\`${field.column}-\${unique()}@example.com\`` : quote(`${field.column}@example.com`),
        other: unique ? `\`changed-\${unique()}@example.com\`` : quote('changed@example.com'),
        invalid: quote('not an email'),
      }
    case 'url':
      return {
        valid: unique
          ? `\`https://example.com/${field.column}/\${unique()}\``
          : quote(`https://example.com/${field.column}`),
        other: unique ? `\`https://example.com/changed/\${unique()}\`` : quote('https://example.com/changed'),
        invalid: quote('javascript:alert(1)'),
      }
    case 'uuid':
      return {
        valid: unique ? 'crypto.randomUUID()' : quote('0190a5e2-0000-7000-8000-000000000001'),
        other: unique ? 'crypto.randomUUID()' : quote('0190a5e2-0000-7000-8000-000000000002'),
        invalid: '42',
      }
    case 'json':
      return { valid: "{ sample: 'value' }", other: '{ changed: true }', invalid: quote('not an object') }
    case 'enum':
      return {
        valid: quote(field.values[0] ?? ''),
        other: quote(field.values[1] ?? field.values[0] ?? ''),
        invalid: '42',
      }
    case 'references':
      // A record may reference its own table only optionally: a sample would recurse forever.
      return {
        valid: field.target?.snake === self.snake ? 'null' : (fixture ?? 'null'),
        other: fixture ?? 'null',
        invalid: '42',
      }
  }
}

/** A query value as sent (text) and as the handler receives it (a JS literal), and one that fails. */
export function querySample(field: Field): { sent: string; received: string; invalid?: string } {
  switch (field.kind) {
    case 'integer':
      return { sent: '1', received: '1', invalid: 'abc' }
    case 'number':
      return { sent: '1.5', received: '1.5', invalid: 'abc' }
    case 'boolean':
      return { sent: 'true', received: 'true', invalid: 'maybe' }
    case 'datetime':
      return { sent: '2024-01-01T00:00:00.000Z', received: quote('2024-01-01T00:00:00.000Z'), invalid: 'yesterday' }
    case 'date':
      return { sent: '2024-01-01', received: quote('2024-01-01'), invalid: '2024-02-30' }
    case 'email':
      return { sent: 'sample@example.com', received: quote('sample@example.com'), invalid: 'not-an-email' }
    case 'url':
      return { sent: 'https://example.com/', received: quote('https://example.com/'), invalid: 'not-a-url' }
    case 'uuid':
    case 'references':
      return { sent: sampleId, received: quote(sampleId), invalid: 'not-a-uuid' }
    case 'enum':
      return { sent: field.values[0] ?? '', received: quote(field.values[0] ?? ''), invalid: 'not-a-value' }
    case 'string':
      return { sent: 'sample', received: quote('sample'), invalid: '' }
    default:
      return { sent: 'sample', received: quote('sample') }
  }
}

/** A plausible value of a field, as source: for request examples in the OpenAPI document. */
export function exampleValue(field: Field): string {
  const words = field.name.replace(/([A-Z])/g, ' $1').toLowerCase()
  switch (field.kind) {
    case 'string':
    case 'text':
      return quote(`Sample ${words}`)
    case 'integer':
      return '1'
    case 'number':
      return '1.5'
    case 'boolean':
      return 'true'
    case 'datetime':
      return quote('2024-01-01T00:00:00.000Z')
    case 'date':
      return quote('2024-01-01')
    case 'email':
      return quote('someone@example.com')
    case 'url':
      return quote('https://example.com/')
    case 'uuid':
    case 'references':
      return quote(sampleId)
    case 'json':
      return "{ sample: 'value' }"
    case 'enum':
      return quote(field.values[0] ?? '')
  }
}
