import { zValidator } from '@hono/zod-validator'
import type * as z from 'zod/mini'
import { withOpenApi } from './openapi-meta'
import { type FieldError, ProblemError } from './problem'

// zod/mini ships no message locale (it would cost ~1 KB); these cover the
// checks our schemas use and keep the problem body readable.
function describe(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return isPresent(input, issue.path) ? `Expected ${issue.expected}` : 'Required'
    case 'too_small':
      return issue.origin === 'string'
        ? `Must be at least ${issue.minimum} characters`
        : `Must be at least ${issue.minimum}`
    case 'too_big':
      return issue.origin === 'string'
        ? `Must be at most ${issue.maximum} characters`
        : `Must be at most ${issue.maximum}`
    case 'invalid_format':
      return `Must be a valid ${issue.format}`
    case 'invalid_value':
      return `Must be one of: ${issue.values.join(', ')}`
    case 'unrecognized_keys':
      return `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`
    default:
      return 'Invalid value'
  }
}

// zod does not echo inputs back in issues (by design), so look the path up in the input.
function isPresent(input: unknown, path: PropertyKey[]): boolean {
  let value = input
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !(key in value)) return false
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return value !== undefined
}

// JSON may carry lone UTF-16 surrogates (`"\ud800"`); they cannot be stored as UTF-8 and
// would come back as replacement characters, so such strings are refused, not mangled.
function illFormed(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') return value.isWellFormed() ? undefined : path.join('.') || '(root)'
  if (typeof value !== 'object' || value === null) return undefined
  for (const [key, item] of Object.entries(value)) {
    const found = illFormed(item, [...path, key])
    if (found) return found
  }
  return undefined
}

function fieldErrors(error: z.core.$ZodError, input: unknown): FieldError[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: describe(issue, input) }))
}

/**
 * Validates one part of the request against a zod schema; on failure throws
 * a 400 problem listing the failing fields. Handlers read the typed result
 * with `c.req.valid(target)`; the OpenAPI build reads the schema from it.
 */
export function valid<Target extends 'param' | 'query' | 'header' | 'json', Schema extends z.ZodMiniType>(
  target: Target,
  schema: Schema,
) {
  const validator = zValidator(target, schema, (result) => {
    if (!result.success) {
      throw new ProblemError(400, {
        detail: `Invalid request ${target}`,
        errors: fieldErrors(result.error, result.data),
      })
    }
    const path = illFormed(result.data)
    if (path) {
      throw new ProblemError(400, {
        detail: `Invalid request ${target}`,
        errors: [{ path, message: 'Must be valid Unicode text' }],
      })
    }
  })
  return withOpenApi(validator, { input: { target, schema } })
}

const jsonType = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i

/**
 * Validates a JSON request body. Other content types get a 415 and malformed
 * JSON a 400, before the schema runs.
 */
export function jsonBody<Schema extends z.ZodMiniType>(schema: Schema) {
  const validate = valid('json', schema)
  const middleware = async function jsonBody(c, next) {
    if (!jsonType.test(c.req.header('content-type') ?? '')) {
      throw new ProblemError(415, { detail: 'Send the body as application/json' })
    }
    return validate(c, next)
  } as typeof validate
  return withOpenApi(middleware, {
    input: { target: 'json', schema },
    problems: { 415: 'The body is not application/json' },
  })
}
