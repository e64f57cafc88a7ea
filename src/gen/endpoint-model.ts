/**
 * `gen endpoint` input checked and turned into template data: the path's parameters, the
 * query and body fields with their zod sources, and a sample request for the test.
 */
import { closest } from './did-you-mean.js'
import { GenError } from './errors.js'
import { type Field, queryZod } from './fields.js'
import type { Inflection, ModuleName } from './names.js'
import { pathInResource } from './resource-endpoints.js'
import { exampleValue, querySample, sampleId } from './samples.js'
import { objectLiteral, quote, sentence } from './source-format.js'

export const httpMethods = ['get', 'post', 'put', 'patch', 'delete'] as const
export type HttpMethod = (typeof httpMethods)[number]

export interface EndpointInput {
  names: ModuleName
  method: HttpMethod
  /** Hono syntax: `/books/:id/publish`. */
  path: string
  query: Field[]
  body: Field[]
  protected: boolean
  /** The resource whose router the endpoint is mounted in, when the path lies under it. */
  under?: Inflection
}

/** A sample id for path parameters that hold one. */

/**
 * Check a method name.
 *
 * @throws GenError with the accepted methods (and a guess).
 */
export function parseMethod(input: string): HttpMethod {
  const method = input.toLowerCase()
  if ((httpMethods as readonly string[]).includes(method)) return method as HttpMethod
  const guess = closest(method, httpMethods)
  throw new GenError(
    `Unknown method "${input}".${guess ? ` Did you mean "${guess}"?` : ''} Methods: ${httpMethods.join(', ')}.`,
  )
}

/**
 * The parameters of a route path (`/books/:id/publish` → `['id']`).
 *
 * @throws GenError for a path that is not `/` followed by segments of URL-safe characters or
 *   `:name` parameters, or that names a parameter twice.
 */
export function pathParams(path: string): string[] {
  const fail = (problem: string): never => {
    throw new GenError(`Invalid path ${JSON.stringify(path)}: ${problem}. Example: --path /books/:id/publish`)
  }
  if (!path.startsWith('/')) fail('it must start with "/"')
  if (path === '/') fail('the root path is taken by the service')
  const params: string[] = []
  for (const segment of path.slice(1).split('/')) {
    if (segment === '') fail('it has an empty segment (a trailing or double "/")')
    if (segment.startsWith(':')) {
      const name = segment.slice(1)
      if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) fail(`":${name}" must be a letter then letters or digits`)
      if (params.includes(name)) fail(`":${name}" appears twice`)
      params.push(name)
    } else if (!/^[A-Za-z0-9._~-]+$/.test(segment)) {
      fail(`"${segment}" may only contain letters, digits, "-", ".", "_" and "~"`)
    }
  }
  return params
}

/** Parameters named `id` or `…Id` hold record ids (UUIDs); others are any text. */
const holdsId = (param: string) => param === 'id' || /Id$/.test(param)

/** A valid body value and an invalid one, as JS literals. */
function bodySample(field: Field): { valid: string; invalid: string } {
  const words = field.name.replace(/([A-Z])/g, ' $1').toLowerCase()
  switch (field.kind) {
    case 'integer':
      return { valid: '1', invalid: quote('not a number') }
    case 'number':
      return { valid: '1.5', invalid: quote('not a number') }
    case 'boolean':
      return { valid: 'true', invalid: quote('yes') }
    case 'datetime':
      return { valid: quote('2024-01-01T00:00:00.000Z'), invalid: '42' }
    case 'date':
      return { valid: quote('2024-01-01'), invalid: quote('2024-02-30') }
    case 'email':
      return { valid: quote('sample@example.com'), invalid: quote('not an email') }
    case 'url':
      return { valid: quote('https://example.com/'), invalid: quote('not a url') }
    case 'uuid':
    case 'references':
      return { valid: quote(sampleId), invalid: '42' }
    case 'json':
      return { valid: "{ sample: 'value' }", invalid: quote('not an object') }
    case 'enum':
      return { valid: quote(field.values[0] ?? ''), invalid: '42' }
    default:
      return { valid: quote(`Sample ${words}`), invalid: '42' }
  }
}

/**
 * Check that query and body fields suit an endpoint and that no name is used twice.
 *
 * @throws GenError naming the field.
 */
export function checkEndpointFields(method: HttpMethod, params: string[], query: Field[], body: Field[]): void {
  if (body.length > 0 && (method === 'get' || method === 'delete')) {
    throw new GenError(`A ${method.toUpperCase()} request has no body: use --query for its inputs.`)
  }
  for (const field of [...query, ...body]) {
    if (field.unique)
      throw new GenError(`Invalid field ${JSON.stringify(field.spec)}: "!" (unique) applies to resources only.`)
  }
  for (const field of query) {
    if (field.kind === 'json')
      throw new GenError(
        `Invalid query field ${JSON.stringify(field.spec)}: a query string cannot carry JSON; use --body.`,
      )
  }
  const seen = new Set<string>()
  for (const name of [...params, ...query.map((field) => field.name), ...body.map((field) => field.name)]) {
    if (seen.has(name))
      throw new GenError(`"${name}" is both a path parameter, a query field or a body field: name them apart.`)
    seen.add(name)
  }
}

