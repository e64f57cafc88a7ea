/**
 * The `modify` and `append` actions of a team generator change files the run does not own.
 * The run records each change as lines removed and inserted, with a little context, so
 * `destroy` (and a re-run, which replays the actions on the file as it was) can take it back
 * out while the inserted lines are still there, whatever else changed in the file since.
 */

import { lineEdits, toLines } from '../line-diff.js'
import type { JsonValue } from '../manifest.js'

/** Lines of context recorded on each side of a change, to find it again. */
const contextLines = 2

/** One recorded change: from line `at` of the edited file, `removed` gave way to `inserted`. */
export interface RecordedChange {
  at: number
  removed: string
  inserted: string
  above: string
  below: string
}

/** The recorded changes of one file. */
export interface RecordedEdit {
  path: string
  changes: RecordedChange[]
}

/** What an edit of `path` from `before` to `after` records. */
export function recordEdit(path: string, before: string, after: string): RecordedEdit {
  const lines = toLines(after)
  const changes = lineEdits(before, after).map((edit) => ({
    at: edit.at,
    removed: edit.removed.join(''),
    inserted: edit.inserted.join(''),
    above: lines.slice(Math.max(0, edit.at - contextLines), edit.at).join(''),
    below: lines.slice(edit.at + edit.inserted.length, edit.at + edit.inserted.length + contextLines).join(''),
  }))
  return { path, changes }
}

/**
 * `content` with the recorded changes taken back, bottom up; `undefined` when one of them
 * can no longer be found (its inserted lines were changed or removed since).
 */
export function reverseEdit(content: string, edit: RecordedEdit): string | undefined {
  let lines = toLines(content)
  for (const change of [...edit.changes].reverse()) {
    const inserted = toLines(change.inserted)
    const above = toLines(change.above)
    const below = toLines(change.below)
    // The change with its context first; the inserted lines alone if the context changed.
    const withContext = nearest(lines, [...above, ...inserted, ...below], change.at - above.length)
    const start =
      withContext !== undefined
        ? withContext + above.length
        : inserted.length > 0
          ? nearest(lines, inserted, change.at)
          : undefined
    if (start === undefined) return undefined
    lines = [...lines.slice(0, start), ...toLines(change.removed), ...lines.slice(start + inserted.length)]
  }
  return lines.join('')
}

/** The recorded edits of a run (from its manifest arguments), checked for shape. */
export function recordedEdits(args: { readonly [key: string]: JsonValue }): RecordedEdit[] {
  const edits = args.edits
  if (!Array.isArray(edits)) return []
  return edits.filter(
    (edit): edit is JsonValue & RecordedEdit =>
      typeof edit === 'object' &&
      edit !== null &&
      !Array.isArray(edit) &&
      typeof edit.path === 'string' &&
      Array.isArray(edit.changes),
  )
}

/** The start of the occurrence of `block` in `lines` closest to line `near`. */
function nearest(lines: string[], block: string[], near: number): number | undefined {
  let best: number | undefined
  for (let start = 0; start + block.length <= lines.length; start++) {
    if (!block.every((line, offset) => lines[start + offset] === line)) continue
    if (best === undefined || Math.abs(start - near) < Math.abs(best - near)) best = start
  }
  return best
}
