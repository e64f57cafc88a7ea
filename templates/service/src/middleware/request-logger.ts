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
    // This runs on every request, so the line is built as one string: no intermediate object
    // for JSON.stringify to walk. Only the path is escaped: the request id is validated by
    // hono/request-id (word characters, `-`, `=`), the method is an HTTP token, the rest are numbers.
    console.log(
      `{"level":"info","message":"request","requestId":"${c.var.requestId}","method":"${c.req.method}","path":${JSON.stringify(c.req.path)},"status":${c.res.status},"durationMs":${Date.now() - started}}`,
    )
  })
}
