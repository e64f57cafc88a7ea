/**
 * The Worker entry (`src/index.ts`) as a generator-owned registry of two lists:
 * - the handlers beside `fetch` (`queue` from ./queues, `scheduled` from ./crons), one import
 *   each; while there are none the default export stays `export default createApp()`, as the
 *   service was created, and with some it becomes an object listing them;
 * - after the default export, one `export { ChatChannel } from './channels/chat/channel'` line
 *   per Durable Object class. Wrangler finds a class among the entry's named exports, and
 *   `wrangler types` types its namespace from a named export only (`export *` degrades it to an
 *   untyped `DurableObjectNamespace`), hence one line per class.
 * Parsed, edited as data and rendered whole, like the route registry; a file that strays from
 * the shape fails loudly.
 */
import { GenError } from './errors.js'
import type { RegistryEntry } from './registry.js'

/** Where the Worker entry lives in the service. */
export const workerEntryPath = 'src/index.ts'

/** The line the handler imports follow: the app that serves requests. */
const appImport = "import { createApp } from './app'"

/** The default export while the Worker handles requests only: the line the class exports follow. */
const anchor = 'export default createApp()'

const importPattern = /^import \{ (?<name>[A-Za-z_$][\w$]*) \} from '(?<from>\.\.?\/[^']*)'$/
const exportPattern = /^export \{ (?<name>[A-Za-z_$][\w$]*) \} from '(?<from>\.\.?\/[^']*)'$/

/** A handler of the Worker beside `fetch`: its name is the ExportedHandler key it fills. */
export interface WorkerHandler {
  name: 'queue' | 'scheduled'
  from: string
}

/** The Worker entry parsed: everything up to the app import kept verbatim, the rest as data. */
export interface WorkerExports {
  /** The text up to and including the app import line. */
  head: string
  /** Sorted by module, as the imports are. */
  handlers: WorkerHandler[]
  /** The Durable Object classes, in file order. */
  entries: RegistryEntry[]
}

/** The default export for these handlers (without its trailing newline). */
function defaultExport(handlers: readonly WorkerHandler[]): string {
  if (handlers.length === 0) return anchor
  const names = handlers.map((handler) => handler.name).sort()
  return [
    'const app = createApp()',
    '',
    `/** The Worker's handlers: requests go to the app; ${handlers.map(describe).join(', ')}. */`,
    'export default {',
    '  fetch: app.fetch,',
    ...names.map((name) => `  ${name},`),
    '} satisfies ExportedHandler<Env>',
  ].join('\n')
}

function describe(handler: WorkerHandler): string {
  return `${handler.name === 'queue' ? 'queue batches' : 'cron triggers'} to ${handler.from}`
}

/**
 * Parse the Worker entry (CRLF is read as LF; `planChanges` restores CRLF when writing).
 *
 * @throws GenError naming the file and what to fix, when the app import or the default export
 *   is missing or changed, or a line after it is neither blank nor an `export { Name } from
 *   './module'` line.
 */
export function parseWorkerExports(source: string): WorkerExports {
  const fail = (problem: string): never => {
    throw new GenError(
      `${workerEntryPath}: ${problem}. honoforge writes its default export (\`${anchor}\`, or an object listing ` +
        "the queue and cron handlers) and one `export { Class } from './module'` line per Durable Object class " +
        'after it; fix it by hand or restore it from git.',
    )
  }
  const lines = source.replace(/\r\n/g, '\n').split('\n')
  const at = lines.indexOf(appImport)
  if (at === -1) fail(`cannot find the line "${appImport}"`)
  let next = at + 1
  const handlers: WorkerHandler[] = []
  for (let groups = importPattern.exec(lines[next] ?? '')?.groups; groups; ) {
    if (groups.name !== 'queue' && groups.name !== 'scheduled') fail(`line ${next + 1} imports an unknown handler`)
    handlers.push({ name: groups.name as WorkerHandler['name'], from: groups.from ?? '' })
    groups = importPattern.exec(lines[++next] ?? '')?.groups
  }
  const expected = ['', ...defaultExport(handlers).split('\n')]
  const found = lines.slice(next, next + expected.length)
  if (found.join('\n') !== expected.join('\n')) {
    fail(
      handlers.length === 0 ? `cannot find the line "${anchor}"` : 'its default export is not the one honoforge wrote',
    )
  }
  const rest = next + expected.length
  const entries: RegistryEntry[] = []
  for (const [index, line] of lines.slice(rest).entries()) {
    if (line.trim() === '') continue
    const groups = exportPattern.exec(line)?.groups
    if (!groups?.name || !groups.from) return fail(`line ${rest + 1 + index} is not an export of a class`)
    if (entries.some((entry) => entry.name === groups.name)) fail(`"${groups.name}" is exported twice`)
    entries.push({ name: groups.name, from: groups.from })
  }
  return { head: lines.slice(0, at + 1).join('\n'), handlers, entries }
}

/** The Worker entry's text: head, handler imports, default export, then the class exports. */
export function renderWorkerExports(registry: WorkerExports): string {
  const imports = registry.handlers.map((handler) => `import { ${handler.name} } from '${handler.from}'\n`).join('')
  const exports = registry.entries.map((entry) => `export { ${entry.name} } from '${entry.from}'\n`).join('')
  return `${registry.head}\n${imports}\n${defaultExport(registry.handlers)}\n${exports ? `\n${exports}` : ''}`
}

/**
 * Export a class; one that is exported already from the same module changes nothing.
 *
 * @throws GenError when the name is exported from another module.
 */
export function addWorkerExport(registry: WorkerExports, entry: RegistryEntry): WorkerExports {
  const same = registry.entries.find((existing) => existing.name === entry.name)
  if (same?.from === entry.from) return registry
  if (same) throw new GenError(`${workerEntryPath}: "${entry.name}" is already exported (from '${same.from}').`)
  return { ...registry, entries: [...registry.entries, { name: entry.name, from: entry.from }] }
}

/** Stop exporting a class; a name that is not exported changes nothing. */
export function removeWorkerExport(registry: WorkerExports, name: string): WorkerExports {
  return { ...registry, entries: registry.entries.filter((entry) => entry.name !== name) }
}

/**
 * Hand the Worker's `queue` or `scheduled` events to a module; one already handed to the same
 * module changes nothing.
 *
 * @throws GenError when that handler comes from another module.
 */
export function addWorkerHandler(registry: WorkerExports, handler: WorkerHandler): WorkerExports {
  const same = registry.handlers.find((existing) => existing.name === handler.name)
  if (same?.from === handler.from) return registry
  if (same) throw new GenError(`${workerEntryPath}: "${handler.name}" already comes from '${same.from}'.`)
  const handlers = [...registry.handlers, { name: handler.name, from: handler.from }]
  return { ...registry, handlers: handlers.sort((a, b) => (a.from < b.from ? -1 : 1)) }
}

/** Stop handling `queue` or `scheduled` events; the last one removed gives back `export default createApp()`. */
export function removeWorkerHandler(registry: WorkerExports, name: WorkerHandler['name']): WorkerExports {
  return { ...registry, handlers: registry.handlers.filter((handler) => handler.name !== name) }
}
