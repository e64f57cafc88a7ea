import { basename, resolve } from 'node:path'

/** Cloudflare rejects Worker names longer than this. */
export const maxNameLength = 63

/**
 * Check a Worker/package name. The accepted set (lowercase letters, digits and dashes,
 * starting with a letter, not ending with a dash, at most 63 characters) is valid both as
 * a Cloudflare Worker name and as an npm package name, so one name serves both.
 *
 * @returns `undefined` when the name is valid, otherwise a message naming the rule it breaks.
 * @example
 * validateName('my-api') // undefined
 * validateName('My-API') // 'Invalid name "My-API": it must start with a lowercase letter (a-z).'
 */
export function validateName(name: string): string | undefined {
  const invalid = (rule: string) => `Invalid name "${name}": ${rule}`
  if (name.trim() === '') return 'Invalid name: it must not be empty.'
  if (/[/\\]/.test(name) || name.includes('..')) {
    return invalid('it must not contain path separators or "..".')
  }
  if (name.length > maxNameLength) {
    return invalid(`it is ${name.length} characters long; Cloudflare Worker names allow at most ${maxNameLength}.`)
  }
  if (!/^[a-z]/.test(name)) return invalid('it must start with a lowercase letter (a-z).')
  const bad = name.match(/[^a-z0-9-]/)
  if (bad) {
    return invalid(`it may contain only lowercase letters, digits and dashes (found "${bad[0]}").`)
  }
  if (name.endsWith('-')) return invalid('it must not end with a dash.')
  return undefined
}

/**
 * Derive a name from the target directory's basename: lowercased, runs of other characters
 * turned into one dash, leading non-letters and trailing dashes dropped, cut to 63 characters.
 * May return '' (e.g. for "123"); callers validate the result.
 *
 * @example nameFromDir('./My Cool_API') // 'my-cool-api'
 */
export function nameFromDir(dir: string, cwd = process.cwd()): string {
  return basename(resolve(cwd, dir))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, maxNameLength)
    .replace(/-+$/, '')
}
