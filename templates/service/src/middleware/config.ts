import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { readConfig } from '../lib/config'

/** Puts the validated configuration on `c.var.config`; a bad one fails the request with a 500 problem. */
export function loadConfig() {
  return createMiddleware<AppEnv>(async function loadConfig(c, next) {
    c.set('config', readConfig(c.env))
    await next()
  })
}
