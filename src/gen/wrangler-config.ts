/**
 * Structural edits of the service's `wrangler.jsonc` with jsonc-parser: comments, order and
 * formatting of everything else survive; an edit that is already there changes nothing; a
 * file whose structure is not what the edit expects fails with what to fix.
 */
import {
  applyEdits,
  findNodeAtLocation,
  getNodeValue,
  modify,
  parseTree,
  printParseErrorCode,
  type FormattingOptions,
  type JSONPath,
  type Node,
  type ParseError,
} from 'jsonc-parser'
import { GenError } from './errors.js'

/** Where the config lives in the generated service. */
export const wranglerConfigPath = 'wrangler.jsonc'

/** A D1 binding as wrangler.jsonc spells it. */
export interface D1Binding {
  binding: string
  database_name: string
  database_id: string
  migrations_dir?: string
}

/**
 * Parse the config, refusing syntax errors and a root that is not an object.
 *
 * @throws GenError with the line and column of the first syntax error.
 */
export function parseWranglerConfig(source: string): Node {
  const errors: ParseError[] = []
  const root = parseTree(source, errors, { allowTrailingComma: true, disallowComments: false })
  const [error] = errors
  if (error) {
    const before = source.slice(0, error.offset).split('\n')
    const where = `line ${before.length}, column ${(before[before.length - 1]?.length ?? 0) + 1}`
    fail(`has a syntax error at ${where} (${printParseErrorCode(error.error)})`)
  }
  if (root?.type !== 'object') fail('must contain a JSON object')
  return root as Node
}

/**
 * Append `item` to the array at `path` (creating the array if absent) unless an element
 * already has the same value for `key`; such an element is left exactly as the user has it.
 *
 * @example ensureArrayItem(source, ['d1_databases'], 'binding', { binding: 'DB', ... })
 * @throws GenError when something other than an array is at `path`.
 */
export function ensureArrayItem(source: string, path: JSONPath, key: string, item: Record<string, unknown>): string {
  const node = findNodeAtLocation(parseWranglerConfig(source), path)
  if (!node) return edit(source, path, [item])
  if (node.type !== 'array') fail(`"${path.join('.')}" should be an array`)
  const existing: unknown[] = getNodeValue(node)
  const present = existing.some((element) => isObject(element) && element[key] === item[key])
  return present ? source : edit(source, [...path, -1], item, true)
}

/**
 * Set the value at `path` unless something is already there (the user's value wins).
 *
 * @throws GenError when a parent on the path is not an object.
 */
export function setIfAbsent(source: string, path: JSONPath, value: unknown): string {
  const root = parseWranglerConfig(source)
  for (let depth = 1; depth < path.length; depth++) {
    const parent = findNodeAtLocation(root, path.slice(0, depth))
    if (parent && parent.type !== 'object') fail(`"${path.slice(0, depth).join('.')}" should be an object`)
  }
  return findNodeAtLocation(root, path) ? source : edit(source, path, value)
}

/** Ensure a D1 binding with this `binding` name exists (an existing one is kept as is). */
export function ensureD1Binding(source: string, binding: D1Binding): string {
  return ensureArrayItem(source, ['d1_databases'], 'binding', { ...binding })
}

/** Ensure a plain-text variable under `vars` exists (an existing value is kept). */
export function ensureVar(source: string, name: string, value: string): string {
  return setIfAbsent(source, ['vars', name], value)
}

function edit(source: string, path: JSONPath, value: unknown, isArrayInsertion = false): string {
  const edits = modify(source, path, value, { formattingOptions: formattingOf(source), isArrayInsertion })
  return applyEdits(source, edits)
}

/** Indentation and line ending the file already uses, so inserted text blends in. */
function formattingOf(source: string): FormattingOptions {
  const indent = /^([ \t]+)\S/m.exec(source)?.[1] ?? '  '
  const tabs = indent.startsWith('\t')
  return { insertSpaces: !tabs, tabSize: tabs ? 1 : indent.length, eol: source.includes('\r\n') ? '\r\n' : '\n' }
}

function fail(problem: string): never {
  throw new GenError(`${wranglerConfigPath} ${problem}; fix it and run the command again.`)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
