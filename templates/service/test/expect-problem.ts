import { expect } from 'vitest'

/** An RFC 9457 body as src/lib/problem.ts renders it. */
export type Problem = {
  type: string
  title: string
  status: number
  detail?: string
  instance?: string
  requestId?: string
  errors?: { path: string; message: string }[]
}

const problemKeys = new Set(['type', 'title', 'status', 'detail', 'instance', 'requestId', 'errors'])

/** What must never reach a client, whatever it sent. */
export const leaks: [what: string, pattern: RegExp][] = [
  ['a stack frame', /\bat (?:async )?\S+ \(|\bat (?:file:)?\/\S+:\d+|\.(?:ts|js|mjs):\d+/],
  ['SQL or a driver code', /\b(?:SELECT|INSERT)\b|SQLITE|sqlite_|D1_|no such (?:table|column)/],
  [
    'a runtime message',
    /\b(?:TypeError|SyntaxError|RangeError|ReferenceError|ZodError|HTTPException)\b|Cannot read prop|is not a function|\bundefined\b|Unexpected (?:token|end of JSON)/,
  ],
]

/**
 * Asserts a problem+json response with exactly this status whose own words
 * (title, detail, field messages) reveal no stack, SQL or internal message,
 * and returns the body. The request path it echoes back is the client's, so
 * it is left out of the check.
 */
export async function expectProblem(res: Response, status: number): Promise<Problem> {
  const text = await res.text()
  expect(res.status, text).toBe(status)
  expect(res.headers.get('content-type')).toBe('application/problem+json')
  const body = JSON.parse(text) as Problem
  expect(body).toMatchObject({ type: 'about:blank', status, title: expect.any(String) })
  expect(
    Object.keys(body).filter((key) => !problemKeys.has(key)),
    'unexpected problem fields',
  ).toEqual([])
  expect(body.requestId).toBe(res.headers.get('x-request-id'))
  const echo = body.instance ?? ''
  const own = [body.title, echo ? (body.detail ?? '').split(echo).join('') : (body.detail ?? '')]
  own.push(...(body.errors ?? []).map((error) => error.message))
  for (const [what, pattern] of leaks) expect(own.join('\n'), `${what} in ${text}`).not.toMatch(pattern)
  return body
}
