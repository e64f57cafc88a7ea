import { decode, verify } from 'hono/jwt'

// Tokens come from an identity provider (Auth0, Okta, Cognito, ...) that publishes the public
// half of its signing keys as a JWKS. Each isolate keeps the keys it fetched, by `kid`, so a
// request costs one signature check, not a round trip to the provider.

/** Keys are used this long before the next token fetches them again. */
export const KEYS_TTL_MS = 10 * 60_000
/**
 * At most one fetch per this interval, whatever the tokens say: a flood of tokens naming
 * unknown kids (or a provider that is down) costs one fetch per isolate, not one per request.
 */
export const REFETCH_COOLDOWN_MS = 30_000
/** Clock difference tolerated between the provider and the Worker, on `exp`, `nbf` and `iat`. */
export const CLOCK_LEEWAY_S = 60
const FETCH_TIMEOUT_MS = 5_000

/** Where tokens come from and whom they must be for (JWKS_URL, JWT_ISSUER, JWT_AUDIENCE). */
export type JwksConfig = { url: string; issuer: string; audience: string }

/** The only algorithms accepted, each with the WebCrypto parameters of its keys. */
const algorithms = {
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
} as const
type Algorithm = keyof typeof algorithms
type VerifyingKey = { alg: Algorithm; key: CryptoKey }

/** The provider's keys could not be fetched and none are known: no token can be checked. */
export class KeysUnavailableError extends Error {
  override name = 'KeysUnavailableError'
}

/** One JWKS URL's keys, fetched on first use, refreshed after their TTL or on an unknown kid. */
export class KeySet {
  #keys = new Map<string, VerifyingKey>()
  #fetchedAt = Number.NEGATIVE_INFINITY
  #attemptedAt = Number.NEGATIVE_INFINITY
  #pending: Promise<void> | undefined

  constructor(
    readonly url: string,
    readonly timing = { ttlMs: KEYS_TTL_MS, cooldownMs: REFETCH_COOLDOWN_MS },
  ) {}

  /**
   * The key named `kid`, or undefined when the provider does not list it. Stale keys are still
   * used while the provider cannot be reached, so an outage of the provider does not log
   * everyone out; with no keys at all it throws KeysUnavailableError.
   */
  async key(kid: string): Promise<VerifyingKey | undefined> {
    const now = Date.now()
    const wanted = now - this.#fetchedAt >= this.timing.ttlMs || !this.#keys.has(kid)
    if (wanted && !this.#pending && now - this.#attemptedAt >= this.timing.cooldownMs) {
      this.#pending = this.#refresh().finally(() => {
        this.#pending = undefined
      })
    }
    // Requests arriving during a fetch wait for it, rather than answer without its keys.
    if (wanted) await this.#pending
    if (this.#keys.size === 0) throw new KeysUnavailableError(`No signing keys from ${this.url}`)
    return this.#keys.get(kid)
  }

  async #refresh(): Promise<void> {
    this.#attemptedAt = Date.now()
    try {
      const res = await fetch(this.url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      })
      if (!res.ok) throw new Error(`it answered ${res.status}`)
      const keys = await importKeys(await res.json())
      if (keys.size === 0) throw new Error('it lists no RS256 or ES256 signing key')
      this.#keys = keys
      this.#fetchedAt = Date.now()
    } catch (error) {
      console.error(JSON.stringify({ message: `Cannot fetch the JWKS at ${this.url}: ${(error as Error).message}` }))
    }
  }
}

/** The signing keys of a JWKS document, by kid; keys for other uses or algorithms are skipped. */
async function importKeys(body: unknown): Promise<Map<string, VerifyingKey>> {
  const listed = (body as { keys?: unknown } | null)?.keys
  if (!Array.isArray(listed)) throw new Error('its answer has no "keys" array')
  const keys = new Map<string, VerifyingKey>()
  for (const jwk of listed as (JsonWebKey & { kid?: unknown })[]) {
    const alg = algorithmOf(jwk)
    if (!alg || typeof jwk.kid !== 'string' || (jwk.use !== undefined && jwk.use !== 'sig')) continue
    // Only the public parameters: a listed `alg` or `key_ops` must not widen what the key is for.
    const { kty, n, e, crv, x, y } = jwk
    const key = await crypto.subtle.importKey('jwk', { kty, n, e, crv, x, y }, algorithms[alg], false, ['verify'])
    keys.set(jwk.kid, { alg, key })
  }
  return keys
}

/** The algorithm a key is for, from its type and curve; a key naming another `alg` has none. */
function algorithmOf(jwk: JsonWebKey): Algorithm | undefined {
  const alg = jwk.kty === 'RSA' ? 'RS256' : jwk.kty === 'EC' && jwk.crv === 'P-256' ? 'ES256' : undefined
  return jwk.alg === undefined || jwk.alg === alg ? alg : undefined
}

// One key set per URL for the isolate's lifetime.
const keySets = new Map<string, KeySet>()

/**
 * Verifies a token from the identity provider and answers its claims, or undefined when it
 * fails a check: the signature with the key its `kid` names and that key's algorithm (never
 * the token's own choice, so `none` and HS256 fail), the issuer and audience, and `exp`
 * (required), `nbf` and `iat` with CLOCK_LEEWAY_S of tolerance.
 *
 * @throws KeysUnavailableError when the provider's keys cannot be had
 */
export async function verifyProviderToken(
  token: string,
  config: JwksConfig,
): Promise<Record<string, unknown> | undefined> {
  let kid: unknown
  try {
    kid = decode(token).header.kid
  } catch {
    return undefined
  }
  if (typeof kid !== 'string') return undefined
  const keySet = keySets.get(config.url) ?? new KeySet(config.url)
  keySets.set(config.url, keySet)
  const signing = await keySet.key(kid)
  if (!signing) return undefined

  // hono's own time checks have no leeway: they are off here and done below.
  const options = { alg: signing.alg, iss: config.issuer, aud: config.audience, exp: false, nbf: false, iat: false }
  const claims = await verify(token, signing.key, options).catch(() => undefined)
  const now = Math.floor(Date.now() / 1000)
  const notAfterNow = (time: unknown) =>
    time === undefined || (typeof time === 'number' && time - CLOCK_LEEWAY_S <= now)
  const { exp, nbf, iat } = claims ?? {}
  const live = typeof exp === 'number' && exp + CLOCK_LEEWAY_S > now && notAfterNow(nbf) && notAfterNow(iat)
  return live ? claims : undefined
}
