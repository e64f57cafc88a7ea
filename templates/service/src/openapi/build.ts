import type * as z from 'zod/mini'
import { toJSONSchema } from 'zod/mini'
import type { OpenApiMeta, ResponseDoc } from '../lib/openapi-meta'
import { type Operation, type Routed, readOperations } from './operations'

// Builds the OpenAPI 3.1 document from the app itself: `npm run openapi` writes it to
// public/openapi.json and test/openapi.test.ts checks the file is current. Node and the
// tests import this module; the Worker never does, so none of it ships.

type JsonSchema = Record<string, unknown>
type Io = 'input' | 'output'

/** The document's `info` and `servers`: what the code cannot tell. */
export type DocumentHead = {
  info: {
    title: string
    version: string
    description: string
    contact: { name: string; email?: string; url?: string }
    license: { name: string; identifier?: string; url?: string }
  }
  servers: Array<{
    url: string
    description: string
    variables?: Record<string, { default: string; description: string }>
  }>
}

const problemSchema: JsonSchema = {
  type: 'object',
  description: 'An RFC 9457 problem: what went wrong, for people and for code',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', description: 'A URI naming the kind of problem' },
    title: { type: 'string', description: 'A short summary of the kind of problem' },
    status: { type: 'integer', description: 'The HTTP status' },
    detail: { type: 'string', description: 'What went wrong with this request' },
    instance: { type: 'string', description: 'The path of the request' },
    requestId: { type: 'string', description: 'Quote it when reporting a problem' },
    errors: {
      type: 'array',
      description: 'The invalid fields, for a 400',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
}

const invalidRequest = 'Invalid request: `errors` lists each failing field'
const unexpectedError = 'Unexpected error: the body names the request id to quote'

function jsonSchema(schema: z.ZodMiniType, io: Io): JsonSchema {
  const { $schema: _, ...rest } = toJSONSchema(schema, { io, target: 'draft-2020-12' }) as JsonSchema
  return rest
}

/** Named schemas go to `components.schemas`, in order of first use; others are inlined. */
class Components {
  readonly schemas: Record<string, JsonSchema> = {}
  private readonly names = new Map<z.ZodMiniType, string>()

  constructor(operations: Operation[]) {
    for (const { doc } of operations) {
      for (const [name, schema] of Object.entries(doc.module.schemas ?? {})) this.names.set(schema, name)
    }
  }

  schema(schema: z.ZodMiniType, io: Io): JsonSchema {
    const name = this.names.get(schema)
    if (!name) return jsonSchema(schema, io)
    this.schemas[name] ??= jsonSchema(schema, io)
    return { $ref: `#/components/schemas/${name}` }
  }

  /** Schemas a module lists that no route refers to (a WebSocket's frames): documented all the same. */
  listed(): void {
    for (const [schema, name] of this.names) this.schemas[name] ??= jsonSchema(schema, 'output')
  }

  problem(description: string): JsonSchema {
    this.schemas.Problem ??= problemSchema
    return {
      description,
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    }
  }
}

const parameterIn = { param: 'path', query: 'query', header: 'header' } as const

function parameters(inputs: NonNullable<OpenApiMeta['input']>[]): JsonSchema[] {
  return inputs.flatMap(({ target, schema }) => {
    if (target === 'json') return []
    const where = parameterIn[target]
    const { properties = {}, required = [] } = jsonSchema(schema, 'input') as {
      properties?: Record<string, JsonSchema>
      required?: string[]
    }
    return Object.entries(properties).map(([name, { description, ...property }]) => ({
      name,
      in: where,
      required: where === 'path' || required.includes(name),
      ...(typeof description === 'string' && { description }),
      schema: property,
    }))
  })
}

/** `getNotesId` for GET /notes/:id. */
function operationId(method: string, path: string): string {
  return `${method}${path.replace(/[:{}]/g, '').replace(/(?:^|[/_.-])(\w)/g, (_, c: string) => c.toUpperCase())}`
}

/** Converts a Hono path (`/notes/:id`) to an OpenAPI path (`/notes/{id}`). */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')
}

function operation(op: Operation, components: Components): JsonSchema {
  const { doc, chain } = op
  const inputs = chain.flatMap((meta) => (meta.input ? [meta.input] : []))
  const body = inputs.find((input) => input.target === 'json')
  const responses: Record<string, JsonSchema> = {}
  for (const [status, entry] of Object.entries(doc.responses)) {
    const { description, schema, headers }: ResponseDoc = typeof entry === 'string' ? { description: entry } : entry
    // An error without a body schema of its own is a problem+json response.
    if (Number(status) >= 400 && !schema) {
      responses[status] = components.problem(description)
      continue
    }
    responses[status] = {
      description,
      ...(headers && {
        headers: Object.fromEntries(
          Object.entries(headers).map(([name, about]) => [name, { description: about, schema: { type: 'string' } }]),
        ),
      }),
      ...(schema && { content: { 'application/json': { schema: components.schema(schema, 'output') } } }),
    }
  }
  // The problems that follow from the chain: validation, then each middleware's own.
  if (inputs.length > 0) responses['400'] ??= components.problem(invalidRequest)
  for (const meta of chain) {
    const problems = { ...meta.problems, ...(body && meta.bodyProblems) }
    for (const [status, description] of Object.entries(problems)) responses[status] ??= components.problem(description)
  }
  responses['500'] ??= components.problem(unexpectedError)
  const security = chain.find((meta) => meta.security)?.security
  const params = parameters(inputs)
  return {
    tags: [doc.module.tag],
    summary: doc.summary,
    description: doc.description,
    operationId: operationId(op.method, op.path),
    // A public operation says so (an empty list), rather than leaving readers to guess.
    security: security ? [{ [security]: [] }] : [],
    ...(params.length > 0 && { parameters: params }),
    ...(body && {
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: components.schema(body.schema, 'input'),
            ...(doc.requestExample !== undefined && { example: doc.requestExample }),
          },
        },
      },
    }),
    responses,
  }
}

/**
 * Builds the service's OpenAPI 3.1 document from its app: the router's paths, the
 * validators and auth in each route's chain, and the docs each route states. Pure and
 * deterministic.
 *
 * @throws Error naming every route without docs.
 */
export function buildDocument(head: DocumentHead, app: Routed): JsonSchema {
  const operations = readOperations(app)
  const components = new Components(operations)
  const paths: Record<string, Record<string, JsonSchema>> = {}
  const tags = new Map<string, string>()
  for (const op of operations) {
    const key = openApiPath(op.path)
    paths[key] = { ...paths[key], [op.method]: operation(op, components) }
    tags.set(op.doc.module.tag, op.doc.module.description)
  }
  components.listed()
  const secured = operations.some((op) => op.chain.some((meta) => meta.security))
  return {
    openapi: '3.1.0',
    info: head.info,
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: head.servers,
    tags: [...tags].map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: components.schemas,
      ...(secured && { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } }),
    },
  }
}
