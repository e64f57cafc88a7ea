import type * as z from 'zod/mini'

/** What a route's own describe-middleware documents: summary, description, responses, example. */
export type RouteDoc = {
  summary: string
  description?: string
  responses: Record<number, string | { description: string; schema?: z.ZodMiniType }>
  example?: unknown
}

/**
 * OpenAPI metadata carried by a middleware function. Only the build-time document builder
 * reads it (by walking `app.routes`); nothing reads it in the Worker.
 */
export type OpenApiMeta = {
  /** The request part a validator checks (`valid()`, `jsonBody()`). */
  input?: { target: 'param' | 'query' | 'json' | 'header'; schema: z.ZodMiniType }
  /** The security scheme a middleware enforces (`requireAuth`). */
  security?: 'bearerAuth'
  /** Problem responses this middleware may answer (401, 413, 415, 429, 504 ...). */
  problems?: Record<number, string>
  /** The operation's own documentation. */
  route?: RouteDoc
}

/**
 * Attaches OpenAPI metadata to a middleware and returns the same function, so the document
 * lists what it does on exactly the operations whose chain includes it.
 *
 * @example
 * app.use(withOpenApi(rateLimit(), { problems: { 429: 'Rate limit exceeded' } }))
 */
// `Function`: any middleware or handler, whatever its Env and input types.
export function withOpenApi<T extends Function>(mw: T, meta: OpenApiMeta): T {
  return Object.assign(mw, { openapi: meta })
}
