/**
 * The file-system calls the planner and the applier make, behind a small interface so tests
 * can inject a failure in the middle of an apply and check that the tree is restored.
 */
import { chmod, lstat, mkdir, readdir, readFile, realpath, rename, rmdir, unlink, writeFile } from 'node:fs/promises'
import { dirname, isAbsolute, join, posix, relative, sep } from 'node:path'
import { GenError } from './errors.js'

/** What `lstat` says about a path, reduced to what the generator cares about. */
export interface PathInfo {
  kind: 'file' | 'directory' | 'symlink' | 'other'
  mode: number
}

/** The file operations the generator engine uses; `nodeFs` is the real one. */
export interface FsLayer {
  /** File bytes, or `undefined` when the file does not exist. */
  readFile(path: string): Promise<Buffer | undefined>
  /** Create a new file; fails if it exists (used for temp files only). */
  writeFile(path: string, data: Buffer): Promise<void>
  rename(from: string, to: string): Promise<void>
  unlink(path: string): Promise<void>
  /** Create one directory (not recursive). */
  mkdir(path: string): Promise<void>
  /** Remove one empty directory. */
  rmdir(path: string): Promise<void>
  /** Entry names, or `undefined` when the directory does not exist. */
  readdir(path: string): Promise<string[] | undefined>
  realpath(path: string): Promise<string>
  /** Without following a final symlink; `undefined` when nothing is there. */
  lstat(path: string): Promise<PathInfo | undefined>
  chmod(path: string, mode: number): Promise<void>
}

/** Nothing there: no such entry, or a path through a file (`src/routes/posts/x.ts` when `posts` is a file). */
const isMissing = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')

/** A symlink loop on the way to `path` (ELOOP), as an error the user can act on; others unchanged. */
const loopError = (error: unknown, path: string) =>
  (error as NodeJS.ErrnoException).code === 'ELOOP'
    ? new GenError(`${path}: a symbolic link on the way loops back on itself; remove it.`)
    : error

/** The real file system (node:fs/promises). */
export const nodeFs: FsLayer = {
  readFile: (path) =>
    readFile(path).catch((error) => {
      if (isMissing(error)) return undefined
      if ((error as NodeJS.ErrnoException).code === 'EISDIR')
        throw new GenError(`${path} is a directory where a file is expected.`)
      throw loopError(error, path)
    }),
  writeFile: (path, data) => writeFile(path, data, { flag: 'wx' }),
  rename,
  unlink,
  mkdir: async (path) => {
    await mkdir(path)
  },
  rmdir,
  readdir: (path) => readdir(path).catch((error) => (isMissing(error) ? undefined : Promise.reject(error))),
  realpath,
  lstat: async (path) => {
    try {
      const stats = await lstat(path)
      const kind = stats.isSymbolicLink()
        ? 'symlink'
        : stats.isDirectory()
          ? 'directory'
          : stats.isFile()
            ? 'file'
            : 'other'
      return { kind, mode: stats.mode & 0o7777 }
    } catch (error) {
      if (isMissing(error)) return undefined
      throw loopError(error, path)
    }
  },
  chmod,
}

/**
 * Resolve a project-relative path (posix form, as generators produce them) to an absolute
 * path that is safe to write: no `..`, not absolute, not a symlink itself, and its nearest
 * existing ancestor resolves (through any symlinks) to a directory inside the project root.
 *
 * @param rootReal The project root, already passed through `realpath`.
 * @throws GenError when writing there could touch anything outside the project.
 */
export async function resolveInsideRoot(rootReal: string, path: string, fs: FsLayer): Promise<string> {
  const refuse = (why: string): never => {
    throw new GenError(`Refusing to write ${JSON.stringify(path)}: ${why}.`)
  }
  if (path === '' || isAbsolute(path) || path.includes('\\')) refuse('generators write relative posix paths only')
  if (posix.normalize(path) !== path || path.split('/').includes('..') || path.endsWith('/')) {
    refuse('the path is not normalized or leaves the project')
  }
  const target = join(rootReal, ...path.split('/'))
  const info = await fs.lstat(target)
  if (info?.kind === 'symlink') refuse('it is a symbolic link; replace it with a regular file first')
  if (info && info.kind !== 'file') refuse(`it is a ${info.kind}, not a file`)
  let ancestor = dirname(target)
  while (ancestor.length > rootReal.length && !(await fs.lstat(ancestor))) ancestor = dirname(ancestor)
  const resolved = await fs.realpath(ancestor)
  const inside = relative(rootReal, resolved)
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    refuse(`${relative(rootReal, ancestor).split(sep).join('/')} links outside the project (${resolved})`)
  }
  if ((await fs.lstat(resolved))?.kind !== 'directory') refuse(`${resolved} is not a directory`)
  return target
}
