import { describe, expect, it } from 'vitest'
import { request } from './helpers'

// wrangler.jsonc allows 100 requests per 60 s per client. The local limiter counts in
// fixed windows, so a run that straddles a window boundary may see more than 100 pass.
const LIMIT = 100
// The limiter runs before routing, so a path no route answers counts too: the loop then
// touches no database and stays quick whatever the service's database is.
const UNROUTED = '/not-a-route'

describe('rate limit', () => {
  it('Should answer 429 with Retry-After once a client exceeds the limit', async () => {
    const headers = { 'cf-connecting-ip': '203.0.113.7' }
    let allowed = 0
    let res = await request(UNROUTED, { headers })
    while (res.status === 404 && allowed < 2 * LIMIT + 1) {
      allowed++
      res = await request(UNROUTED, { headers })
    }
    expect(allowed).toBeGreaterThanOrEqual(LIMIT)
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('60')
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    // The liveness probe is exempt: monitors must not see a 429 as "down".
    expect((await request('/health', { headers })).status).toBe(200)
    // Other clients are unaffected.
    expect((await request('/ready', { headers: { 'cf-connecting-ip': '203.0.113.8' } })).status).toBe(200)
  })
})
