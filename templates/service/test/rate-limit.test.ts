import { describe, expect, it } from 'vitest'
import { request } from './helpers'

describe('rate limit', () => {
  it('Should answer 429 with Retry-After once a client exceeds the limit', async () => {
    const headers = { 'cf-connecting-ip': '203.0.113.7' }
    const statuses: number[] = []
    // wrangler.jsonc allows 100 requests per 60 s per client.
    for (let i = 0; i < 101; i++) statuses.push((await request('/health', { headers })).status)
    expect(statuses.slice(0, 100).every((status) => status === 200)).toBe(true)
    const res = await request('/health', { headers })
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('60')
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    // Other clients are unaffected.
    expect((await request('/health', { headers: { 'cf-connecting-ip': '203.0.113.8' } })).status).toBe(200)
  })
})
