import { env } from 'cloudflare:workers'
import { sign } from 'hono/jwt'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp } from '../src/app'
import { CLOCK_LEEWAY_S, KeySet, REFETCH_COOLDOWN_MS } from '../src/lib/jwks'
import { expectProblem } from './expect-problem'
import { token } from './helpers'

// Tokens from the identity provider of test/identity-provider.ts, whose JWKS the Worker
// fetches through the test run's outbound handler.

afterEach(() => vi.restoreAllMocks())

const now = () => Math.floor(Date.now() / 1000)
const keys = env.TEST_SIGNING_KEYS

function base64url(value: string | ArrayBuffer): string {
  const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : new Uint8Array(value)
  return btoa(String.fromCharCode(...bytes))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
}

/** A token with any header, signed with HMAC-SHA256 and `secret`, as an attacker would forge one. */
async function hmacToken(header: object, claims: object, secret: string): Promise<string> {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  return `${input}.${base64url(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(input)))}`
}

const validClaims = () => ({ sub: 'u', iss: env.JWT_ISSUER, aud: env.JWT_AUDIENCE, exp: now() + 600 })

let isolates = 0
/** A JWKS URL nothing has fetched yet, so its keys start uncached as in a new isolate. */
function freshJwksUrl(path = '/.well-known/jwks.json'): string {
  return `https://idp.test${path}?isolate=${++isolates}`
}

let clients = 0
/** GET /me with this token, through an app whose vars have `vars` in place. */
async function me(jwt: string, vars: Record<string, string> = {}): Promise<Response> {
  // A client address of its own per request: the rate limit is not under test here.
  const headers = { authorization: `Bearer ${jwt}`, 'cf-connecting-ip': `2001:db8:1::${(++clients).toString(16)}` }
  return createApp().request('/me', { headers }, { ...env, ...vars })
}

/** Counts the Worker's fetches of `url`, passing them on to the test identity provider. */
function countFetches(url: string): () => number {
  const spy = vi.spyOn(globalThis, 'fetch')
  return () => spy.mock.calls.filter(([input]) => String(input instanceof Request ? input.url : input) === url).length
}

async function expectInvalidToken(res: Response): Promise<void> {
  await expectProblem(res, 401)
  expect(res.headers.get('www-authenticate')).toBe('Bearer realm="api", error="invalid_token"')
}

describe('tokens from the identity provider', () => {
  it.each(['RS256', 'ES256'] as const)('Should accept a %s token signed with a key from the JWKS', async (alg) => {
    const res = await me(await token({ sub: 'user-7', scope: 'notes:read' }, alg))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ id: 'user-7', scopes: ['notes:read'] })
  })

  it('Should read scopes from an `scp` array as some providers send them', async () => {
    const res = await me(await token({ scp: ['notes:read', 'notes:write'] }))
    expect(await res.json()).toEqual({ id: 'user-1', scopes: ['notes:read', 'notes:write'] })
  })

  it.each([
    ['exp', -(CLOCK_LEEWAY_S - 10)],
    ['nbf', CLOCK_LEEWAY_S - 10],
    ['iat', CLOCK_LEEWAY_S - 10],
  ])('Should tolerate a clock skew within the leeway on %s', async (claim, offset) => {
    expect((await me(await token({ [claim]: now() + offset }))).status).toBe(200)
  })

  it.each([
    ['another issuer', () => token({ iss: 'https://evil.test/' })],
    ['no issuer', () => token({ iss: undefined })],
    ['another audience', () => token({ aud: 'https://another-api.test' })],
    ['no audience', () => token({ aud: undefined })],
    ['a token expired beyond the leeway', () => token({ exp: now() - CLOCK_LEEWAY_S - 10 })],
    ['a token not valid until beyond the leeway', () => token({ nbf: now() + CLOCK_LEEWAY_S + 10 })],
    ['a token issued beyond the leeway in the future', () => token({ iat: now() + CLOCK_LEEWAY_S + 10 })],
    ['a token without exp', () => token({ exp: undefined })],
    ['a key the JWKS does not list', () => sign(validClaims(), { ...keys.RS256, kid: 'rotated-away' })],
    ['a token without kid', () => sign(validClaims(), { ...keys.RS256, kid: undefined })],
    ['an RS256 token naming the ES256 key', () => sign(validClaims(), { ...keys.RS256, kid: keys.ES256.kid })],
    [
      // With some bytes where the signature goes, so it reaches the signature check.
      'alg none',
      async () =>
        `${base64url(JSON.stringify({ alg: 'none', kid: keys.RS256.kid }))}.${base64url(JSON.stringify(validClaims()))}.${base64url('x')}`,
    ],
    [
      // The algorithm-confusion attack: HS256 keyed with the public key everyone can read.
      'HS256 keyed with the public RSA key',
      () => hmacToken({ alg: 'HS256', typ: 'JWT', kid: keys.RS256.kid }, validClaims(), String(keys.RS256.n)),
    ],
    [
      'a tampered payload',
      async () => {
        const [header, , signature] = (await token()).split('.')
        return `${header}.${base64url(JSON.stringify({ ...validClaims(), sub: 'admin' }))}.${signature}`
      },
    ],
    [
      'a tampered ES256 signature',
      async () => {
        const jwt = await token({}, 'ES256')
        return `${jwt.slice(0, -2)}${jwt.endsWith('AA') ? 'BB' : 'AA'}`
      },
    ],
  ])('Should reject %s with a 401', async (_, make) => {
    await expectInvalidToken(await me(await make()))
  })
})

