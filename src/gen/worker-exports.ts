/**
 * The Worker entry (`src/index.ts`) as a generator-owned registry: after its
 * `export default createApp()` line, one `export { ChatChannel } from './channels/chat/channel'`
 * line per Durable Object class. Wrangler finds a class among the entry's named exports, and
 * `wrangler types` types its namespace from a named export only (`export *` degrades it to an
 * untyped `DurableObjectNamespace`), hence one line per class. Parsed, edited as data and
 * rendered whole, like the route registry; a file that strays from the shape fails loudly.
 */
import { GenError } from './errors.js'
import type { RegistryEntry } from './registry.js'

/** Where the Worker entry lives in the service. */
export const workerEntryPath = 'src/index.ts'

/** The line the exports follow: the Worker's fetch handler. */
const anchor = 'export default createApp()'

const exportPattern = /^export \{ (?<name>[A-Za-z_$][\w$]*) \} from '(?<from>\.\.?\/[^']*)'$/

/** The Worker entry parsed: everything up to the anchor kept verbatim, the exports as data. */
export interface WorkerExports {
  /** The text up to and including the anchor line. */
  head: string
  /** In file order. */
  entries: RegistryEntry[]
}

/**
 * Parse the Worker entry (CRLF is read as LF; `planChanges` restores CRLF when writing).
 *
 * @throws GenError naming the file and what to fix, when the anchor is missing or a line after
 *   it is neither blank nor an `export { Name } from './module'` line.
 */
export function parseWorkerExports(source: string): WorkerExports {
  const fail = (problem: string): never => {
    throw new GenError(
      `${workerEntryPath}: ${problem}. honoforge adds one \`export { Class } from './module'\` line per Durable ` +
        `Object class after the \`${anchor}\` line; fix it by hand or restore it from git.`,
    )
  }
  const lines = source.replace(/\r\n/g, '\n').split('\n')
  const at = lines.findIndex((line) => line.trimEnd() === anchor)
  if (at === -1) fail(`cannot find the line "${anchor}"`)
  const entries: RegistryEntry[] = []
  for (const [index, line] of lines.slice(at + 1).entries()) {
    if (line.trim() === '') continue
    const groups = exportPattern.exec(line)?.groups
    if (!groups?.name || !groups.from) return fail(`line ${at + 2 + index} is not an export of a class`)
    if (entries.some((entry) => entry.name === groups.name)) fail(`"${groups.name}" is exported twice`)
    entries.push({ name: groups.name, from: groups.from })
  }
  return { head: lines.slice(0, at + 1).join('\n'), entries }
}

/** The Worker entry's text: the head, then a blank line and the exports when there are any. */
export function renderWorkerExports(registry: WorkerExports): string {
  const exports = registry.entries.map((entry) => `export { ${entry.name} } from '${entry.from}'\n`).join('')
  return `${registry.head}\n${exports ? `\n${exports}` : ''}`
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
