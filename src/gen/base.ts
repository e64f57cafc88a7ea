/**
 * `.honoforge/base.json`: every file as honoforge last left it, had the user changed nothing
 * (path → content). `honoforge upgrade` merges three ways against it. One JSON file rather
 * than a tree of copies, so the service's tsc, vitest and Biome never pick the copies up.
 *
 * Create writes it; every gen, destroy and upgrade apply keeps it in step through the plan
 * (it is generator-owned, like the manifest, so it never conflicts).
 */
import { GenError } from './errors.js'
import { migrationsDir } from './migrations.js'
import type { Change, FileChange, Plan } from './plan.js'
import { carryEdit } from './three-way.js'

/** Where the base lives, relative to the project root. */
export const basePath = '.honoforge/base.json'

/** Path → content, as honoforge wrote it. */
export type Base = Map<string, string>

/**
 * Files the base leaves out: those rebuilt from the code rather than merged (the OpenAPI
 * document, client and binding types), honoforge's own records, and the local secrets.
 * Migrations are never merged either: the manifest's hashes are their record.
 */
const unrecorded = new Set(['public/openapi.json', 'client/api.d.ts', 'worker-configuration.d.ts', '.dev.vars'])

/**
 * Whether the base records `path`: not under vendor/ (a vendored create-honoforge tarball) nor
 * .honoforge/ (template overrides are the user's own, however they started).
 */
export function isRecorded(path: string): boolean {
  return !unrecorded.has(path) && !['vendor/', '.honoforge/', `${migrationsDir}/`].some((dir) => path.startsWith(dir))
}

/** The base of a rendered tree: every recorded file. */
export function baseOf(tree: ReadonlyMap<string, string | Uint8Array>): Base {
  const base: Base = new Map()
  for (const [path, content] of tree) if (isRecorded(path) && typeof content === 'string') base.set(path, content)
  return base
}

/** Deterministic text: paths sorted, 2-space indentation, trailing newline. */
export function serializeBase(base: Base): string {
  const sorted = [...base].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `${JSON.stringify({ version: 1, files: Object.fromEntries(sorted) }, null, 2)}\n`
}

/**
 * Validate base text.
 *
 * @throws GenError when it is not JSON of the base's shape.
 */
export function parseBase(text: string): Base {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw invalid(`is not valid JSON (${(error as Error).message})`)
  }
  const files = (data as { files?: unknown } | null)?.files
  if ((data as { version?: unknown } | null)?.version !== 1 || typeof files !== 'object' || files === null) {
    throw invalid('is not a version 1 base with a "files" object')
  }
  const entries = Object.entries(files)
  if (!entries.every(([, content]) => typeof content === 'string')) throw invalid('has a file that is not text')
  return new Map(entries as Array<[string, string]>)
}

/** The base as a plan change: generator-owned, never a conflict. */
export function baseChange(base: Base): FileChange {
  return { path: basePath, content: serializeBase(base), edit: true }
}

/**
 * The base after `changes` are applied as `plan` decided: a file written whole is recorded
 * as rendered (even one the user keeps with --skip: the base is what honoforge would have
 * left); a structural edit of a file (a route registry line, a wrangler.jsonc binding, a
 * README section) is carried over to the base's copy of that file; a deletion drops it.
 */
export function advanceBase(base: Base, plan: Plan, changes: readonly Change[]): Base {
  const next: Base = new Map(base)
  const before = new Map(plan.entries.map((entry) => [entry.path, entry.before]))
  for (const change of changes) {
    if (!isRecorded(change.path)) continue
    if ('delete' in change) {
      next.delete(change.path)
      continue
    }
    const pristine = base.get(change.path)
    const current = before.get(change.path)
    // An edit of a file of the user's own (there, but never honoforge's): the base keeps out of it.
    if (change.edit && pristine === undefined && current !== undefined) continue
    next.set(
      change.path,
      change.edit && pristine !== undefined && current !== undefined
        ? carryEdit(pristine, current, change.content)
        : change.content,
    )
  }
  return next
}

function invalid(problem: string): GenError {
  return new GenError(`${basePath} ${problem}; restore it from git (honoforge upgrade merges against it).`)
}
