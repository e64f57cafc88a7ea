/**
 * `npm run dev`: starts the local Postgres (data kept in .data/postgres) that wrangler.jsonc's
 * localConnectionString names, creates its database if missing, applies pending migrations,
 * then runs `wrangler dev` with the Hyperdrive binding pointed at it. Ctrl-C stops both. Set
 * DATABASE_URL (or wrangler's CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE) to use a
 * Postgres of your own instead.
 */
import { spawn } from 'node:child_process'
import { startDevDatabase } from './db/dev-database'
import type { LocalPostgres } from './db/local-postgres'
import { migrate } from './db/migrate'

let server: LocalPostgres | undefined
let url = process.env.DATABASE_URL ?? process.env.CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE
if (!url) {
  const dev = await startDevDatabase()
  server = dev.server
  url = dev.url
}
const applied = await migrate(url)
if (applied.length) console.log(`Applied ${applied.join(', ')}`)

const wrangler = spawn('npx', ['wrangler', 'dev', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: url },
})
const stop = () => wrangler.kill('SIGINT')
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
wrangler.on('exit', async (code) => {
  await server?.stop()
  process.exitCode = code ?? 0
})
