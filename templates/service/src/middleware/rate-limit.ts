import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { withOpenApi } from '../lib/openapi-meta'
import { ProblemError } from '../lib/problem'

/** Matches `simple.period` of the RATE_LIMITER binding in wrangler.jsonc. */
const PERIOD_SECONDS = 60

/**
 * Limits requests per client IP with the Workers Rate Limiting binding
 * (counters are per Cloudflare location, so treat the limit as approximate).
 * It applies to the routes registered after it (see `createApp`), and the
 * OpenAPI document lists its 429 on exactly those.
 */
export function rateLimit() {
  return withOpenApi(
    createMiddleware<AppEnv>(async function rateLimit(c, next) {
      const key = c.req.header('cf-connecting-ip') ?? 'unknown'
      const { success } = await c.env.RATE_LIMITER.limit({ key })
      if (!success) {
        throw new ProblemError(429, {
          detail: `Rate limit exceeded; retry in ${PERIOD_SECONDS} seconds`,
          headers: { 'retry-after': String(PERIOD_SECONDS) },
        })
      }
      await next()
    }),
    { problems: { 429: 'Rate limit exceeded' } },
  )
}
