import { toJSONSchema } from 'zod/mini'
import type * as z from 'zod/mini'
import type { Operation, PathGroup, ResponseDoc } from './types'

type JsonSchema = Record<string, unknown>
type Io = 'input' | 'output'

const problemSchema: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
}

// Responses every operation can give, documented once here.
const commonResponses = { 400: 'Invalid request', 429: 'Rate limit exceeded', 500: 'Unexpected error' }

function jsonSchema(schema: z.ZodMiniType, io: Io): JsonSchema {
  const { $schema: _, ...rest } = toJSONSchema(schema, { io, target: 'draft-2020-12' }) as JsonSchema
  return rest
}

/** Builds OpenAPI 3.1 documents from route modules' path groups. */
class DocumentBuilder {
  readonly components: Record<string, JsonSchema> = { Problem: problemSchema }
  private readonly names = new Map<z.ZodMiniType, string>()

  constructor(groups: PathGroup[]) {
    for (const group of groups) {
      for (const [name, schema] of Object.entries(group.schemas ?? {})) this.names.set(schema, name)
    }
  }

  /** A `$ref` for named schemas (added to components on first use), inline otherwise. */
  schema(schema: z.ZodMiniType, io: Io): JsonSchema {
    const name = this.names.get(schema)
    if (!name) return jsonSchema(schema, io)
    this.components[name] ??= jsonSchema(schema, io)
    return { $ref: `#/components/schemas/${name}` }
  }

  parameters(where: 'path' | 'query', schema: z.ZodMiniObject | undefined): JsonSchema[] {
    if (!schema) return []
    const { properties = {}, required = [] } = jsonSchema(schema, 'input') as {
      properties?: Record<string, JsonSchema>
      required?: string[]
    }
    return Object.entries(properties).map(([name, property]) => ({
      name,
      in: where,
      required: where === 'path' || required.includes(name),
      schema: property,
    }))
  }

  response(doc: ResponseDoc, status: number): JsonSchema {
    const mediaType = status >= 400 ? 'application/problem+json' : 'application/json'
    const schema = status >= 400 ? { $ref: '#/components/schemas/Problem' } : doc.schema && this.schema(doc.schema, 'output')
    return {
      description: doc.description,
      ...(doc.headers && {
        headers: Object.fromEntries(
          Object.entries(doc.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
        ),
      }),
      ...(schema && { content: { [mediaType]: { schema } } }),
    }
  }

  operation(group: PathGroup, op: Operation): JsonSchema {
    const responses: Record<string, JsonSchema> = {}
    for (const [status, doc] of Object.entries(op.responses)) responses[status] = this.response(doc, Number(status))
    const common: Record<number, string> = group.auth ? { ...commonResponses, 401: 'Missing or invalid bearer token' } : commonResponses
    for (const [status, description] of Object.entries(common)) {
      if (status === '400' && !op.params && !op.query && !op.body) continue
      responses[status] ??= this.response({ description }, Number(status))
    }
    const parameters = [...this.parameters('path', op.params), ...this.parameters('query', op.query)]
    return {
      tags: [group.tag],
      summary: op.summary,
      operationId: `${op.method}${op.path.replace(/[:{}]/g, '').replace(/(?:^|[/_-])(\w)/g, (_, c: string) => c.toUpperCase())}`,
      ...(group.auth && { security: [{ bearerAuth: [] }] }),
      ...(parameters.length > 0 && { parameters }),
      ...(op.body && {
        requestBody: { required: true, content: { 'application/json': { schema: this.schema(op.body, 'input') } } },
      }),
      responses,
    }
  }
}

/** Converts a Hono path (`/notes/:id`) to an OpenAPI path (`/notes/{id}`). */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')
}

/**
 * Builds the service's OpenAPI 3.1 document from the path groups of its
 * route modules. Pure and deterministic: scripts/openapi.ts writes the
 * result to openapi.json, and a test checks that the file is current.
 */
export function buildDocument(info: { title: string; version: string }, groups: PathGroup[]): JsonSchema {
  const builder = new DocumentBuilder(groups)
  const paths: Record<string, Record<string, JsonSchema>> = {}
  for (const group of groups) {
    for (const op of group.operations) {
      const path = (paths[openApiPath(op.path)] ??= {})
      path[op.method] = builder.operation(group, op)
    }
  }
  const usesAuth = groups.some((group) => group.auth)
  return {
    openapi: '3.1.0',
    info,
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: groups.map((group) => ({ name: group.tag })),
    paths,
    components: {
      schemas: builder.components,
      ...(usesAuth && { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } }),
    },
  }
}
