/**
 * Generator-owned registries in the generated service: files listing one import per module
 * and one use of it in a body (`app.route(...)` statements). They are parsed,
 * edited as data and rendered whole — never spliced — and a file that strays from the shape
 * fails loudly with what to fix. Each registry's shape is described once, as data, below.
 */
import { GenError } from './errors.js'
import type { Inflection } from './names.js'

/** One module in a registry. `mount` is the route path (route registry only). */
export interface RegistryEntry {
  name: string
  from: string
  mount?: string
}

/** How the entries appear in the body of a registry: one statement per entry and line, up to a closing line. */
export interface RegistryBody {
  pattern: RegExp
  render: (entry: RegistryEntry) => string
  close: string
}

/** Everything that differs between registries. */
export interface RegistryFormat {
  /** Path in the generated service. */
  path: string
  /** Start of the line that opens the body: the anchor the parser looks for. */
  anchor: string
  body: RegistryBody
  /** The rule a user editing the file must keep, quoted in errors. */
  rule: string
  /** The entry a resource adds. */
  entryFor: (resource: Inflection) => RegistryEntry
}

/** `src/routes/index.ts`: `app.route('/notes', notes)` per route module. */
export const routeRegistry: RegistryFormat = {
  path: 'src/routes/index.ts',
  anchor: 'export function registerRoutes(app',
  body: {
    pattern: /^ {2}app\.route\('(?<mount>\/[^']*)', (?<name>[A-Za-z_$][\w$]*)\)$/,
    render: (entry) => `  app.route('${entry.mount ?? '/'}', ${entry.name})`,
    close: '}',
  },
  rule: 'keep one import and one app.route() line per module',
  entryFor: (resource) => ({ name: resource.camelPlural, from: `./${resource.kebab}`, mount: `/${resource.kebab}` }),
}

/** A parsed registry: the entries as data, every other byte kept verbatim. */
export interface Registry {
  format: RegistryFormat
  /** Text before the module imports (doc comment, fixed imports). */
  header: string
  /** Text between the module imports and the body's opening line. */
  between: string
  /** The body's opening line: the anchor. */
  open: string
  /** In body order (the order routes are mounted). */
  entries: RegistryEntry[]
  /** Entry names in import order, which may differ from body order (imports sorted by path). */
  importOrder: string[]
  /** Everything from the body's closing line on. */
  footer: string
}

const importPattern = /^import \{ (?<name>[A-Za-z_$][\w$]*) \} from '(?<from>\.\.?\/[^']*)'$/

/**
 * Parse a registry (CRLF is read as LF; `planChanges` restores CRLF when writing).
 *
 * @throws GenError naming the file, the line and the rule to keep, when an anchor is missing
 *   or a line does not have the expected shape.
 */
export function parseRegistry(source: string, format: RegistryFormat = routeRegistry): Registry {
  const fail = (problem: string): never => {
    throw new GenError(
      `${format.path}: ${problem}. honoforge rewrites this file (${format.rule}); fix it by hand or restore it from git.`,
    )
  }
  const lines = source.replace(/\r\n/g, '\n').split('\n')
  const at = lines.findIndex((line) => line.startsWith(format.anchor))
  if (at === -1) fail(`cannot find the line starting with "${format.anchor}"`)

  const isModuleImport = (line: string) => importPattern.test(line)
  const first = lines.findIndex((line, i) => i < at && isModuleImport(line))
  let lastImport = at - 1
  while (lastImport >= 0 && !lines[lastImport]?.startsWith('import ')) lastImport--
  if (lastImport === -1) fail('cannot find its import block')
  const start = first === -1 ? lastImport + 1 : first
  let end = start
  while (end < at && isModuleImport(lines[end] ?? '')) end++
  const imports = lines.slice(start, end).map((line) => importPattern.exec(line)?.groups ?? {})
  for (let i = end; i < at; i++) {
    if (lines[i]?.trim() !== '')
      fail(`line ${i + 1} should be a module import (import { name } from './module') or blank`)
  }

  const block = (from: number, to: number) =>
    lines
      .slice(from, to)
      .map((line) => `${line}\n`)
      .join('')
  const base = { format, header: block(0, start), between: block(end, at) }
  const parsed = parseStatements(lines, at, format.body, fail)
  const byName = new Map(imports.map((entry) => [entry.name ?? '', entry.from ?? '']))
  if (byName.size !== imports.length) fail('a module is imported twice')
  const used = new Set<string>()
  const entries = parsed.uses.map(({ name, mount }): RegistryEntry => {
    const from = byName.get(name)
    if (from === undefined) fail(`"${name}" is used but not imported`)
    if (used.has(name)) fail(`"${name}" is used twice`)
    used.add(name)
    return mount === undefined ? { name, from: from ?? '' } : { name, from: from ?? '', mount }
  })
  for (const name of byName.keys()) if (!used.has(name)) fail(`"${name}" is imported but not used`)
  const importOrder = imports.map((entry) => entry.name ?? '')
  return { ...base, open: parsed.open, entries, importOrder, footer: parsed.footer }
}

