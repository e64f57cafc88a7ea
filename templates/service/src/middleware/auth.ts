import { createMiddleware } from 'hono/factory'
import { verify } from 'hono/jwt'
import * as z from 'zod/mini'
import type { AppEnv } from '../env'
import { withOpenApi } from '../lib/openapi-meta'
import { ProblemError } from '../lib/problem'

/** The authenticated caller, from the verified token's claims. */
export const User = z.object({ id: z.string(), scopes: z.array(z.string()) })
export type User = z.infer<typeof User>

function unauthorized(detail: string, error?: 'invalid_token'): ProblemError {
  const challenge = error ? `Bearer realm="api", error="${error}"` : 'Bearer realm="api"'
  return new ProblemError(401, { detail, headers: { 'www-authenticate': challenge } })
}

/**
 * Requires a bearer JWT signed with HS256 and the JWT_SECRET secret. The
 * algorithm is pinned, so `alg: none` and algorithm-swap tokens fail; `exp`
 * and `nbf` are enforced. Sets `c.var.user`.
 */
export const requireAuth = withOpenApi(
  createMiddleware<AppEnv>(async function requireAuth(c, next) {
    const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(c.req.header('authorization') ?? '')?.[1]
    if (!token) throw unauthorized('Send a bearer token in the Authorization header')

    let claims: Record<string, unknown>
    try {
      claims = await verify(token, c.var.config.jwtSecret, 'HS256')
    } catch {
      throw unauthorized('The token is invalid or expired', 'invalid_token')
    }
    if (typeof claims.sub !== 'string' || claims.sub === '') {
      throw unauthorized('The token has no subject', 'invalid_token')
    }
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : []
    c.set('user', { id: claims.sub, scopes })
    await next()
  }),
  { security: 'bearerAuth', problems: { 401: 'Missing, invalid or expired bearer token' } },
)

/**
 * Requires every scope given in the token's `scope` claim; runs after `requireAuth`. A token
 * without one of them gets a 403 naming the missing scopes, with the RFC 6750 challenge.
 *
 * @example
 * notes.post('/', requireScope('notes:write'), jsonBody(NoteCreate), create)
 */
export function requireScope(...scopes: [string, ...string[]]) {
  const needed = scopes.join(' ')
  return withOpenApi(
    createMiddleware<AppEnv>(async function requireScope(c, next) {
      const missing = scopes.filter((scope) => !c.var.user.scopes.includes(scope))
      if (missing.length > 0) {
        const challenge = `Bearer realm="api", error="insufficient_scope", scope="${needed}"`
        throw new ProblemError(403, {
          detail: `The token lacks the scope ${missing.join(' and ')}`,
          headers: { 'www-authenticate': challenge },
        })
      }
      await next()
    }),
    { problems: { 403: `The token lacks the scope ${scopes.join(' and ')}` } },
  )
}
