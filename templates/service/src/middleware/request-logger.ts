import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'

/**
 * Logs one JSON line per request, after the response is known: request id,
 * method, path, status and duration. Runs second, so it also sees requests
 * that later middleware rejects.
 */
export function requestLogger() {
  return createMiddleware<AppEnv>(async function requestLogger(c, next) {
    const started = Date.now()
    await next()
    console.log(
      JSON.stringify({
        level: 'info',
        message: 'request',
        requestId: c.var.requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: Date.now() - started,
      }),
    )
  })
}
