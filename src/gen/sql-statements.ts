/**
 * SQL text cut into what the schema interpreter reads: statements without comments, and each
 * statement as tokens (words, quoted strings, parenthesized groups) that keep their place in
 * the text, so a clause can be taken back out exactly as it was written.
 */

/** A word, a quoted string or a whole parenthesized group, with where it sits in its statement. */
export interface SqlToken {
  /** The token's text: a group keeps its parentheses. */
  text: string
  /** Upper-cased text, for keyword tests. */
  word: string
  start: number
  end: number
  /** A `( ... )` group; `inner` is the text between the parentheses. */
  group?: { inner: string }
}

/**
 * The statements of a migration, comments removed and whitespace collapsed, without the
 * trailing `;`. Quotes (`'…'`, `"…"`, `$$…$$`) and parentheses are respected.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = []
  let current = ''
  let depth = 0
  for (let i = 0; i < sql.length; i++) {
    const char = sql[i] ?? ''
    const quoted = quotedAt(sql, i)
    if (quoted > i) {
      current += sql.slice(i, quoted)
      i = quoted - 1
    } else if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i)
      i = end === -1 ? sql.length : end - 1
      current += ' '
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2)
      i = end === -1 ? sql.length : end + 1
      current += ' '
    } else if (char === ';' && depth === 0) {
      statements.push(current)
      current = ''
    } else {
      if (char === '(') depth++
      if (char === ')') depth = Math.max(0, depth - 1)
      current += char
    }
  }
  statements.push(current)
  return statements.map(collapse).filter((statement) => statement.length > 0)
}

/** Whitespace runs as one space, trimmed (quoted text is never multi-space in honoforge's DDL). */
export const collapse = (text: string) => text.replace(/\s+/g, ' ').trim()

/** The statement's tokens at the top level: a parenthesized group is one token. */
export function tokenize(statement: string): SqlToken[] {
  const tokens: SqlToken[] = []
  let i = 0
  while (i < statement.length) {
    const char = statement[i] ?? ''
    if (/\s/.test(char)) {
      i++
      continue
    }
    const start = i
    if (char === '(') {
      const end = closingParen(statement, i)
      const text = statement.slice(start, end)
      tokens.push({ text, word: text.toUpperCase(), start, end, group: { inner: text.slice(1, -1).trim() } })
      i = end
      continue
    }
    if (char === ',') {
      tokens.push({ text: ',', word: ',', start, end: i + 1 })
      i++
      continue
    }
    let end = quotedAt(statement, i)
    if (end === i) {
      end = i
      while (end < statement.length && !/[\s(),]/.test(statement[end] ?? '')) {
        const quoted = quotedAt(statement, end)
        end = quoted > end ? quoted : end + 1
      }
    }
    const text = statement.slice(start, end)
    tokens.push({ text, word: text.toUpperCase(), start, end })
    i = end
  }
  return tokens
}

/** Split a group's text at its top-level commas. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = []
  let start = 0
  for (const token of tokenize(text)) {
    if (token.word !== ',') continue
    parts.push(text.slice(start, token.start).trim())
    start = token.end
  }
  parts.push(text.slice(start).trim())
  return parts.filter((part) => part.length > 0)
}

/** An identifier as written, unquoted and lower-cased (honoforge names are lower snake case). */
export const identifier = (text: string | undefined) => (text ?? '').replace(/^"(.*)"$/, '$1').toLowerCase()

/** Where the quoted text starting at `i` ends (exclusive), or `i` when none starts there. */
function quotedAt(text: string, i: number): number {
  const char = text[i]
  if (char === "'" || char === '"') {
    let end = i + 1
    while (end < text.length) {
      if (text[end] === char && text[end + 1] === char) end += 2
      else if (text[end] === char) return end + 1
      else end++
    }
    return text.length
  }
  if (text.startsWith('$$', i)) {
    const end = text.indexOf('$$', i + 2)
    return end === -1 ? text.length : end + 2
  }
  return i
}

/** The index just after the `)` matching the `(` at `open` (the end of the text if unmatched). */
function closingParen(text: string, open: number): number {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    const quoted = quotedAt(text, i)
    if (quoted > i) {
      i = quoted - 1
      continue
    }
    if (text[i] === '(') depth++
    if (text[i] === ')' && --depth === 0) return i + 1
  }
  return text.length
}
