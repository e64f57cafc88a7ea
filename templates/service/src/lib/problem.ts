/** One failing input field, as listed in a validation problem. */
export type FieldError = { path: string; message: string }

/**
 * An RFC 9457 problem details body. `type` stays `about:blank`, so `title` is
 * the HTTP status phrase and `detail` explains this occurrence.
 */
export type Problem = {
  type: 'about:blank'
  title: string
  status: number
  detail?: string
  instance?: string
  requestId?: string
  errors?: FieldError[]
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  426: 'Upgrade Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/**
 * An error that becomes a problem+json response. Throw it from handlers and
 * middleware; the app's error handler renders it.
 *
 * @example
 * throw new ProblemError(404, { detail: 'No note with this id' })
 */
export class ProblemError extends Error {
  override name = 'ProblemError'

  constructor(
    readonly status: number,
    readonly extra: { detail?: string; errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(extra.detail ?? titles[status] ?? 'Error')
  }
}

/** Builds the problem body for a status, with the standard title. */
export function problem(status: number, fields: Omit<Problem, 'type' | 'title' | 'status'> = {}): Problem {
  return { type: 'about:blank', title: titles[status] ?? 'Error', status, ...fields }
}

/**
 * Renders a problem as an `application/problem+json` response. The request id goes in the
 * `X-Request-Id` header too: a failure early in the middleware chain would otherwise lose it.
 */
export function problemResponse(body: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: {
      ...headers,
      ...(body.requestId && { 'x-request-id': body.requestId }),
      'content-type': 'application/problem+json',
    },
  })
}
