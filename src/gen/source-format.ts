/**
 * Small formatting rules for the code snippets generators compute, matching how the service
 * template is formatted (Prettier: 120 columns, no semicolons, single quotes, trailing commas).
 */

/** The service's line width. */
export const printWidth = 120

/**
 * An object literal (or type literal) inline when `prefix` + it + `suffix` fits on one line,
 * else one entry per line, indented one level deeper than `indent`.
 *
 * @param separator `,` for values, '' for type members.
 * @example objectLiteral(['a: 1', 'b: 2'], '', 'const x = ') // '{ a: 1, b: 2 }'
 */
export function objectLiteral(entries: readonly string[], indent: string, prefix: string, suffix = '', separator = ','): string {
  if (entries.length === 0) return '{}'
  const inline = `{ ${entries.join(separator === ',' ? ', ' : '; ')} }`
  if (indent.length + prefix.length + inline.length + suffix.length <= printWidth) return inline
  return `{\n${entries.map((entry) => `${indent}  ${entry}${separator}\n`).join('')}${indent}}`
}

/**
 * A call's arguments: `(a, b)` when the call fits on one line, else one per line with a
 * trailing comma.
 *
 * @param start The text before the `(` on its line, including indentation.
 */
export function callArguments(args: readonly string[], start: string, indent: string): string {
  const inline = `(${args.join(', ')})`
  if (start.length + inline.length <= printWidth) return inline
  return `(\n${args.map((arg) => `${indent}  ${arg},\n`).join('')}${indent})`
}

/** A string literal in single quotes. */
export function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

/** `a` or `an` for a lowercase word, by its sound as far as spelling tells (`an author`, `a user`). */
export function article(word: string): string {
  return /^(?:[aeio]|u(?![bcfhjkmnrst][aeiou])|hour|honest)/.test(word) ? 'an' : 'a'
}

/** First letter uppercase: `blog posts` → `Blog posts`. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
