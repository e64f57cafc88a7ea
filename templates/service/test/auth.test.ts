import { env } from 'cloudflare:workers'
import { sign } from 'hono/jwt'
import { describe, expect, it } from 'vitest'
import { createApp } from '../src/app'
import type { AppEnv } from '../src/env'
import { Hono } from '../src/lib/hono'
import { requireAuth, requireScope } from '../src/middleware/auth'
import { expectProblem } from './expect-problem'
import { ALLOWED_ORIGIN, api, authedApi, dataOf, request, token } from './helpers'

const now = () => Math.floor(Date.now() / 1000)

function base64url(value: unknown): string {
  return btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
}

async function withToken(jwt: string): Promise<Response> {
  return request('/me', { headers: { authorization: `Bearer ${jwt}` } })
}

async function expectUnauthorized(res: Response): Promise<void> {
  expect(res.status).toBe(401)
  expect(res.headers.get('content-type')).toBe('application/problem+json')
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="api"/)
}

describe('requireAuth', () => {
  it('Should return the current user for a valid token', async () => {
    const res = await withToken(await token({ sub: 'user-42', scope: 'notes:read notes:write' }))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ id: 'user-42', scopes: ['notes:read', 'notes:write'] })
  })

  it('Should answer the typed client as client/api.d.ts says: the caller, or a 401 problem', async () => {
    const user = dataOf(await authedApi.GET('/me'))
    expect(user).toEqual({ id: 'user-1', scopes: [] })
    const { data, error, response } = await api.GET('/me')
    await expectUnauthorized(response)
    expect(data).toBeUndefined()
    expect(error?.status).toBe(401)
  })

  it('Should reject a request without a token', async () => {
    await expectUnauthorized(await request('/me'))
  })

  it.each([
    ['a malformed token', async () => 'not-a-jwt'],
    [
      'a wrong secret',
      async () => sign({ sub: 'u', exp: now() + 60 }, 'another-secret-of-at-least-32-chars!!', 'HS256'),
    ],
    ['another algorithm', async () => sign({ sub: 'u', exp: now() + 60 }, env.JWT_SECRET, 'HS512')],
    ['an expired token', async () => token({ exp: now() - 60 })],
    ['a not-yet-valid token', async () => token({ nbf: now() + 3600 })],
    ['no subject', async () => token({ sub: undefined })],
    ['alg none', async () => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'u', exp: now() + 60 })}.`],
    [
      'a tampered payload',
      async () => {
        const [header, , signature] = (await token()).split('.')
        return `${header}.${base64url({ sub: 'admin', exp: now() + 60 })}.${signature}`
      },
    ],
  ])('Should reject %s', async (_, make) => {
    await expectUnauthorized(await withToken(await make()))
  })
})

describe('requireScope', () => {
  // The app as the Worker builds it, plus a route that needs two scopes, mounted where
  // registerRoutes mounts the others. Generated resources with --scope test their own routes.
  const app = createApp()
  const admin = new Hono<AppEnv>()
  admin.use(requireAuth)
  admin.get('/', requireScope('notes:write', 'notes:admin'), (c) => c.json(c.var.user))
  app.route('/__scoped', admin)

  async function withScopes(scope?: string): Promise<Response> {
    const headers = { authorization: `Bearer ${await token({ scope })}` }
    return app.request('/__scoped', { headers }, env)
  }

  it('Should let a token with every scope through, among others', async () => {
    const res = await withScopes('notes:read notes:admin notes:write')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ id: 'user-1', scopes: ['notes:read', 'notes:admin', 'notes:write'] })
  })

  it.each([
    ['no scope', undefined, 'notes:write and notes:admin'],
    ['one of the two', 'notes:write', 'notes:admin'],
    ['a scope that only starts the same', 'notes:writer notes:admin', 'notes:write'],
  ])('Should answer a token with %s with a 403 naming what is missing', async (_, scope, missing) => {
    const res = await withScopes(scope)
    const problem = await expectProblem(res, 403)
    expect(problem.detail).toBe(`The token lacks the scope ${missing}`)
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer realm="api", error="insufficient_scope", scope="notes:write notes:admin"',
    )
  })

  it('Should still answer 401, not 403, without a token', async () => {
    await expectUnauthorized(await app.request('/__scoped', {}, env))
  })
})

describe('CORS on protected routes', () => {
  it('Should answer a preflight from an allowed origin without a token', async () => {
    const res = await request('/me', {
      method: 'OPTIONS',
      headers: {
        origin: ALLOWED_ORIGIN,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN)
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization')
    // A preflight never reaches the handler: it carries no user data.
    expect(await res.text()).toBe('')
  })

  it('Should still reject the actual request without a token', async () => {
    const res = await request('/me', { headers: { origin: ALLOWED_ORIGIN } })
    await expectUnauthorized(res)
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN)
  })
})
