/**
 * A small unified line diff (longest common subsequence), enough for `--dry-run` to show
 * what an update would change. Line endings are compared as LF.
 */

type Op = { kind: ' ' | '-' | '+'; line: string }

/** Larger middles are split at lines unique to both sides first, instead of paying O(n·m) memory. */
const maxCells = 4_000_000
const noNewline = '\\ No newline at end of file'

/**
 * Unified diff of two texts, with `--- a/<path>` / `+++ b/<path>` headers and `context`
 * lines around each change; '' when the texts are equal.
 */
export function unifiedDiff(before: string, after: string, path: string, context = 3): string {
  const ops = diffLines(toLines(before), toLines(after))
  if (!ops.some((op) => op.kind !== ' ')) return ''
  const out = [`--- a/${path}`, `+++ b/${path}`]
  for (const [start, end] of hunkRanges(ops, context)) {
    const skipped = ops.slice(0, start)
    const hunk = ops.slice(start, end)
    const oldCount = hunk.filter((op) => op.kind !== '+').length
    const newCount = hunk.filter((op) => op.kind !== '-').length
    const oldStart = skipped.filter((op) => op.kind !== '+').length + (oldCount ? 1 : 0)
    const newStart = skipped.filter((op) => op.kind !== '-').length + (newCount ? 1 : 0)
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`)
    for (const op of hunk) {
      const eol = op.line.endsWith('\n')
      out.push(op.kind + (eol ? op.line.slice(0, -1) : op.line))
      if (!eol) out.push(noNewline)
    }
  }
  return `${out.join('\n')}\n`
}

/** One contiguous change between two texts: from line `at` of the new text, `removed` lines gave way to `inserted`. */
export interface LineEdit {
  at: number
  removed: string[]
  inserted: string[]
}

/**
 * The changes turning `before` into `after`, top to bottom, as runs of whole lines (each
 * keeping its '\n'): what a reversible edit records so it can be undone later.
 */
export function lineEdits(before: string, after: string): LineEdit[] {
  const edits: LineEdit[] = []
  let line = 0
  let open: LineEdit | undefined
  for (const op of diffLines(toLines(before), toLines(after))) {
    if (op.kind === ' ') {
      open = undefined
      line++
      continue
    }
    if (!open) {
      open = { at: line, removed: [], inserted: [] }
      edits.push(open)
    }
    if (op.kind === '-') open.removed.push(op.line)
    else {
      open.inserted.push(op.line)
      line++
    }
  }
  return edits
}

/** Lines keeping their '\n', so a missing final newline is a difference like any other. */
export function toLines(text: string): string[] {
  return text.replace(/\r\n/g, '\n').match(/[^\n]*\n|[^\n]+$/g) ?? []
}

function diffLines(a: string[], b: string[]): Op[] {
  let prefix = 0
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++
  let suffix = 0
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix++
  }
  const same = (lines: string[]) => lines.map((line): Op => ({ kind: ' ', line }))
  const midA = a.slice(prefix, a.length - suffix)
  const midB = b.slice(prefix, b.length - suffix)
  return [...same(a.slice(0, prefix)), ...diffMiddle(midA, midB), ...same(a.slice(a.length - suffix))]
}

function diffMiddle(a: string[], b: string[]): Op[] {
  const removed = (line: string): Op => ({ kind: '-', line })
  const added = (line: string): Op => ({ kind: '+', line })
  if ((a.length + 1) * (b.length + 1) > maxCells) {
    const anchors = uniqueAnchors(a, b)
    if (anchors.length === 0) return [...a.map(removed), ...b.map(added)]
    // Patience diff: lines found once on each side split the texts into small regions.
    const ops: Op[] = []
    let [i, j] = [0, 0]
    for (const [ai, bj] of anchors) {
      ops.push(...diffLines(a.slice(i, ai), b.slice(j, bj)), { kind: ' ', line: a[ai] ?? '' })
      ;[i, j] = [ai + 1, bj + 1]
    }
    return [...ops, ...diffLines(a.slice(i), b.slice(j))]
  }
  // lcs[i * width + j] = length of the LCS of a[i..] and b[j..].
  const width = b.length + 1
  const lcs = new Uint32Array((a.length + 1) * width)
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0)
    }
  }
  const ops: Op[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i++] ?? '' })
      j++
    } else if ((lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0)) {
      ops.push(removed(a[i++] ?? ''))
    } else {
      ops.push(added(b[j++] ?? ''))
    }
  }
  return [...ops, ...a.slice(i).map(removed), ...b.slice(j).map(added)]
}

/**
 * Pairs of indexes of lines that occur exactly once in `a` and once in `b`, the longest
 * sequence of them in the same order on both sides (patience sorting).
 */
function uniqueAnchors(a: string[], b: string[]): Array<[number, number]> {
  const count = (lines: string[]) => {
    const seen = new Map<string, number>()
    for (const [index, line] of lines.entries()) seen.set(line, seen.has(line) ? -1 : index)
    return seen
  }
  const inA = count(a)
  const inB = count(b)
  const pairs: Array<[number, number]> = []
  for (const [line, ai] of inA) {
    const bj = inB.get(line)
    if (ai >= 0 && bj !== undefined && bj >= 0) pairs.push([ai, bj])
  }
  pairs.sort((x, y) => x[0] - y[0])
  // Longest increasing subsequence of the `b` indexes: tails[k] ends the best run of length k + 1.
  const tails: number[] = []
  const previous = new Array<number>(pairs.length).fill(-1)
  pairs.forEach(([, bj], index) => {
    let low = 0
    let high = tails.length
    while (low < high) {
      const mid = (low + high) >> 1
      if ((pairs[tails[mid] ?? 0]?.[1] ?? 0) < bj) low = mid + 1
      else high = mid
    }
    previous[index] = low > 0 ? (tails[low - 1] ?? -1) : -1
    tails[low] = index
  })
  const anchors: Array<[number, number]> = []
  for (let index = tails[tails.length - 1] ?? -1; index >= 0; index = previous[index] ?? -1) {
    const pair = pairs[index]
    if (pair) anchors.push(pair)
  }
  return anchors.reverse()
}

/** [start, end) op ranges of each hunk: changes plus context, merged when they touch. */
function hunkRanges(ops: Op[], context: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = []
  ops.forEach((op, index) => {
    if (op.kind === ' ') return
    const start = Math.max(0, index - context)
    const end = Math.min(ops.length, index + context + 1)
    const last = ranges[ranges.length - 1]
    if (last && start <= last[1]) last[1] = end
    else ranges.push([start, end])
  })
  return ranges
}
