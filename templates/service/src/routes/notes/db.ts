import { uuidv7 } from '../../lib/ids'
import type { Note, NoteCreate, NoteList, NoteUpdate } from './schema'

/** A row of the `notes` table (see migrations/). */
type NoteRow = { id: string; title: string; body: string | null; created_at: string; updated_at: string }

const toNote = (row: NoteRow): Note => ({
  id: row.id,
  title: row.title,
  body: row.body,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

// Columns a PATCH may set, keyed by API field: SQL is built from this list, never from input.
const updatable = { title: 'title', body: 'body' } as const satisfies Record<keyof NoteUpdate, string>

/** Lists notes in creation order (ids are UUIDv7), `limit` at a time after the `cursor` id. */
export async function listNotes(db: D1Database, page: { limit: number; cursor?: string }): Promise<NoteList> {
  const { results } = await db
    .prepare('SELECT * FROM notes WHERE id > ?1 ORDER BY id LIMIT ?2')
    .bind(page.cursor ?? '', page.limit + 1)
    .all<NoteRow>()
  const items = results.slice(0, page.limit).map(toNote)
  const nextCursor = results.length > page.limit ? (items.at(-1)?.id ?? null) : null
  return { items, nextCursor }
}

/** The note with this id, or null. */
export async function getNote(db: D1Database, id: string): Promise<Note | null> {
  const row = await db.prepare('SELECT * FROM notes WHERE id = ?1').bind(id).first<NoteRow>()
  return row ? toNote(row) : null
}

/** Inserts a note and returns it as stored. */
export async function createNote(db: D1Database, input: NoteCreate): Promise<Note> {
  const now = new Date().toISOString()
  const row = await db
    .prepare('INSERT INTO notes (id, title, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4) RETURNING *')
    .bind(uuidv7(), input.title, input.body ?? null, now)
    .first<NoteRow>()
  if (!row) throw new Error('INSERT ... RETURNING returned no row')
  return toNote(row)
}

/** Applies the given fields to a note; null when there is no such note. */
export async function updateNote(db: D1Database, id: string, patch: NoteUpdate): Promise<Note | null> {
  const fields = (Object.keys(updatable) as (keyof NoteUpdate)[]).filter((key) => patch[key] !== undefined)
  if (fields.length === 0) return getNote(db, id)
  const assignments = fields.map((key, i) => `${updatable[key]} = ?${i + 3}`)
  const row = await db
    .prepare(`UPDATE notes SET updated_at = ?2, ${assignments.join(', ')} WHERE id = ?1 RETURNING *`)
    .bind(id, new Date().toISOString(), ...fields.map((key) => patch[key] ?? null))
    .first<NoteRow>()
  return row ? toNote(row) : null
}

/** Deletes a note; false when there was none. */
export async function deleteNote(db: D1Database, id: string): Promise<boolean> {
  const result = await db.prepare('DELETE FROM notes WHERE id = ?1').bind(id).run()
  return result.meta.changes > 0
}
