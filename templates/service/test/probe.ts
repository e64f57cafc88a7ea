import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import * as z from 'zod/mini'
import { createApp } from '../src/app'
import type { AppEnv } from '../src/env'
import { Hono } from '../src/lib/hono'
import { jsonBody, valid } from '../src/lib/validate'

/**
 * The request path for bodies, whatever resources the service has (it may have none, and no
 * route it always has takes a JSON body): the app exactly as src/index.ts exports it, plus one
 * route module mounted where registerRoutes mounts the others — after every app-wide
 * middleware, the rate limiter included — that validates its body with the same jsonBody()
 * and valid() as every generated resource. The deployed Worker never has this route.
 */
export const probePath = '/__probe'

/** A body like a resource's: a required trimmed string and an optional long text. */
export const Probe = z.strictObject({
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  body: z.optional(z.nullable(z.string().check(z.maxLength(10_000)))),
})

const probe = new Hono<AppEnv>()
probe.post('/', jsonBody(Probe), (c) => c.json(c.req.valid('json'), 201))
probe.patch('/:id', valid('param', z.object({ id: z.uuid() })), jsonBody(z.partial(Probe)), (c) =>
  c.json(c.req.valid('json')),
)

const app = createApp()
app.route(probePath, probe)

let clients = 0

/**
 * Sends a request to the app with the probe route, the way workerd calls the Worker's fetch
 * handler: with the Worker's own bindings and an execution context. Like `request` in
 * ./helpers, each request comes from a client IP of its own unless it sets one.
 */
export async function requestProbe(path: string, init?: RequestInit): Promise<Response> {
  const req = new Request(new URL(path, 'https://api.test'), init)
  if (!req.headers.has('cf-connecting-ip')) {
    req.headers.set('cf-connecting-ip', `2001:db8:1::${(++clients).toString(16)}`)
  }
  const ctx = createExecutionContext()
  const res = await app.fetch(req, env, ctx)
  await waitOnExecutionContext(ctx)
  return res
}
