import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { postgres } from '../scripts/db/driver'
import { freePort, startLocalPostgres } from '../scripts/db/local-postgres'
import { migrate } from '../scripts/db/migrate'
import { startOutageControl } from './outage-postgres'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated test database, handed to the Hyperdrive binding in vitest.config.ts. */
    databaseUrl: string
    /** Where test/postgres-outage.test.ts stops and starts a Postgres of its own (test/outage-postgres.ts). */
    outageControl: string
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
  const dir = join(tmpdir(), `test-postgres-${shortHash(project.config.root)}`)
  const server = process.env.DATABASE_URL
    ? undefined
    : await startLocalPostgres({
        dir,
        port: await freePort(),
        throwaway: true,
      })
  const url = process.env.DATABASE_URL ?? (await createDatabase(server?.url('postgres') ?? '', 'test'))
  await migrate(url)
  project.provide('databaseUrl', url)
  const outage = await startOutageControl(`${dir}-outage`)
  project.provide('outageControl', outage.url)
  return async () => {
    await outage.close()
    await server?.stop()
  }
}

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} })
  await sql.unsafe(`CREATE DATABASE ${name}`)
  await sql.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.href
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12)
}
