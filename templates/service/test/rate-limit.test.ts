import { describe, expect, it } from 'vitest'
import { request } from './helpers'

// wrangler.jsonc allows 100 requests per 60 s per client. The local limiter counts in
// fixed windows, so a run that straddles a window boundary may see more than 100 pass.
const LIMIT = 100

describe('rate limit', () => {
  it('Should answer 429 with Retry-After once a client exceeds the limit', async () => {
    const headers = { 'cf-connecting-ip': '203.0.113.7' }
    let allowed = 0
    let res = await request('/health', { headers })
    while (res.status === 200 && allowed < 2 * LIMIT + 1) {
      allowed++
      res = await request('/health', { headers })
    }
    expect(allowed).toBeGreaterThanOrEqual(LIMIT)
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('60')
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    // Other clients are unaffected.
    expect((await request('/health', { headers: { 'cf-connecting-ip': '203.0.113.8' } })).status).toBe(200)
  })
})
