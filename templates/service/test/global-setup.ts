import { createHash } from 'node:crypto'
import { type AddressInfo, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { postgres } from '../scripts/db/driver'
import { startLocalPostgres } from '../scripts/db/local-postgres'
import { migrate } from '../scripts/db/migrate'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated test database, handed to the Hyperdrive binding in vitest.config.ts. */
    databaseUrl: string
  }
}

/**
 * Runs once per `npm test`: a throwaway Postgres with a fresh, migrated database, stopped (and
 * its data removed) when the run ends. DATABASE_URL points the tests at a server of your own.
 * The port is whatever is free, so a server of your own on the usual ports never collides; the
 * data directory is fixed per project folder, so a run that crashed leaves a postmaster.pid the
 * next run stops, and two projects' runs never stop each other's server.
 */
export default async function setup(project: TestProject) {
  const server = process.env.DATABASE_URL
    ? undefined
    : await startLocalPostgres({
        dir: join(tmpdir(), `test-postgres-${shortHash(project.config.root)}`),
        port: await freePort(),
        throwaway: true,
      })
  const url = process.env.DATABASE_URL ?? (await createDatabase(server?.url('postgres') ?? '', 'test'))
  await migrate(url)
  project.provide('databaseUrl', url)
  return () => server?.stop()
}

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} })
  await sql.unsafe(`CREATE DATABASE ${name}`)
  await sql.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.href
}

/** A TCP port nothing listens on right now, as the OS hands one out for port 0. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      // Listening on a TCP address, the server's address is an AddressInfo, never a pipe name.
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12)
}
