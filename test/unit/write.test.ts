import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { withInterrupt } from '../../src/create/interrupt.js'
import { writeTree } from '../../src/create/write.js'
import { CancelledError, CliError } from '../../src/errors.js'

const files = new Map([
  ['.gitignore', 'node_modules/\n'],
  ['package.json', '{"name":"x"}\n'],
  ['src/index.ts', 'export default {}\n'],
  ['src/routes/health.ts', 'export const health = 1\n'],
])

/** Every file under `dir` with its contents, to compare whole trees. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const tree: Record<string, string> = {}
  for (const entry of entries) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    tree[path.slice(dir.length + 1)] = await readFile(path, 'utf8')
  }
  return tree
}

let root: string
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'honoforge-write-'))
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('writeTree into a new directory', () => {
  it('creates the tree, missing parents included, and leaves no staging directory', async () => {
    const target = join(root, 'a', 'b', 'my-api')
    await writeTree(target, files)
    expect(await snapshot(target)).toEqual(Object.fromEntries(files))
    expect(await readdir(join(root, 'a', 'b'))).toEqual(['my-api'])
  })

  it('gives the directory normal permissions, not the staging directory’s', async () => {
    const target = join(root, 'my-api')
    await writeTree(target, files)
    expect((await stat(target)).mode & 0o777).toBe(0o777 & ~process.umask())
  })

  it('writes nothing, parents included, when cancelled before the move', async () => {
    const controller = new AbortController()
    controller.abort(new CancelledError())
    await expect(
      writeTree(join(root, 'a', 'b', 'my-api'), files, { signal: controller.signal }),
    ).rejects.toBeInstanceOf(CancelledError)
    expect(await readdir(root)).toEqual([])
  })

  it('removes the staging directory when cancelled halfway through writing', async () => {
    const controller = new AbortController()
    // Fires while the second file is being staged, like a Ctrl-C in the middle of the write.
    class InterruptedTree extends Map<string, string> {
      override *[Symbol.iterator](): MapIterator<[string, string]> {
        let index = 0
        for (const entry of super.entries()) {
          if (index++ === 1) controller.abort(new CancelledError())
          yield entry
        }
      }
    }
    await expect(
      writeTree(join(root, 'my-api'), new InterruptedTree(files), { signal: controller.signal }),
    ).rejects.toBeInstanceOf(CancelledError)
    expect(await readdir(root)).toEqual([])
  })

  it('rejects paths that would escape the target, before writing anything', async () => {
    for (const bad of ['../evil', '/etc/passwd', 'a//b', 'a/./b', 'a\\b']) {
      await expect(writeTree(join(root, 'x'), new Map([[bad, '']]))).rejects.toThrow(/unsafe path/)
    }
    expect(await readdir(root)).toEqual([])
  })
})

describe('writeTree into an existing directory', () => {
  it('moves the files into an empty directory and leaves nothing beside it', async () => {
    const target = join(root, 'my-api')
    await mkdir(target)
    await writeTree(target, files)
    expect(await snapshot(target)).toEqual(Object.fromEntries(files))
    expect(await readdir(root)).toEqual(['my-api'])
  })

  it('refuses a non-empty directory without force and changes nothing', async () => {
    await writeFile(join(root, 'keep.txt'), 'mine')
    const error = await writeTree(root, files).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CliError)
    expect((error as CliError).message).toMatch(/is not empty.*--force/)
    expect(await snapshot(root)).toEqual({ 'keep.txt': 'mine' })
    expect(await readdir(join(root, '..'))).not.toContainEqual(expect.stringMatching(/honoforge-[0-9a-f]{8}$/))
  })

  it('with force, overwrites files with the same paths and keeps the others', async () => {
    await mkdir(join(root, 'src'))
    await writeFile(join(root, 'src', 'index.ts'), 'old')
    await writeFile(join(root, 'src', 'mine.ts'), 'mine')
    await writeTree(root, files, { force: true })
    expect(await snapshot(root)).toEqual({ ...Object.fromEntries(files), 'src/mine.ts': 'mine' })
  })

  it('with force, refuses to replace a directory or pass through a file, touching nothing', async () => {
    await mkdir(join(root, 'package.json'))
    await writeFile(join(root, 'package.json', 'inner'), 'x')
    await expect(writeTree(root, files, { force: true })).rejects.toThrow(/package\.json is a directory/)
    expect(await snapshot(root)).toEqual({ 'package.json/inner': 'x' })
    expect(await readdir(root)).toEqual(['package.json'])

    await rm(join(root, 'package.json'), { recursive: true })
    await writeFile(join(root, 'src'), 'a file where a directory belongs')
    await expect(writeTree(root, files, { force: true })).rejects.toThrow(/src exists and is not a directory/)
    expect(await snapshot(root)).toEqual({ src: 'a file where a directory belongs' })
  })

  // root ignores directory permissions, so this can only be exercised as another user.
  it.skipIf(process.getuid?.() === 0)('stages inside the target when its parent is read-only', async () => {
    const parent = join(root, 'ro')
    const target = join(parent, 'my-api')
    await mkdir(target, { recursive: true })
    await chmod(parent, 0o555)
    try {
      await writeTree(target, files)
      expect(await snapshot(target)).toEqual(Object.fromEntries(files))
    } finally {
      await chmod(parent, 0o755)
    }
  })
})

describe('withInterrupt', () => {
  it('turns SIGINT into a cancelled signal and restores the default handling afterwards', async () => {
    const before = process.listenerCount('SIGINT')
    const reason = await withInterrupt(async (signal) => {
      expect(process.listenerCount('SIGINT')).toBe(before + 1)
      process.emit('SIGINT', 'SIGINT')
      return signal.reason
    })
    expect(reason).toBeInstanceOf(CancelledError)
    expect(process.listenerCount('SIGINT')).toBe(before)
  })

  it('stops a write on Ctrl-C and leaves nothing behind', async () => {
    class CtrlCTree extends Map<string, string> {
      override *[Symbol.iterator](): MapIterator<[string, string]> {
        let index = 0
        for (const entry of super.entries()) {
          if (index++ === 2) process.emit('SIGINT', 'SIGINT')
          yield entry
        }
      }
    }
    const target = join(root, 'my-api')
    await expect(withInterrupt((signal) => writeTree(target, new CtrlCTree(files), { signal }))).rejects.toBeInstanceOf(
      CancelledError,
    )
    expect(await readdir(root)).toEqual([])
  })
})
