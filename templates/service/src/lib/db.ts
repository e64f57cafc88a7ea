import type { Context, MiddlewareHandler } from 'hono'
import postgres from 'postgres'
import type { AppEnv } from '../env'
import { readConfig } from './config'

/** A Postgres client through the HYPERDRIVE binding: tagged templates, parameterised only. */
export type Sql = postgres.Sql

/**
 * The request's Postgres client, created on first use. Hyperdrive makes connecting cheap, so
 * each request gets its own small client and `closeDatabase` ends it after the response.
 */
export function db(c: Context<AppEnv>): Sql {
  const existing = c.get('sql')
  if (existing) return existing
  const sql = connect(c.env)
  c.set('sql', sql)
  return sql
}

/**
 * Runs `use` with a client of its own, for work outside a request (a queue batch, a cron job),
 * where there is no `db(c)`: the client ends once `use` settles, through `ctx.waitUntil`.
 *
 * @example await withDatabase(env, ctx, (sql) => sql`DELETE FROM sessions WHERE expires_at < now()`)
 */
export async function withDatabase<T>(env: Env, ctx: ExecutionContext, use: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = connect(env)
  try {
    return await use(sql)
  } finally {
    ctx.waitUntil(sql.end({ timeout: 5 }))
  }
}

/**
 * A client through Hyperdrive. Its size and statement timeout come from the configuration
 * (DATABASE_* vars in wrangler.jsonc).
 */
function connect(env: Env): Sql {
  const { maxConnections, statementTimeoutMs } = readConfig(env).database
  return postgres(env.HYPERDRIVE.connectionString, {
    // Queries past this many wait for a free connection of the same client.
    max: maxConnections,
    // Types are fixed at build time; skipping the lookup saves a round trip per client.
    fetch_types: false,
    // Seconds. Hyperdrive answers at once; a database that does not answer is an error, not a hang.
    connect_timeout: 2,
    // A slow query fails as an error instead of holding the request until its timeout.
    connection: { statement_timeout: statementTimeoutMs },
  })
}

/** Ends the request's client, if it made one, once the response is on its way. */
export function closeDatabase(): MiddlewareHandler<AppEnv> {
  return async function closeDatabase(c, next) {
    await next()
    const sql = c.get('sql')
    if (!sql) return
    const closing = sql.end({ timeout: 5 })
    try {
      c.executionCtx.waitUntil(closing)
    } catch {
      // app.request() in tests has no execution context: close before answering instead.
      await closing
    }
  }
}
