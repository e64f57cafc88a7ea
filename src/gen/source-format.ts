/**
 * The pieces of source text generators compute. Their layout is not worked out here: they
 * come out on one line and the service's Biome breaks them where they are too long (see
 * code-format.ts).
 */

/**
 * An object literal (or, with `;`, a type literal) on one line.
 *
 * @example objectLiteral(['a: 1', 'b: 2']) // '{ a: 1, b: 2 }'
 */
export function objectLiteral(entries: readonly string[], separator: ',' | ';' = ','): string {
  return entries.length === 0 ? '{}' : `{ ${entries.join(`${separator} `)} }`
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
