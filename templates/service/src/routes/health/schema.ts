import * as z from 'zod/mini'

// What the probes answer, for the OpenAPI document.

export const Health = z.object({ status: z.literal('ok') })

export const Check = z.object({
  status: z.enum(['ok', 'fail']),
  latencyMs: z.number(),
  error: z.optional(z.string()),
})
export type Check = z.infer<typeof Check>

export const Readiness = z.object({
  status: z.enum(['ready', 'unavailable']),
  checks: z.record(z.string(), Check),
})
