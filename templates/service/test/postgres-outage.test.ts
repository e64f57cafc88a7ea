import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest'
import { closed, requestDatabase } from './database-app'
import { expectProblem } from './expect-problem'

// A Postgres of this file's own (test/outage-postgres.ts), which the tests stop and fill up
// while the shared test database keeps serving every other file.
const control = inject('outageControl')

type Sessions = { connected: number; active: number; waiting: number }

async function command<T>(method: 'GET' | 'POST', path: string): Promise<T> {
  const res = await fetch(`${control}${path}`, { method })
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  return res.json()
}

/** Polls the server's sessions of the app until `done` holds; fails after a few seconds. */
async function sessionsUntil(done: (sessions: Sessions) => boolean): Promise<Sessions> {
  const deadline = Date.now() + 5_000
  for (;;) {
    const sessions = await command<Sessions>('GET', '/sessions')
    if (done(sessions)) return sessions
    if (Date.now() > deadline) throw new Error(`Sessions never settled: ${JSON.stringify(sessions)}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** Sends a request and measures how long its answer took. */
async function timed(bindings: Partial<Env>, path: string): Promise<{ res: Response; ms: number }> {
  const started = Date.now()
  const res = await requestDatabase(bindings, path)
  return { res, ms: Date.now() - started }
}

let bindings: Partial<Env>
let lock: number
let connectionLimit: number

beforeAll(async () => {
  const started = await command<{ url: string; lock: number; connectionLimit: number }>('POST', '/start')
  ;({ lock, connectionLimit } = started)
  // A long statement timeout, so what ends the statements below is the outage, never the timeout.
  bindings = { HYPERDRIVE: { connectionString: started.url } as Hyperdrive, DATABASE_STATEMENT_TIMEOUT_MS: '30000' }
}, 30_000)

afterAll(() => command('POST', '/stop'), 30_000)

// Each 503 logs a line; the assertions are about responses.
beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {})
})
afterEach(() => vi.restoreAllMocks())

describe('with Postgres stopped mid-run', () => {
  it('Should answer 503 problems promptly while it is down, then 200 again once it is back, leaving no session behind', async () => {
    expect((await requestDatabase(bindings, '/__db')).status).toBe(200)
    await closed()
    await sessionsUntil((sessions) => sessions.connected === 0)

    // A statement in flight when the server shuts down.
    const inFlight = timed(bindings, '/__db/slow')
    await sessionsUntil((sessions) => sessions.active === 1)
    await command('POST', '/stop')
    const cut = await inFlight
    await expectProblem(cut.res, 503)
    expect(cut.ms).toBeLessThan(10_000)

    // New requests while it is down: each a 503 within the connect timeout, none hung.
    const whileDown = await Promise.all(Array.from({ length: 5 }, () => timed(bindings, '/__db')))
    for (const { res, ms } of whileDown) {
      await expectProblem(res, 503)
      expect(ms).toBeLessThan(3_000)
    }
    const ready = await requestDatabase(bindings, '/ready')
    expect(ready.status).toBe(503)

    await command('POST', '/start')
    const back = await requestDatabase(bindings, '/__db')
    expect(back.status).toBe(200)
    expect(await back.json()).toEqual({ one: 1 })
    expect((await requestDatabase(bindings, '/ready')).status).toBe(200)
    // Every request closed what it opened: the server is back to no sessions of the app.
    await closed()
    await sessionsUntil((sessions) => sessions.connected === 0)
  }, 30_000)
})

describe('with every connection the database allows in use', () => {
  it('Should answer the requests past the limit with 503 problems promptly, and serve the held ones once they finish', async () => {
    await command('POST', '/hold')
    // Requests that take every connection the app's role may open, each waiting on the lock.
    const held = Array.from({ length: connectionLimit }, () => timed(bindings, `/__db/wait?lock=${lock}`))
    try {
      await sessionsUntil((sessions) => sessions.waiting === connectionLimit)
      const past = await Promise.all(Array.from({ length: 5 }, () => timed(bindings, '/__db')))
      for (const { res, ms } of past) {
        await expectProblem(res, 503)
        expect(ms).toBeLessThan(3_000)
      }
    } finally {
      await command('POST', '/release')
    }
    for (const { res } of await Promise.all(held)) expect(res.status).toBe(200)
    await closed()
    await sessionsUntil((sessions) => sessions.connected === 0)
    expect((await requestDatabase(bindings, '/__db')).status).toBe(200)
  }, 30_000)
})

describe('with a database that accepts connections and never answers', () => {
  it('Should answer 503 problems once the connect timeout passes, never hanging', async () => {
    const { url } = await command<{ url: string }>('POST', '/silent')
    const silent = { ...bindings, HYPERDRIVE: { connectionString: url } as Hyperdrive }
    const answers = await Promise.all(Array.from({ length: 3 }, () => timed(silent, '/__db')))
    for (const { res, ms } of answers) {
      await expectProblem(res, 503)
      // The client's connect timeout is 2 s (src/lib/db.ts); nothing else ends these.
      expect(ms).toBeGreaterThanOrEqual(1_500)
      expect(ms).toBeLessThan(6_000)
    }
    await closed()
  }, 30_000)
})
