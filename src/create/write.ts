import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { lstat, mkdir, rename, rm } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import { CliError } from '../errors.js'
import { throwIfCancelled } from './interrupt.js'
import { checkTarget, type TargetState } from './preflight.js'

/**
 * The files to write, by `/`-separated relative path: the rendered text (a `FileTree`) plus
 * binary files such as a vendored package tarball.
 */
export type PlannedTree = ReadonlyMap<string, string | Uint8Array>

export interface WriteOptions {
  /** Allow a non-empty target and overwrite files that already exist there. */
  force?: boolean
  /** When it fires before the tree is in place, nothing is left behind and the write rejects. */
  signal?: AbortSignal
}

/**
 * Write a rendered tree to `targetDir` so that a failure or Ctrl-C leaves no partial project:
 * every file goes into a staging directory next to the target (same filesystem), which is
 * then renamed into place in one step. When the target already exists (empty, or non-empty
 * with `force`), the staged files are moved in one by one instead, after checking that none
 * would clobber a directory or, without `force`, an existing file.
 *
 * @throws CliError for a non-empty target without `force` or a conflicting path;
 *   CancelledError when `signal` fires first. The staging directory is removed either way.
 */
export async function writeTree(targetDir: string, files: PlannedTree, options: WriteOptions = {}): Promise<void> {
  const { force = false, signal } = options
  const target = resolve(targetDir)
  for (const path of files.keys()) assertRelativePath(path)
  const state = await checkTarget(target, force)

  // Create missing parents now, remembering the topmost one so a failure can take it back.
  const createdParent = state === 'missing' ? await mkdir(dirname(target), { recursive: true }) : undefined
  let staging: string | undefined
  try {
    staging = await createStagingDir(target, state)
    // Synchronous: dozens of small files are written several times faster than through the
    // thread pool, and nothing else runs meanwhile (create-vite writes the same way).
    const made = new Set<string>()
    for (const [path, contents] of files) {
      throwIfCancelled(signal)
      const file = join(staging, path)
      if (!made.has(dirname(file))) mkdirSync(dirname(file), { recursive: true })
      made.add(dirname(file))
      writeFileSync(file, contents)
    }
    // A Ctrl-C that arrived during the writes is handled on the next turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve))
    throwIfCancelled(signal)
    if (state === 'missing') {
      await rename(staging, target)
      staging = undefined
    } else {
      await assertNoConflicts(target, files, force)
      for (const path of files.keys()) {
        await mkdir(dirname(join(target, path)), { recursive: true })
        await rename(join(staging, path), join(target, path))
      }
    }
  } catch (error) {
    if (createdParent) await rm(createdParent, { recursive: true, force: true })
    throw error
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true })
  }
}

/**
 * A fresh staging directory beside the target. If the parent is not writable but the target
 * already exists (e.g. creating into the current directory), stage inside the target: the
 * final renames stay on the same filesystem either way.
 */
async function createStagingDir(target: string, state: TargetState): Promise<string> {
  const name = `.${basename(target)}.honoforge-${randomBytes(4).toString('hex')}`
  try {
    const dir = join(dirname(target), name)
    await mkdir(dir)
    return dir
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (state === 'missing' || !['EACCES', 'EPERM', 'EROFS'].includes(code ?? '')) throw error
    const dir = join(target, name)
    await mkdir(dir)
    return dir
  }
}

/** Check every destination before moving anything, so a conflict leaves the target untouched. */
async function assertNoConflicts(target: string, files: PlannedTree, force: boolean): Promise<void> {
  const checkedDirs = new Set<string>()
  for (const path of files.keys()) {
    const segments = path.split('/')
    for (let i = 1; i < segments.length; i++) {
      const dir = segments.slice(0, i).join('/')
      if (checkedDirs.has(dir)) continue
      checkedDirs.add(dir)
      const stats = await lstatOrUndefined(join(target, dir))
      if (stats && !stats.isDirectory())
        throw new CliError(`Cannot write ${path}: ${join(target, dir)} exists and is not a directory.`)
    }
    const stats = await lstatOrUndefined(join(target, path))
    if (stats?.isDirectory()) throw new CliError(`Cannot write ${path}: ${join(target, path)} is a directory.`)
    if (stats && !force) throw new CliError(`${join(target, path)} already exists. Pass --force to overwrite it.`)
  }
}

async function lstatOrUndefined(path: string) {
  return lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw error
  })
}

/** Rendered paths come from our own templates, but never let one escape the target. */
function assertRelativePath(path: string): void {
  const segments = path.split('/')
  if (isAbsolute(path) || path.includes('\\') || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new Error(`Refusing to write unsafe path "${path}".`)
  }
}