describe('the key cache', () => {
  it('Should fetch the JWKS once for many requests', async () => {
    const url = freshJwksUrl()
    const fetches = countFetches(url)
    for (let i = 0; i < 5; i++) expect((await me(await token(), { JWKS_URL: url })).status).toBe(200)
    expect(fetches()).toBe(1)
  })

  it('Should have concurrent first requests share one fetch and all pass', async () => {
    const url = freshJwksUrl()
    const fetches = countFetches(url)
    const jwt = await token()
    const statuses = await Promise.all(Array.from({ length: 5 }, async () => (await me(jwt, { JWKS_URL: url })).status))
    expect(statuses).toEqual([200, 200, 200, 200, 200])
    expect(fetches()).toBe(1)
  })

  it('Should not refetch for a flood of unknown kids within the cooldown', async () => {
    const url = freshJwksUrl()
    const fetches = countFetches(url)
    expect((await me(await token(), { JWKS_URL: url })).status).toBe(200)
    for (let i = 0; i < 20; i++) {
      await expectInvalidToken(
        await me(await sign(validClaims(), { ...keys.RS256, kid: crypto.randomUUID() }), { JWKS_URL: url }),
      )
    }
    expect(fetches()).toBe(1)
  })

  it('Should refetch once for an unknown kid after the cooldown, then find no key', async () => {
    const url = freshJwksUrl()
    const fetches = countFetches(url)
    const keySet = new KeySet(url, { ttlMs: 60_000, cooldownMs: 0 })
    expect((await keySet.key(keys.ES256.kid))?.alg).toBe('ES256')
    expect(await keySet.key('rotated-in-later')).toBeUndefined()
    expect(fetches()).toBe(2)
    // A known kid within the TTL costs nothing.
    await keySet.key(keys.RS256.kid)
    expect(fetches()).toBe(2)
  })

  it('Should refetch known keys once their TTL is over', async () => {
    const url = freshJwksUrl()
    const fetches = countFetches(url)
    const keySet = new KeySet(url, { ttlMs: 0, cooldownMs: 0 })
    await keySet.key(keys.RS256.kid)
    await keySet.key(keys.RS256.kid)
    expect(fetches()).toBe(2)
  })

  it('Should answer 503 with Retry-After, and log, while the provider keys cannot be fetched', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const url = freshJwksUrl('/missing/jwks.json')
    const fetches = countFetches(url)
    for (let i = 0; i < 3; i++) {
      const res = await me(await token(), { JWKS_URL: url })
      expect((await expectProblem(res, 503)).detail).toBe('The signing keys of the identity provider cannot be fetched')
      expect(res.headers.get('retry-after')).toBe(String(REFETCH_COOLDOWN_MS / 1000))
    }
    // One attempt per cooldown, not one per request.
    expect(fetches()).toBe(1)
    expect(String(error.mock.calls[0]?.[0])).toContain('answered 404')
  })
})

describe('identity provider configuration', () => {
  it.each([
    ['JWKS_URL', 'http://idp.example.com/.well-known/jwks.json'],
    ['JWKS_URL', 'idp.example.com/.well-known/jwks.json'],
    ['JWKS_URL', ''],
    ['JWT_ISSUER', ''],
    ['JWT_AUDIENCE', ' '],
  ])('Should refuse %s=%j with a 500 problem naming it', async (name, value) => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const res = await createApp().request('/health', {}, { ...env, [name]: value })
    expect((await expectProblem(res, 500)).detail).toContain(`${name} (var)`)
    expect(String(error.mock.calls[0]?.[0])).toContain(name)
  })

  it('Should take a plain-http JWKS_URL on localhost, for a provider run locally', async () => {
    const res = await createApp().request('/health', {}, { ...env, JWKS_URL: 'http://localhost:8080/jwks.json' })
    expect(res.status).toBe(200)
  })
})
