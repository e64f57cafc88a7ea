import * as z from 'zod/mini'

// Schemas shared by the handlers (validation) and scripts/openapi.ts (the
// document). Keep this module free of Workers-only imports so Node can load it.

export const Note = z.object({
  id: z.uuid(),
  title: z.string(),
  body: z.nullable(z.string()),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
})
export type Note = z.infer<typeof Note>

export const NoteCreate = z.strictObject({
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  body: z.optional(z.nullable(z.string().check(z.maxLength(10_000)))),
})
export type NoteCreate = z.infer<typeof NoteCreate>

export const NoteUpdate = z.partial(NoteCreate)
export type NoteUpdate = z.infer<typeof NoteUpdate>

export const NoteParams = z.object({ id: z.uuid() })

export const NoteListQuery = z.object({
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
  cursor: z.optional(z.uuid()),
})

export const NoteList = z.object({
  items: z.array(Note),
  nextCursor: z.nullable(z.uuid()),
})
export type NoteList = z.infer<typeof NoteList>
