import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { unifiedDiff } from '../../../src/gen/line-diff.js'

const lines = (n: number, prefix = 'line') => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}\n`).join('')

/** Apply a unified diff to `before` (test oracle: the diff must reproduce `after`). */
function patch(before: string, diff: string): string {
  const old = before.match(/[^\n]*\n|[^\n]+$/g) ?? []
  const out: string[] = []
  let at = 0
  const rows = diff.split('\n').slice(2, -1)
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? ''
    const hunk = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(row)
    if (hunk) {
      const start = Number(hunk[2]) === 0 ? Number(hunk[1]) : Number(hunk[1]) - 1
      out.push(...old.slice(at, start))
      at = start
      continue
    }
    const eol = rows[i + 1] === '\\ No newline at end of file' ? '' : '\n'
    if (row.startsWith('\\')) continue
    if (row.startsWith(' ')) out.push(old[at++] ?? '')
    else if (row.startsWith('-')) at++
    else if (row.startsWith('+')) out.push(row.slice(1) + eol)
  }
  return out.concat(old.slice(at)).join('')
}

describe('unifiedDiff', () => {
  it('is empty for equal texts, including CRLF against LF', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', 'x')).toBe('')
    expect(unifiedDiff('a\r\nb\r\n', 'a\nb\n', 'x')).toBe('')
  })

  it('shows one change with three lines of context', () => {
    const before = lines(10)
    const after = before.replace('line 5\n', 'line five\n')
    expect(unifiedDiff(before, after, 'src/a.ts')).toBe(
      [
        '--- a/src/a.ts',
        '+++ b/src/a.ts',
        '@@ -2,7 +2,7 @@',
        ' line 2',
        ' line 3',
        ' line 4',
        '-line 5',
        '+line five',
        ' line 6',
        ' line 7',
        ' line 8',
        '',
      ].join('\n'),
    )
  })

  it('splits distant changes into hunks and merges close ones', () => {
    const before = lines(30)
    const distant = before.replace('line 2\n', 'two\n').replace('line 28\n', 'twenty-eight\n')
    expect(unifiedDiff(before, distant, 'a').match(/^@@/gm)).toHaveLength(2)
    const close = before.replace('line 10\n', 'ten\n').replace('line 15\n', 'fifteen\n')
    expect(unifiedDiff(before, close, 'a').match(/^@@/gm)).toHaveLength(1)
  })

  it('numbers a creation from empty and a deletion to empty', () => {
    expect(unifiedDiff('', 'a\n', 'f')).toBe('--- a/f\n+++ b/f\n@@ -0,0 +1,1 @@\n+a\n')
    expect(unifiedDiff('a\n', '', 'f')).toBe('--- a/f\n+++ b/f\n@@ -1,1 +0,0 @@\n-a\n')
  })

  it('marks a missing final newline', () => {
    expect(unifiedDiff('a\nb', 'a\nb\n', 'f')).toBe(
      '--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n',
    )
  })

  it('shows an appended import as one added line', () => {
    const before = "import { a } from './a'\nimport { b } from './b'\n\nrun(a, b)\n"
    const after = "import { a } from './a'\nimport { b } from './b'\nimport { c } from './c'\n\nrun(a, b, c)\n"
    const diff = unifiedDiff(before, after, 'f')
    expect(diff.split('\n').filter((row) => /^[-+][^-+]/.test(row))).toEqual([
      "+import { c } from './c'",
      '-run(a, b)',
      '+run(a, b, c)',
    ])
  })

  it('falls back to a whole replacement for huge inputs, still correct', () => {
    const before = lines(2500, 'old')
    const after = lines(2500, 'new')
    const diff = unifiedDiff(before, after, 'big')
    expect(diff.split('\n').filter((row) => row.startsWith('-old'))).toHaveLength(2500)
    expect(patch(before, diff)).toBe(after)
  })

  it('splits huge inputs at lines unique to both sides, so a few insertions stay a few hunks', () => {
    const rows = Array.from({ length: 60_000 }, (_, i) =>
      i % 3 === 0 ? `  "key${i}": {` : i % 3 === 1 ? '    "type": "string"' : '  },',
    )
    const before = `${rows.join('\n')}\n`
    const inserted = [
      ...rows.slice(0, 100),
      '  "new": 1,',
      ...rows.slice(100, 59_000),
      '  "late": 2,',
      ...rows.slice(59_000),
    ]
    const after = `${inserted.join('\n')}\n`
    const started = performance.now()
    const diff = unifiedDiff(before, after, 'openapi.json')
    expect(performance.now() - started).toBeLessThan(2000)
    expect(diff.split('\n').filter((row) => /^[-+][^-+]/.test(row))).toEqual(['+  "new": 1,', '+  "late": 2,'])
    expect(patch(before, diff)).toBe(after)
  })

  it('always produces a diff that turns before into after', () => {
    const text = fc
      .array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 30 })
      .chain((rows) => fc.boolean().map((eol) => rows.join('\n') + (eol && rows.length ? '\n' : '')))
    fc.assert(
      fc.property(text, text, (before, after) => {
        const diff = unifiedDiff(before, after, 'f')
        expect(diff === '' ? before : patch(before, diff)).toBe(after)
      }),
      { numRuns: 1000 },
    )
  })
})