/** Build the template data of `gen endpoint`. */
export function endpointModel(input: EndpointInput) {
  const { names, method, path, query, body } = input
  const pascal = names.pascal
  const params = pathParams(path).map((name) => ({ name, zod: holdsId(name) ? 'z.uuid()' : 'z.string()' }))
  const queryFields = query.map((field) => {
    const zod = queryZod(field)
    const wrap = (source: string) => (field.optional ? `z.optional(${source})` : source)
    return { name: field.name, zod: wrap(zod.input), output: wrap(zod.output) }
  })
  const bodyFields = body.map((field) => ({
    name: field.name,
    zod: field.zod.input,
    output: field.optional ? `z.optional(${field.zod.output})` : field.zod.output,
  }))
  // The request parts the handler validates, in the order Hono runs its validators.
  const parts = [
    ...(params.length > 0
      ? [{ validator: `valid('param', ${pascal}Params)`, target: 'param', schema: `${pascal}Params` }]
      : []),
    ...(query.length > 0
      ? [{ validator: `valid('query', ${pascal}Query)`, target: 'query', schema: `${pascal}Query` }]
      : []),
    ...(body.length > 0 ? [{ validator: `jsonBody(${pascal}Body)`, target: 'json', schema: `${pascal}Body` }] : []),
  ]
  const validate = [...(body.length > 0 ? ['jsonBody'] : []), ...(params.length + query.length > 0 ? ['valid'] : [])]
  const spreads = parts.map((part) => `...c.req.valid('${part.target}')`)
  const schemaNames = parts.map((part) => part.schema)
  return {
    endpoint: { ...names, Words: sentence(names.words) },
    method,
    METHOD: method.toUpperCase(),
    path,
    /** The path the module registers: relative to the resource it is mounted in, if any. */
    routePath: input.under ? pathInResource(input.under, path) : path,
    under: input.under,
    protected: input.protected,
    params,
    paramsObject: objectLiteral(params.map((param) => `${param.name}: ${param.zod}`)),
    query: queryFields,
    body: bodyFields,
    result: [
      ...params.map((param) => `${param.name}: ${param.zod}`),
      ...queryFields.map((field) => `${field.name}: ${field.output}`),
      ...bodyFields.map((field) => `${field.name}: ${field.output}`),
    ],
    handler: {
      validate: validate.join(', '),
      schemaImports: [...new Set([...schemaNames, `${pascal}Result`, ...(body.length > 0 ? [`${pascal}Body`] : [])])]
        .sort(byName)
        .join(', '),
      // The middleware after the route's docs: auth first, then the validators in the order Hono runs them.
      chain: [...(input.protected ? ['requireAuth'] : []), ...parts.map((part) => part.validator)],
      result: objectLiteral(spreads),
    },
    openapi: {
      schemas: [...(body.length > 0 ? [`${pascal}Body`] : []), `${pascal}Result`].join(', '),
      example: body.length > 0 ? objectLiteral(body.map((field) => `${field.name}: ${exampleValue(field)}`)) : '',
    },
    test: testModel(input, params),
  }
}

/** Sorted by name, `type X` imports among the others. */
const byName = (a: string, b: string) => (a.replace(/^type /, '') < b.replace(/^type /, '') ? -1 : 1)

type Param = { name: string; zod: string }

function testModel(input: EndpointInput, params: Param[]) {
  const { method, path, query, body } = input
  const METHOD = method.toUpperCase()
  const paramValue = (param: Param) => (param.zod === 'z.uuid()' ? sampleId : 'sample')
  /** The test URL: every parameter and query field with its sample, but one value replaced. */
  const urlWith = (replace: { param?: string; field?: Field; value?: string } = {}) => {
    const filled = path.replace(/:([A-Za-z0-9]+)/g, (_, name: string) => {
      const param = params.find((p) => p.name === name)
      return name === replace.param ? (replace.value ?? '') : param ? paramValue(param) : name
    })
    const values = query.map((field) => [
      field.name,
      field === replace.field ? (replace.value ?? '') : querySample(field).sent,
    ])
    const search = values.map(([name, value]) => `${name}=${encodeURIComponent(value ?? '')}`).join('&')
    return quote(query.length > 0 ? `${filled}?${search}` : filled)
  }
  const bodyWith = (kind: 'valid' | 'invalid') =>
    `json('${METHOD}', ${objectLiteral(body.map((field) => `${field.name}: ${bodySample(field)[kind]}`))})`
  const init = body.length > 0 ? bodyWith('valid') : method === 'get' ? undefined : `{ method: '${METHOD}' }`
  const expected = [
    ...params.map((param) => `${param.name}: ${quote(paramValue(param))}`),
    ...query.map((field) => `${field.name}: ${querySample(field).received}`),
    ...body.map((field) => `${field.name}: ${bodySample(field).valid}`),
  ]
  const invalid = [
    ...params
      .filter((param) => param.zod === 'z.uuid()')
      .map((param) => ({ url: urlWith({ param: param.name, value: 'not-a-uuid' }), field: param.name })),
    ...query.flatMap((field) => {
      const value = querySample(field).invalid
      return value === undefined ? [] : [{ url: urlWith({ field, value }), field: field.name }]
    }),
  ]
  // A bad parameter is refused before the body is read, so any body does; the method must match.
  const invalidInit = body.length > 0 ? `json('${METHOD}', {})` : init
  // A protected endpoint's requests carry a token unless a test says otherwise.
  const helpers = input.protected ? ['authedRequest as request', 'request as requestWithoutToken'] : ['request']
  return {
    url: urlWith(),
    args: `(${init ? ['url', init].join(', ') : 'url'})`,
    invalidArgs: `(${invalidInit ? ['path', invalidInit].join(', ') : 'path'})`,
    expected: objectLiteral(expected),
    invalid,
    invalidBody: `const res = await request(url, ${bodyWith('invalid')})`,
    invalidPaths: body.map((field) => quote(field.name)).join(', '),
    helpers: [...helpers, ...(body.length > 0 ? ['json'] : [])].sort().join(', '),
  }
}
