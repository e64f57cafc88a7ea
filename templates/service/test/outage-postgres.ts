/**
 * A second Postgres that test/postgres-outage.test.ts stops, restarts and fills up, so the
 * shared test database stays up for every other file. Those tests run inside workerd, which
 * cannot manage processes, so test/global-setup.ts serves this over HTTP on 127.0.0.1 under a
 * random path (nothing else on the machine drives it by accident):
 *
 *   POST /start     starts (or restarts) the server: { url, connectionLimit, lock }
 *   POST /stop      fast shutdown, as when the database goes away under load
 *   GET  /sessions  { connected, active, waiting }: server sessions of the app's role
 *   POST /hold      takes the advisory lock `lock`, so queries waiting for it hold their connection
 *   POST /release   lets them go
 *   POST /silent    a listener that accepts connections and never answers: { url }
 */
import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net'
import type { ReservedSql, Sql } from 'postgres'
import { postgres } from '../scripts/db/driver'
import { freePort, type LocalPostgres, startLocalPostgres } from '../scripts/db/local-postgres'

/** Sessions the app's role may open at once: a pool small enough for a test to exhaust. */
const CONNECTION_LIMIT = 3
const LOCK = 4242
const role = 'app'

export type OutageControl = { url: string; close: () => Promise<void> }

/** Serves the control endpoints; the server itself starts on the first `/start`. */
export async function startOutageControl(dir: string): Promise<OutageControl> {
  const port = await freePort()
  const appUrl = `postgres://${role}:${role}@127.0.0.1:${port}/postgres`
  let server: LocalPostgres | undefined
  let admin: Sql | undefined
  let hold: ReservedSql | undefined

  // Accepts and says nothing, as a database (or a pool in front of it) that is overwhelmed.
  const silentSockets = new Set<Socket>()
  const silent = createTcpServer((socket) => {
    silentSockets.add(socket)
    socket.on('close', () => silentSockets.delete(socket))
  })

  async function stop(): Promise<void> {
    hold = undefined
    await admin?.end({ timeout: 0 })
    admin = undefined
    await server?.stop()
    server = undefined
  }

  const actions: Record<string, () => Promise<unknown>> = {
    'POST /start': async () => {
      if (!server) {
        server = await startLocalPostgres({ dir, port })
        // Two connections: `/hold` keeps one for as long as it holds the lock.
        admin = postgres(server.url('postgres'), { max: 2, onnotice: () => {} })
        const [exists] = await admin`SELECT 1 FROM pg_roles WHERE rolname = ${role}`
        if (!exists)
          await admin.unsafe(`CREATE ROLE ${role} LOGIN PASSWORD '${role}' CONNECTION LIMIT ${CONNECTION_LIMIT}`)
      }
      return { url: appUrl, connectionLimit: CONNECTION_LIMIT, lock: LOCK }
    },
    'POST /stop': stop,
    'GET /sessions': async () => {
      if (!admin) throw new Error('The outage server is not running')
      const [sessions] = await admin`
        SELECT count(*)::int AS connected,
          count(*) FILTER (WHERE state = 'active')::int AS active,
          count(*) FILTER (WHERE wait_event_type = 'Lock')::int AS waiting
        FROM pg_stat_activity WHERE usename = ${role}`
      return sessions
    },
    'POST /hold': async () => {
      if (!admin || hold) throw new Error('Nothing to hold: the server is stopped or the lock is held')
      hold = await admin.reserve()
      await hold`SELECT pg_advisory_lock(${LOCK})`
    },
    'POST /silent': async () => {
      if (!silent.listening) await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
      const { port: silentPort } = silent.address() as AddressInfo
      return { url: `postgres://${role}:${role}@127.0.0.1:${silentPort}/postgres` }
    },
    'POST /release': async () => {
      if (!hold) return
      await hold`SELECT pg_advisory_unlock(${LOCK})`
      hold.release()
      hold = undefined
    },
  }

  const token = randomBytes(16).toString('hex')
  const http = createServer(async (req, res) => {
    const path = req.url?.startsWith(`/${token}/`) ? req.url.slice(token.length + 1) : ''
    const action = actions[`${req.method} ${path}`]
    try {
      if (!action) throw new Error(`No action ${req.method} ${req.url}`)
      const body = JSON.stringify((await action()) ?? {})
      res.writeHead(200, { 'content-type': 'application/json' }).end(body)
    } catch (error) {
      res.writeHead(action ? 500 : 404, { 'content-type': 'text/plain' }).end(String(error))
    }
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  // Listening on a TCP address, the server's address is an AddressInfo, never a pipe name.
  const { port: controlPort } = http.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${controlPort}/${token}`,
    close: async () => {
      http.close()
      for (const socket of silentSockets) socket.destroy()
      silent.close()
      await stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
