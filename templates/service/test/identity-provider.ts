/**
 * The identity provider the tests trust, made up for each run (vitest.config.ts): an RS256 and
 * an ES256 key pair, whose public halves it serves as a JWKS to the Worker's outbound fetches
 * (nothing leaves the machine) and whose private halves the tests sign with (`token()` in
 * test/helpers.ts). Runs in Node, not in workerd.
 */

/** The `iss` of its tokens; the JWKS is served at JWKS_PATH under it. */
export const ISSUER = 'https://idp.test/'
export const JWKS_PATH = '/.well-known/jwks.json'

/**
 * A private signing key as a JWK with the `kid` and `alg` that end up in a token's header;
 * string members only, so it passes to workerd as a JSON binding.
 */
export type SigningJwk = Record<string, string> & { kty: string; kid: string; alg: 'RS256' | 'ES256' }

const keyParams = {
  RS256: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
} as const

/**
 * Fresh key pairs, the bindings that point the Worker at them and sign the tests' tokens, and
 * the outbound handler: on the issuer's host, the JWKS at JWKS_PATH and 404 for anything else
 * (a provider that is missing or misconfigured); requests to other hosts (servers the tests
 * start themselves) pass through.
 */
export async function localIdentityProvider() {
  const pairs = await Promise.all(
    (['RS256', 'ES256'] as const).map(async (alg) => {
      const pair = (await crypto.subtle.generateKey(keyParams[alg], true, ['sign', 'verify'])) as CryptoKeyPair
      const kid = `test-${alg.toLowerCase()}`
      const publicJwk = {
        ...((await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey),
        kid,
        alg,
        use: 'sig',
      }
      const { ext, key_ops, ...params } = (await crypto.subtle.exportKey('jwk', pair.privateKey)) as JsonWebKey
      const privateJwk = { ...params, kid, alg } as SigningJwk
      return { alg, publicJwk, privateJwk }
    }),
  )
  const jwks = JSON.stringify({ keys: pairs.map(({ publicJwk }) => publicJwk) })
  const jwksUrl = new URL(JWKS_PATH, ISSUER)
  return {
    bindings: {
      JWKS_URL: jwksUrl.href,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: 'https://api.test',
      TEST_SIGNING_KEYS: Object.fromEntries(pairs.map(({ alg, privateJwk }) => [alg, privateJwk])),
    },
    outboundService: async (request: Request): Promise<Response> => {
      const url = new URL(request.url)
      if (url.host !== jwksUrl.host) {
        // Miniflare's Request is not Node's: pass its parts on, not the object.
        const body = ['GET', 'HEAD'].includes(request.method) ? undefined : await request.arrayBuffer()
        return fetch(url, { method: request.method, headers: [...request.headers], body })
      }
      if (url.pathname !== JWKS_PATH) return new Response('Not Found', { status: 404 })
      return new Response(jwks, { headers: { 'content-type': 'application/json' } })
    },
  }
}
