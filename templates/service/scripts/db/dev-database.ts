import { resolve } from 'node:path'
import { createDatabase } from './driver'
import { type LocalPostgres, startLocalPostgres } from './local-postgres'

/**
 * The database `npm run dev` serves and `npm run db:migrate:local` migrates: the
 * localConnectionString of the HYPERDRIVE binding in wrangler.jsonc, the one place it is written.
 */
export async function devDatabaseUrl(): Promise<URL> {
  // Wrangler's own reader: comments, trailing commas and environments are its business.
  const { unstable_readConfig } = await import('wrangler')
  const config = unstable_readConfig({ config: 'wrangler.jsonc' }, { hideWarnings: true })
  const bindings: { binding: string; localConnectionString?: string }[] = config.hyperdrive
  const local = bindings.find(({ binding }) => binding === 'HYPERDRIVE')?.localConnectionString
  if (!local) {
    throw new Error(
      'wrangler.jsonc has no "localConnectionString" on its HYPERDRIVE binding: add the local database URL',
    )
  }
  return new URL(local)
}

/**
 * Starts the local server the dev database lives on (data kept in .data/postgres) and creates
 * the database if it is missing. Call only when nothing answers at `devDatabaseUrl()`: a
 * server left running on the same data is stopped first (see `startLocalPostgres`).
 */
export async function startDevDatabase(): Promise<{ url: string; server: LocalPostgres }> {
  const local = await devDatabaseUrl()
  const server = await startLocalPostgres({
    dir: resolve('.data/postgres'),
    port: Number(local.port),
    user: decodeURIComponent(local.username),
    password: decodeURIComponent(local.password),
  })
  const url = await createDatabase(server.url('postgres'), decodeURIComponent(local.pathname.slice(1)))
  return { url, server }
}
