import { env } from 'cloudflare:workers'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp, MAX_BODY_BYTES } from '../src/app'
import { ALLOWED_ORIGIN, json, request } from './helpers'

type Problem = { type: string; title: string; status: number; detail?: string; requestId?: string; instance?: string }

async function expectProblem(res: Response, status: number): Promise<Problem> {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toBe('application/problem+json')
  const body = await res.json<Problem>()
  expect(body).toMatchObject({ type: 'about:blank', status })
  return body
}

afterEach(() => vi.restoreAllMocks())

describe('error mapping', () => {
  it('Should answer unknown routes with a JSON 404', async () => {
    const body = await expectProblem(await request('/no/such/route'), 404)
    expect(body.detail).toBe('No route for GET /no/such/route')
  })

  it('Should answer a known path with the wrong method with 405 and Allow', async () => {
    const res = await request('/health', { method: 'DELETE' })
    await expectProblem(res, 405)
    // HEAD too: Hono answers HEAD from every GET route.
    expect(res.headers.get('allow')).toBe('GET, HEAD')
  })

  it('Should reject an oversized body with 413 before routing', async () => {
    const res = await request('/health', json('POST', { title: 'x'.repeat(MAX_BODY_BYTES) }))
    await expectProblem(res, 413)
  })

  it('Should hide the cause of an unexpected error and return the request id', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const app = createApp()
    app.get('/boom', () => {
      throw new Error('connection string postgres://secret')
    })
    const res = await app.request('/boom', {}, env)
    const body = await expectProblem(res, 500)
    expect(body.requestId).toBe(res.headers.get('x-request-id'))
    expect(JSON.stringify(body)).not.toContain('secret')
    expect(error).toHaveBeenCalledOnce()
  })

  it('Should answer a request that outlives the timeout with a 504 problem naming the request id', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    const app = createApp({ requestTimeoutMs: 20 })
    // The handler waits until the test releases it, so only the timeout can answer in time.
    let release = () => {}
    const released = new Promise<void>((resolve) => (release = resolve))
    app.get('/slow', async (c) => {
      await released
      return c.text('too late')
    })
    const res = await app.request('/slow', { headers: { origin: ALLOWED_ORIGIN } }, env)
    release()
    const body = await expectProblem(res, 504)
    expect(body.detail).toBe('The request took longer than 20 ms')
    expect(body.requestId).toBe(res.headers.get('x-request-id'))
    // The 504 passes back through the outer middleware like any other answer.
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN)
    expect(JSON.parse(String(log.mock.calls[0]?.[0]))).toMatchObject({ requestId: body.requestId, status: 504 })
  })

  it('Should name missing configuration in a 500 problem and a log line', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const res = await createApp().request('/health', {}, { ...env, CORS_ORIGINS: undefined })
    const body = await expectProblem(res, 500)
    expect(body.detail).toContain('CORS_ORIGINS')
    expect(String(error.mock.calls[0]?.[0])).toContain('CORS_ORIGINS')
  })
})

describe('middleware order', () => {
  it('Should put a request id and security headers on error responses too', async () => {
    const res = await request('/no/such/route')
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]+$/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('strict-transport-security')).toContain('max-age=')
  })

  it('Should log one JSON line per request with id, status and duration', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    const res = await request('/no/such/route', { headers: { 'x-request-id': 'trace-123' } })
    expect(res.headers.get('x-request-id')).toBe('trace-123')
    expect(log).toHaveBeenCalledOnce()
    expect(JSON.parse(String(log.mock.calls[0]?.[0]))).toMatchObject({
      requestId: 'trace-123',
      method: 'GET',
      path: '/no/such/route',
      status: 404,
      durationMs: expect.any(Number),
    })
  })
})
