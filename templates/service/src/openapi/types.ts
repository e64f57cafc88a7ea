import type * as z from 'zod/mini'

/** What an operation may answer: a description and, unless empty, a schema. */
export type ResponseDoc = { description: string; schema?: z.ZodMiniType; headers?: Record<string, string> }

/** One documented operation. `path` uses Hono's syntax (`/notes/:id`), like the route itself. */
export type Operation = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  path: string
  summary: string
  params?: z.ZodMiniObject
  query?: z.ZodMiniObject
  body?: z.ZodMiniType
  responses: Record<number, ResponseDoc>
}

/** The operations of one route module, with the named schemas it contributes to `components`. */
export type PathGroup = {
  tag: string
  /** Whether every operation requires a bearer token. */
  auth: boolean
  schemas?: Record<string, z.ZodMiniType>
  operations: Operation[]
}
