/**
 * The plan as a value: every change a generator wants, compared with the tree on disk, each
 * file with its outcome. `--dry-run` prints it, `applyPlan` writes it, nothing else decides.
 */
import { basePath } from './base.js'
import { GenError } from './errors.js'
import { type FsLayer, nodeFs, resolveInsideRoot } from './fs-layer.js'
import { unifiedDiff } from './line-diff.js'
import { fileHashes, hashContent, type Manifest } from './manifest.js'

/** Desired content of one file. */
export interface FileChange {
  /** Project-relative, posix separators. */
  path: string
  content: string
  /**
   * The content was computed from the file's current content by a structural edit (route
   * registry, wrangler.jsonc, manifest): a difference is an update, never a conflict.
   */
  edit?: boolean
  /**
   * Never updated on its own, even when still as generated (a migration that may already be
   * applied): a difference is a conflict for --force or --skip to settle.
   */
  once?: boolean
}

/** A file `destroy` wants gone. */
export interface FileDeletion {
  path: string
  delete: true
  /** The generator owns the file whatever its content (a registry all its runs share): never a conflict. */
  owned?: boolean
}

export type Change = FileChange | FileDeletion

export type Outcome = 'create' | 'identical' | 'update' | 'conflict' | 'skip' | 'delete'

/** One file of the plan. `before` is the current content when the file exists. */
export type PlanEntry =
  | { action: 'write'; path: string; outcome: Outcome; before?: string; after: string; reason?: string }
  | { action: 'delete'; path: string; outcome: Outcome; before?: string; reason?: string }

export interface Plan {
  /** The project root, as `realpath` resolved it. */
  root: string
  entries: PlanEntry[]
}

export interface PlanOptions {
  /** Overwrite conflicting files (and delete modified ones). */
  force?: boolean
  /** Keep conflicting files as they are. */
  skip?: boolean
  fs?: FsLayer
}

/**
 * Compare the wanted changes with the tree under `root`:
 * - write, file absent → `create`; same bytes → `identical`;
 * - write, file differs → `update` if the change is an `edit`, or if the file is still
 *   exactly as a generator recorded it in the manifest (unless the change is `once`);
 *   otherwise `conflict`, or `update` with `force`, or `skip` with `skip`;
 * - delete, file absent → `identical`; unchanged since generated (manifest hash), or `owned`
 *   by the generator → `delete`; otherwise `conflict` (`delete` with `force`, `skip` with `skip`).
 * An existing file with CRLF line endings keeps them: the wanted content is converted first.
 *
 * @throws GenError for a path that is unsafe to write (outside the root, through a symlink,
 *   a directory) or listed twice.
 */
export async function planChanges(
  root: string,
  changes: readonly Change[],
  manifest: Manifest,
  options: PlanOptions = {},
): Promise<Plan> {
  const { force = false, skip = false, fs = nodeFs } = options
  if (force && skip) throw new GenError('Use either --force or --skip, not both.')
  const rootReal = await fs.realpath(root)
  const recorded = fileHashes(manifest)
  const seen = new Set<string>()
  const entries: PlanEntry[] = []
  for (const change of changes) {
    if (seen.has(change.path)) throw new GenError(`Internal error: the plan lists ${change.path} twice.`)
    seen.add(change.path)
    const bytes = await fs.readFile(await resolveInsideRoot(rootReal, change.path, fs))
    const before = bytes?.toString('utf8')
    const untouched = before !== undefined && recorded.get(change.path) === hashContent(before)
    // A difference the generator may not resolve on its own: --force or --skip decide.
    const unresolved = (reason: string, forced: 'update' | 'delete') =>
      force
        ? { outcome: forced, reason: `${reason}; ${forced === 'delete' ? 'deleted' : 'overwritten'} (--force)` }
        : skip
          ? { outcome: 'skip' as const, reason: `${reason}; kept (--skip)` }
          : { outcome: 'conflict' as const, reason }

    if ('delete' in change) {
      const decision =
        before === undefined
          ? { outcome: 'identical' as const, reason: 'already absent' }
          : untouched || change.owned
            ? { outcome: 'delete' as const }
            : recorded.has(change.path)
              ? unresolved('modified since it was generated', 'delete')
              : unresolved('not recorded as generated', 'delete')
      entries.push({ action: 'delete', path: change.path, before, ...decision })
      continue
    }
    const after = before?.includes('\r\n') ? toCrlf(change.content) : change.content
    const decision =
      before === undefined
        ? { outcome: 'create' as const }
        : bytes?.equals(Buffer.from(after))
          ? { outcome: 'identical' as const }
          : change.edit
            ? { outcome: 'update' as const }
            : change.once
              ? unresolved('exists with different content and may already be applied', 'update')
              : untouched
                ? { outcome: 'update' as const, reason: 'unchanged since it was generated' }
                : unresolved('exists with different content', 'update')
    entries.push({ action: 'write', path: change.path, before, after, ...decision })
  }
  return { root: rootReal, entries }
}

/** The plan's conflicts (an apply refuses while there are any). */
export function conflicts(plan: Plan): PlanEntry[] {
  return plan.entries.filter((entry) => entry.outcome === 'conflict')
}

/**
 * The plan as text, one line per file (`create  src/x.ts`), then a summary; with `diff`,
 * updates and conflicts are followed by a unified diff. This is what `--dry-run` prints.
 */
export function formatPlan(plan: Plan, options: { diff?: boolean } = {}): string {
  const lines: string[] = []
  for (const entry of plan.entries) {
    const label = entry.action === 'delete' && entry.outcome === 'identical' ? 'absent' : entry.outcome
    lines.push(`${label.padEnd(10)} ${entry.path}${entry.reason ? `  (${entry.reason})` : ''}`)
    // The base is a record of every file, one JSON line each: its diff would repeat whole files.
    const diffed = options.diff && entry.action === 'write' && entry.path !== basePath
    if (diffed && entry.before !== undefined && entry.outcome !== 'identical') {
      const diff = unifiedDiff(entry.before, entry.after, entry.path)
      if (diff) lines.push(diff.trimEnd())
    }
  }
  const counts = new Map<string, number>()
  for (const entry of plan.entries) counts.set(entry.outcome, (counts.get(entry.outcome) ?? 0) + 1)
  const order: Outcome[] = ['create', 'update', 'delete', 'identical', 'skip', 'conflict']
  const summary = order.filter((o) => counts.has(o)).map((o) => `${counts.get(o)} ${o}`)
  lines.push(summary.length ? summary.join(', ') : 'nothing to do')
  if (counts.has('conflict')) lines.push('Conflicts: re-run with --force to overwrite them or --skip to keep them.')
  return `${lines.join('\n')}\n`
}

/** LF → CRLF, leaving existing CRLF alone. */
function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n')
}
