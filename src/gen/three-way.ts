/**
 * Three-way merges of text, line by line, through node-diff3: the user's file and a new
 * rendering, each compared with the rendering both started from. Changes on one side only
 * are taken; changes on both sides that overlap become a conflict written git's diff3 way.
 */
import { mergeDiff3 } from 'node-diff3'

/** The labels the conflict markers carry. */
export interface MergeLabels {
  ours: string
  base: string
  theirs: string
}

export interface MergeResult {
  /** The merged text, with conflict markers where both sides changed the same lines. */
  text: string
  /** How many conflicting regions the text holds. */
  conflicts: number
}

/**
 * Merge `ours` and `theirs`, both descended from `base`. A file without a trailing newline
 * keeps none; CRLF in any input is read as LF and the result is LF.
 */
export function mergeThreeWay(ours: string, base: string, theirs: string, labels: MergeLabels): MergeResult {
  if (ours === theirs || theirs === base) return { text: ours, conflicts: 0 }
  if (ours === base) return { text: theirs, conflicts: 0 }
  const merged = mergeDiff3(lines(ours), lines(base), lines(theirs), {
    label: { a: labels.ours, o: labels.base, b: labels.theirs },
  })
  const result = merged.result as string[]
  const conflicts = result.filter((line) => line.startsWith('<<<<<<<')).length
  return { text: result.join('\n'), conflicts: merged.conflict ? conflicts : 0 }
}

/**
 * Carry an edit over to another version of the same file: `before` became `after`, and
 * `other` (a sibling of `before`) gets the same change. Used to keep the pristine copy of a
 * file in step when a generator edits the user's copy. Where the edit cannot be carried
 * over cleanly, the edited file itself is the best record of what the generator wrote.
 */
export function carryEdit(other: string, before: string, after: string): string {
  if (other === before) return after
  const merged = mergeThreeWay(after, before, other, { ours: 'edit', base: 'before', theirs: 'other' })
  return merged.conflicts === 0 ? merged.text : after
}

/** Lines of text, LF-separated: the last element is '' when the text ends with a newline. */
function lines(text: string): string[] {
  return text.replace(/\r\n/g, '\n').split('\n')
}
