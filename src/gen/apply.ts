/**
 * Apply a plan all or nothing: every file goes through a temp file in its own directory and
 * a rename; if any step fails, the files already changed get their original bytes back and
 * the directories created on the way are removed.
 */
import { randomBytes } from 'node:crypto'
import { basename, dirname, join } from 'node:path'
import { GenError } from './errors.js'
import { type FsLayer, nodeFs, resolveInsideRoot } from './fs-layer.js'
import { conflicts, type Plan, type PlanEntry } from './plan.js'

export interface ApplyResult {
  /** Paths created or updated. */
  written: string[]
  /** Paths deleted. */
  deleted: string[]
}

/** What was on disk before a step, to put back on rollback. */
interface Undo {
  target: string
  original?: { bytes: Buffer; mode: number }
}

/**
 * Write a checked plan. Refuses (writing nothing) while any entry is a conflict, when a path
 * is unsafe (outside the root, through a symlink), or when a file changed since the plan was
 * made. Directories emptied by deletions are removed.
 *
 * @throws GenError listing the conflicts, or naming the failed step after rolling back.
 */
export async function applyPlan(plan: Plan, options: { fs?: FsLayer } = {}): Promise<ApplyResult> {
  const fs = options.fs ?? nodeFs
  const conflicting = conflicts(plan)
  if (conflicting.length > 0) {
    const list = conflicting.map((entry) => `  ${entry.path}${entry.reason ? ` (${entry.reason})` : ''}`)
    throw new GenError(
      [
        `${conflicting.length} file(s) conflict with what the generator would write:`,
        ...list,
        'Nothing was written. Re-run with --force to overwrite them, or --skip to keep them; --dry-run shows the differences.',
      ].join('\n'),
    )
  }
  const steps = plan.entries.filter((entry) => ['create', 'update', 'delete'].includes(entry.outcome))
  const prepared = new Map<PlanEntry, Undo>()
  for (const entry of steps) {
    const target = await resolveInsideRoot(plan.root, entry.path, fs)
    const bytes = await fs.readFile(target)
    const expected = entry.outcome === 'create' ? undefined : entry.before
    if (bytes?.toString('utf8') !== expected) {
      throw new GenError(`${entry.path} changed since the plan was made; nothing was written. Run the command again.`)
    }
    const original = bytes && { bytes, mode: (await fs.lstat(target))?.mode ?? 0o644 }
    prepared.set(entry, { target, original })
  }

  const undo: Undo[] = []
  const createdDirs: string[] = []
  let failed: string | undefined
  try {
    for (const entry of steps) {
      const step = prepared.get(entry)
      if (!step) continue
      failed = `${entry.action === 'delete' ? 'delete' : 'write'} ${entry.path}`
      if (entry.action === 'delete') {
        await fs.unlink(step.target)
      } else {
        createdDirs.push(...(await makeParents(plan.root, step.target, fs)))
        await replaceFile(step.target, Buffer.from(entry.after), step.original?.mode, fs)
      }
      undo.push(step)
    }
  } catch (error) {
    const problems = await rollBack(undo, createdDirs, fs)
    const cause = `Could not ${failed}: ${(error as Error).message}.`
    throw new GenError(
      problems.length === 0
        ? `${cause} Every change was rolled back; the project is unchanged.`
        : `${cause} Rolling back also failed, check these paths by hand:\n${problems.join('\n')}`,
    )
  }
  for (const [entry, step] of prepared) {
    if (entry.action === 'delete') await removeEmptyParents(plan.root, step.target, fs)
  }
  const paths = (action: PlanEntry['action']) => steps.filter((e) => e.action === action).map((e) => e.path)
  return { written: paths('write'), deleted: paths('delete') }
}

/** Temp file in the same directory, then rename over the target: readers never see half a file. */
async function replaceFile(target: string, bytes: Buffer, mode: number | undefined, fs: FsLayer): Promise<void> {
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.honoforge-tmp`)
  try {
    await fs.writeFile(temp, bytes)
    if (mode !== undefined) await fs.chmod(temp, mode)
    await fs.rename(temp, target)
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined)
    throw error
  }
}

/** Create the missing ancestors of `target`, outermost first; returns the ones created. */
async function makeParents(root: string, target: string, fs: FsLayer): Promise<string[]> {
  const missing: string[] = []
  for (let dir = dirname(target); dir.length > root.length && !(await fs.lstat(dir)); dir = dirname(dir)) {
    missing.unshift(dir)
  }
  const created: string[] = []
  try {
    for (const dir of missing) {
      await fs.mkdir(dir)
      created.push(dir)
    }
  } catch (error) {
    for (const dir of created.reverse()) await fs.rmdir(dir).catch(() => undefined)
    throw error
  }
  return created
}

/** Undo every step, newest first; returns what could not be restored. */
async function rollBack(undo: Undo[], createdDirs: string[], fs: FsLayer): Promise<string[]> {
  const problems: string[] = []
  for (const { target, original } of [...undo].reverse()) {
    try {
      if (original) await replaceFile(target, original.bytes, original.mode, fs)
      else await fs.unlink(target)
    } catch (error) {
      problems.push(`  ${target}: ${(error as Error).message}`)
    }
  }
  for (const dir of [...createdDirs].reverse()) {
    await fs.rmdir(dir).catch((error: Error) => problems.push(`  ${dir}: ${error.message}`))
  }
  return problems
}

/**
 * After a deletion, remove directories it left empty, up to (not including) the root. Best
 * effort: the deletions are done, a directory that stays is harmless.
 */
async function removeEmptyParents(root: string, target: string, fs: FsLayer): Promise<void> {
  try {
    for (let dir = dirname(target); dir.length > root.length; dir = dirname(dir)) {
      const names = await fs.readdir(dir)
      if (!names || names.length > 0) return
      await fs.rmdir(dir)
    }
  } catch {
    // Left in place.
  }
}