type Uses = { uses: Array<{ name: string; mount?: string }>; open: string; footer: string }

function parseStatements(lines: string[], at: number, body: RegistryBody, fail: (problem: string) => never): Uses {
  const close = lines.indexOf(body.close, at + 1)
  if (close === -1) fail(`cannot find the "${body.close}" line closing "${lines[at]}"`)
  const uses = lines.slice(at + 1, close).map((line, i) => {
    const groups = body.pattern.exec(line)?.groups
    if (!groups?.name)
      return fail(`line ${at + 2 + i} does not match "${body.render({ name: 'name', from: '', mount: '/path' })}"`)
    return { name: groups.name, mount: groups.mount }
  })
  return { uses, open: `${lines[at]}\n`, footer: lines.slice(close).join('\n') }
}

/** The registry's text; byte-identical to the parsed source (as LF) when nothing changed. */
export function renderRegistry(registry: Registry): string {
  const byName = new Map(registry.entries.map((entry) => [entry.name, entry]))
  const imports = registry.importOrder
    .map((name) => `import { ${name} } from '${byName.get(name)?.from ?? ''}'\n`)
    .join('')
  return registry.header + imports + registry.between + registry.open + renderBody(registry) + registry.footer
}

function renderBody(registry: Registry): string {
  return registry.entries.map((entry) => `${registry.format.body.render(entry)}\n`).join('')
}

/**
 * Register a module: its use is appended to the body; its import goes where it sorts by path
 * when the imports are sorted, else after them. Adding an entry that is already there returns
 * the registry unchanged.
 *
 * @throws GenError when the name is registered differently, or the mount path is taken.
 */
export function addEntry(registry: Registry, entry: RegistryEntry): Registry {
  const same = registry.entries.find((e) => e.name === entry.name)
  if (same) {
    if (same.from === entry.from && same.mount === entry.mount) return registry
    throw new GenError(
      `${registry.format.path}: "${entry.name}" is already registered (from '${same.from}'${same.mount ? ` at '${same.mount}'` : ''}).`,
    )
  }
  const taken =
    entry.mount !== undefined && entry.mount !== '/' && registry.entries.find((e) => e.mount === entry.mount)
  if (taken)
    throw new GenError(`${registry.format.path}: the path '${entry.mount}' is already served by "${taken.name}".`)
  const entries = [...registry.entries, entry]
  const fromOf = new Map(entries.map((e) => [e.name, e.from]))
  const froms = registry.importOrder.map((name) => fromOf.get(name) ?? '')
  const sorted = froms.every((from, i) => i === 0 || (froms[i - 1] ?? '') <= from)
  const at = sorted ? froms.filter((from) => from <= entry.from).length : froms.length
  const importOrder = [...registry.importOrder.slice(0, at), entry.name, ...registry.importOrder.slice(at)]
  return { ...registry, entries, importOrder }
}

/** Unregister a module by name; a name that is not there returns the registry unchanged. */
export function removeEntry(registry: Registry, name: string): Registry {
  if (!registry.entries.some((entry) => entry.name === name)) return registry
  return {
    ...registry,
    entries: registry.entries.filter((entry) => entry.name !== name),
    importOrder: registry.importOrder.filter((importName) => importName !== name),
  }
}
