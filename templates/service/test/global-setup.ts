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
 */
export default async function setup(project: TestProject) {
  const server = process.env.DATABASE_URL
    ? undefined
    : await startLocalPostgres({
        dir: join(tmpdir(), `${project.config.name || 'service'}-test-postgres`),
        port: 54330,
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
