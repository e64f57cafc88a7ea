import type { MiddlewareHandler } from 'hono'
import type * as z from 'zod/mini'

// Route modules state their docs once, in the handler chain: `npm run openapi` reads this
// metadata by walking `app.routes` (src/openapi/build.ts). Only the few strings and the
// no-op middleware below ship in the Worker; the document builder does not.

/** A response an operation documents. 2xx responses name their body schema, if any. */
export type ResponseDoc = { description: string; schema?: z.ZodMiniType; headers?: Record<string, string> }

/** What a route says about itself: shown to the people who call the API. */
export type RouteDoc = {
  summary: string
  description: string
  /**
   * By status: the success responses, and the problems the handler itself answers with
   * (404, 409) as a description. Validation (400), auth (401) and other problems follow
   * from the middleware in the route's chain and are added by the build.
   */
  responses: Record<number, ResponseDoc | string>
  /** An example request body, shown by API viewers and checked against the body schema. */
  requestExample?: unknown
}

/** What a route module says once for all its routes. */
export type ModuleDoc = {
  /** The OpenAPI tag grouping the module's operations. */
  tag: string
  description: string
  /** Schemas listed under `components.schemas` by these names, referenced with `$ref`. */
  schemas?: Record<string, z.ZodMiniType>
}

/** The metadata a middleware carries for the document build. */
export type OpenApiMeta = {
  /** A validated part of the request (set by `valid()` and `jsonBody()`). */
  input?: { target: 'param' | 'query' | 'header' | 'json'; schema: z.ZodMiniType }
  /** The security scheme the middleware enforces. */
  security?: 'bearerAuth'
  /** Problems the middleware may answer with, by status, on every route it runs for. */
  problems?: Record<number, string>
  /** Problems it may answer with on routes that take a request body. */
  bodyProblems?: Record<number, string>
  /** The route's own docs (set by `describeModule()`). */
  route?: RouteDoc & { module: ModuleDoc }
}

/** Attaches OpenAPI metadata to a middleware; it changes nothing at run time. */
export function withOpenApi<Middleware extends object>(middleware: Middleware, meta: OpenApiMeta): Middleware {
  return Object.assign(middleware, { openapi: meta })
}

/**
 * The docs of one route module: returns a function that documents each route in its chain.
 *
 * @example
 * const route = describeModule({ tag: 'notes', description: 'Short texts with a title' })
 * notes.get('/:id', route({ summary: 'Get a note', description: '…', responses: { 200: { description: 'The note', schema: Note } } }), …)
 */
export function describeModule(module: ModuleDoc): (doc: RouteDoc) => MiddlewareHandler {
  return (doc) =>
    withOpenApi<MiddlewareHandler>(
      async function documented(_c, next) {
        await next()
      },
      { route: { ...doc, module } },
    )
}
