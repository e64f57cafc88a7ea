/**
 * Structural edits of the service's `wrangler.jsonc` with jsonc-parser: comments, order and
 * formatting of everything else survive; an edit that is already there changes nothing; a
 * file whose structure is not what the edit expects fails with what to fix.
 */
import {
  applyEdits,
  type Edit,
  type FormattingOptions,
  findNodeAtLocation,
  format,
  getNodeValue,
  type JSONPath,
  modify,
  type Node,
  type ParseError,
  parseTree,
  printParseErrorCode,
} from 'jsonc-parser'
import { GenError } from './errors.js'

/** Where the config lives in the generated service. */
export const wranglerConfigPath = 'wrangler.jsonc'

/** A D1 binding as wrangler.jsonc spells it. */
export interface D1Binding {
  binding: string
  database_name: string
  /** Absent for local development; `wrangler d1 create` prints the real one. */
  database_id?: string
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
 * With `inline`, the item is written on one line even in a multi-line array.
 *
 * @example ensureArrayItem(source, ['d1_databases'], 'binding', { binding: 'DB', ... })
 * @throws GenError when something other than an array is at `path`.
 */
export function ensureArrayItem(
  source: string,
  path: JSONPath,
  key: string,
  item: Record<string, unknown>,
  options: { inline?: boolean } = {},
): string {
  const node = findNodeAtLocation(parseWranglerConfig(source), path)
  if (!node) return edit(source, path, [item])
  if (node.type !== 'array') fail(`"${path.join('.')}" should be an array`)
  const existing: unknown[] = getNodeValue(node)
  if (existing.some((element) => isObject(element) && element[key] === item[key])) return source
  return options.inline
    ? inlined(item, (marker) => edit(source, [...path, -1], marker, true))
    : edit(source, [...path, -1], item, true)
}

/**
 * Remove the elements of the array at `path` whose `key` has this value (what
 * `ensureArrayItem` added); the source is unchanged when there is none.
 *
 * @throws GenError when something other than an array is at `path`.
 */
export function removeArrayItem(source: string, path: JSONPath, key: string, value: unknown): string {
  const node = findNodeAtLocation(parseWranglerConfig(source), path)
  if (!node) return source
  if (node.type !== 'array') fail(`"${path.join('.')}" should be an array`)
  const elements = node.children ?? []
  const index = elements.findIndex((element) => {
    const item: unknown = getNodeValue(element)
    return isObject(item) && item[key] === value
  })
  if (index === -1) return source
  return removeArrayItem(withoutElement(source, elements, index), path, key, value)
}

/**
 * Append the string `value` to the array at `path` (creating the array if absent) unless it is
 * listed already: `"secrets": { "required": ["JWT_SECRET", "JWT_PRIVATE_KEY"] }`.
 *
 * @throws GenError when something other than an array is at `path`.
 */
export function ensureArrayString(source: string, path: JSONPath, value: string): string {
  const node = findNodeAtLocation(parseWranglerConfig(source), path)
  if (!node) return edit(source, path, [value])
  if (node.type !== 'array') fail(`"${path.join('.')}" should be an array`)
  return (getNodeValue(node) as unknown[]).includes(value) ? source : edit(source, [...path, -1], value, true)
}

/** Remove the string `value` from the array at `path` (what `ensureArrayString` added), if it is there. */
export function removeArrayString(source: string, path: JSONPath, value: string): string {
  const node = findNodeAtLocation(parseWranglerConfig(source), path)
  const elements = node?.type === 'array' ? (node.children ?? []) : []
  const index = elements.findIndex((element) => element.value === value)
  if (index === -1) return source
  return removeArrayString(withoutElement(source, elements, index), path, value)
}

/**
 * The source without one array element, by offsets, with the comma before it (after it, for
 * the first): jsonc-parser's modify breaks one-line arrays when it removes their last element
 * (a stray quote after a string, a missing comma after an object).
 */
function withoutElement(source: string, elements: readonly Node[], index: number): string {
  const element = elements[index]
  if (!element) return source
  const before = elements[index - 1]
  const after = elements[index + 1]
  const [start, end] = before
    ? [before.offset + before.length, element.offset + element.length]
    : [element.offset, after ? after.offset : element.offset + element.length]
  return source.slice(0, start) + source.slice(end)
}

/**
 * Remove the value at `path` (an object member), if it is there, with the comma that
 * separated it from its neighbours.
 */
export function removeValue(source: string, path: JSONPath): string {
  return findNodeAtLocation(parseWranglerConfig(source), path)
    ? applyEdits(source, modify(source, path, undefined, {}))
    : source
}

/**
 * Remove the empty object or array at `path`, then its parents up to (not including) the
 * root while they are left empty: what an edit created to hold one item goes with it.
 */
export function removeIfEmpty(source: string, path: JSONPath): string {
  const node = findNodeAtLocation(parseWranglerConfig(source), path)
  if (path.length === 0 || !node || (node.type !== 'object' && node.type !== 'array') || node.children?.length) {
    return source
  }
  return removeIfEmpty(removeValue(source, path), path.slice(0, -1))
}

/**
 * Set the value at `path` unless something is already there (the user's value wins).
 *
 * @throws GenError when a parent on the path is not an object.
 */
export function setIfAbsent(source: string, path: JSONPath, value: unknown, before?: string): string {
  const root = parseWranglerConfig(source)
  for (let depth = 1; depth < path.length; depth++) {
    const parent = findNodeAtLocation(root, path.slice(0, depth))
    if (parent && parent.type !== 'object') fail(`"${path.slice(0, depth).join('.')}" should be an object`)
  }
  return findNodeAtLocation(root, path) ? source : edit(source, path, value, false, before)
}

/**
 * Set the value at `path` unless something is already there, written on one line as the
 * service template writes its bindings (`"durable_objects": { "bindings": [{ ... }] }`), and
 * placed before the member `before` of its parent when it has one (a binding before `env`).
 *
 * @throws GenError when a parent on the path is not an object.
 */
export function setInlineIfAbsent(source: string, path: JSONPath, value: unknown, before?: string): string {
  return inlined(value, (marker) => setIfAbsent(source, path, marker, before))
}

/** What `place` makes of the source with a marker string, the marker then replaced by `value` on one line. */
function inlined(value: unknown, place: (marker: string) => string): string {
  const marker = '__honoforge_inline_value__'
  return place(marker).replace(JSON.stringify(marker), inlineJson(value))
}

/**
 * The config's scopes: the top level (`[]`, local development) and each environment
 * (`['env', 'staging']`, ...). Bindings and vars are not inherited by environments, so an
 * edit that adds one usually applies it to every scope.
 */
export function configScopes(source: string): JSONPath[] {
  const envs = findNodeAtLocation(parseWranglerConfig(source), ['env'])
  if (!envs) return [[]]
  if (envs.type !== 'object') fail('"env" should be an object of environments')
  const names = (envs.children ?? []).map((property) => String(property.children?.[0]?.value))
  return [[], ...names.map((name) => ['env', name])]
}

/** Ensure a D1 binding with this `binding` name exists in `scope` (an existing one is kept as is). */
export function ensureD1Binding(source: string, binding: D1Binding, scope: JSONPath = []): string {
  requireScope(source, scope)
  return ensureArrayItem(source, [...scope, 'd1_databases'], 'binding', { ...binding })
}

/** Ensure a plain-text variable exists under `vars` in `scope` (an existing value is kept). */
export function ensureVar(source: string, name: string, value: string, scope: JSONPath = []): string {
  requireScope(source, scope)
  return setIfAbsent(source, [...scope, 'vars', name], value)
}

/** Insert `value` at `path`: at the end of its container, or before the member `before` when there is one. */
function edit(source: string, path: JSONPath, value: unknown, isArrayInsertion = false, before?: string): string {
  const inline = before === undefined ? inlineInsertion(source, path, value) : undefined
  if (inline) return applyEdits(source, [inline])
  const getInsertionIndex = (keys: string[]) => (before && keys.includes(before) ? keys.indexOf(before) : keys.length)
  // Format only the inserted text: modify's own formatting reflows the whole line the
  // insertion starts on, which would expand the user's one-line objects.
  const edits = modify(source, path, value, { isArrayInsertion, getInsertionIndex })
  let result = source
  for (const change of edits.sort((a, b) => b.offset - a.offset)) {
    const inserted = applyEdits(result, [change])
    const range = { offset: change.offset, length: change.content.length }
    result = applyEdits(inserted, format(inserted, range, formattingOf(source)))
  }
  return result
}

/**
 * Adding to a non-empty container written on one line (`"vars": { "A": "x" }`) keeps it on
 * one line, in the same style: `{ "A": "x", "B": "y" }`. Undefined for any other container.
 */
function inlineInsertion(source: string, path: JSONPath, value: unknown): Edit | undefined {
  const container = findNodeAtLocation(parseWranglerConfig(source), path.slice(0, -1))
  const last = container?.children?.[container.children.length - 1]
  if (!container || !last) return undefined
  const containerText = source.slice(container.offset, container.offset + container.length)
  const tail = source.slice(last.offset + last.length, container.offset + container.length - 1)
  if (containerText.includes('\n') || tail.trim() !== '') return undefined
  const key = path[path.length - 1]
  const text = container.type === 'object' ? `${JSON.stringify(key)}: ${inlineJson(value)}` : inlineJson(value)
  return { offset: last.offset + last.length, length: 0, content: `, ${text}` }
}

/** JSON on one line with the spacing of a formatted JSONC file: `{ "a": [1, 2] }`. */
function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`
  if (!isObject(value)) return JSON.stringify(value)
  const entries = Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${inlineJson(item)}`)
  return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`
}

/** Indentation and line ending the file already uses, so inserted text blends in. */
function formattingOf(source: string): FormattingOptions {
  const indent = /^([ \t]+)\S/m.exec(source)?.[1] ?? '  '
  const tabs = indent.startsWith('\t')
  return { insertSpaces: !tabs, tabSize: tabs ? 1 : indent.length, eol: source.includes('\r\n') ? '\r\n' : '\n' }
}

function requireScope(source: string, scope: JSONPath): void {
  const node = findNodeAtLocation(parseWranglerConfig(source), scope)
  if (node?.type !== 'object') fail(`has no "${scope.join('.')}" environment object`)
}

function fail(problem: string): never {
  throw new GenError(`${wranglerConfigPath} ${problem}; fix it and run the command again.`)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
