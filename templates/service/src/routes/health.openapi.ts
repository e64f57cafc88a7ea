import * as z from 'zod/mini'
import type { PathGroup } from '../openapi/types'

const Health = z.object({ status: z.literal('ok') })

const Check = z.object({
  status: z.enum(['ok', 'fail']),
  latencyMs: z.number(),
  error: z.optional(z.string()),
})

const Readiness = z.object({
  status: z.enum(['ready', 'unavailable']),
  checks: z.record(z.string(), Check),
})

export const healthPaths: PathGroup = {
  tag: 'health',
  auth: false,
  schemas: { Health, Readiness },
  operations: [
    {
      method: 'get',
      path: '/health',
      summary: 'Liveness: the Worker answers',
      responses: { 200: { description: 'Alive', schema: Health } },
    },
    {
      method: 'get',
      path: '/ready',
      summary: 'Readiness: every dependency answers',
      responses: {
        200: { description: 'Ready', schema: Readiness },
        503: { description: 'A dependency failed; see `checks`', schema: Readiness },
      },
    },
  ],
}
