import { describe, expect, it } from 'vitest'
import { ALLOWED_ORIGIN, request, requestWithBindings } from './helpers'

describe('CORS', () => {
  it('Should allow an origin from the allowlist', async () => {
    const res = await request('/health', { headers: { origin: ALLOWED_ORIGIN } })
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN)
    expect(res.headers.get('vary')).toContain('Origin')
  })

  it('Should answer a preflight from an allowed origin', async () => {
    const res = await request('/health', {
      method: 'OPTIONS',
      headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'GET' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN)
    expect(res.headers.get('access-control-allow-methods')).toContain('GET')
  })

  it('Should not allow an origin outside the allowlist', async () => {
    const origin = 'https://evil.example'
    const preflight = await request('/health', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET' },
    })
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
    const res = await request('/health', { headers: { origin } })
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('Should allow no origin when CORS_ORIGINS is empty, and still answer', async () => {
    const res = await requestWithBindings({ CORS_ORIGINS: '' }, '/health', { headers: { origin: ALLOWED_ORIGIN } })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })
})
