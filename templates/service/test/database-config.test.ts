import { env } from 'cloudflare:workers'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { readConfig } from '../src/lib/config'
import { requestDatabase } from './database-app'
import { expectProblem } from './expect-problem'

afterEach(() => vi.restoreAllMocks())

describe('database configuration', () => {
  it('Should size the client and time statements as wrangler.jsonc says, with defaults when unset', () => {
    expect(readConfig(env).database).toEqual({
      maxConnections: Number(env.DATABASE_MAX_CONNECTIONS),
      statementTimeoutMs: Number(env.DATABASE_STATEMENT_TIMEOUT_MS),
    })
    const unset = { ...env, DATABASE_MAX_CONNECTIONS: '', DATABASE_STATEMENT_TIMEOUT_MS: ' ' }
    expect(readConfig(unset).database).toEqual({ maxConnections: 5, statementTimeoutMs: 5_000 })
  })

  it.each([
    ['DATABASE_MAX_CONNECTIONS', '0'],
    ['DATABASE_MAX_CONNECTIONS', '7'],
    ['DATABASE_MAX_CONNECTIONS', '2.5'],
    ['DATABASE_MAX_CONNECTIONS', 'five'],
    ['DATABASE_STATEMENT_TIMEOUT_MS', '0'],
    ['DATABASE_STATEMENT_TIMEOUT_MS', '-100'],
    ['DATABASE_STATEMENT_TIMEOUT_MS', '60001'],
    ['DATABASE_STATEMENT_TIMEOUT_MS', '5s'],
  ])('Should refuse %s=%s with a 500 problem naming it', async (name, value) => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const problem = await expectProblem(await requestDatabase({ [name]: value }, '/__db'), 500)
    expect(problem.detail).toContain(`${name} (var) must be a whole number`)
    expect(String(error.mock.calls[0]?.[0])).toContain(name)
  })

  it.each([1, 3])('Should open at most DATABASE_MAX_CONNECTIONS=%i connections for one request', async (max) => {
    const res = await requestDatabase({ DATABASE_MAX_CONNECTIONS: String(max) }, '/__db/sessions?n=6')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ sessions: max })
  })
})
