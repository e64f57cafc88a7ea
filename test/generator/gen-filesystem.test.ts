/**
 * File-system edge cases through the real commands (runCli in-process, on services rendered
 * from the template): read-only folders and files, a file where a folder is expected (and
 * the reverse), symlinks inside the project (never followed out of it), CRLF files being
 * edited, and applies interrupted at every file operation. Whatever goes wrong, the command
 * exits 1 with a message that says what, and the tree is byte-identical (content, mode,
 * symlinks) with no temp file left.
 *
 * Real permissions do not stop root: as root, the read-only cases drop to the `nobody` user
 * with seteuid around the command (and are skipped, saying why, where that is impossible);
 * the same failures are also injected through the engine's file-system layer (`nodeFs`),
 * which runs everywhere.
 */
import {
  chmod,
  lchown,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { afterEach, beforeEach, describe, expect, it, type TestContext, vi } from 'vitest'
import { type HonoforgeIo, honoforgeCommand } from '../../src/cli/honoforge-command.js'
import { runCli } from '../../src/cli/run.js'
import { nodeFs } from '../../src/gen/fs-layer.js'
import { createProject, fullSnapshot, type TestProject, treeDiff } from './gen-project.js'

type Tree = Record<string, string>

const tempFiles = (tree: Tree) => Object.keys(tree).filter((path) => path.includes('.honoforge-tmp'))

/** `honoforge <args>` with any working directory (the project root, a subfolder, a symlink to it). */
async function runIn(cwd: string, args: string[]) {
  const out: string[] = []
  const err: string[] = []
  const io: HonoforgeIo = {
    cwd,
    env: {},
    stdinIsTTY: false,
    stdout: (text) => out.push(stripVTControlCharacters(text)),
    stderr: (text) => err.push(stripVTControlCharacters(text)),
  }
  const code = await runCli(honoforgeCommand, args, io)
  return { code, stdout: out.join('\n'), stderr: err.join('\n') }
}

const posts = ['gen', 'resource', 'posts', 'title:string', 'body:text?']

let project: TestProject
let outside: string
beforeEach(async () => {
  project = await createProject()
  outside = await realpath(await mkdtemp(join(tmpdir(), 'honoforge-outside-')))
})
afterEach(async () => {
  vi.restoreAllMocks()
  await chmod(project.root, 0o755).catch(() => undefined)
  await project.remove()
  await rm(outside, { recursive: true, force: true })
})

/** Run a command that must be refused: exit 1, a message matching `message`, the tree unchanged. */
async function expectRefused(args: string[], message: RegExp | string, cwd = project.root) {
  const before = await fullSnapshot(project.root)
  const result = await runIn(cwd, args)
  expect(result.code, result.stdout).toBe(1)
  expect(result.stderr).toMatch(message)
  expect(result.stderr).not.toMatch(/^Unexpected error/)
  const after = await fullSnapshot(project.root)
  expect(tempFiles(after)).toEqual([])
  expect(after).toEqual(before)
  return result
}

// ---------------------------------------------------------------------------------------

/** Drop to `nobody` for `fn` when running as root (seteuid is reversible, setuid is not). */
const nobody = 65534
const isRoot = process.geteuid?.() === 0
const canDrop = isRoot && typeof process.seteuid === 'function' && typeof process.setegid === 'function'

async function asUnprivileged<T>(fn: () => Promise<T>): Promise<T> {
  const { seteuid, setegid } = process
  if (!isRoot || !seteuid || !setegid) return fn()
  setegid(nobody)
  seteuid(nobody)
  try {
    return await fn()
  } finally {
    seteuid(0)
    setegid(0)
  }
}

/** Hand the project to the unprivileged user, or skip the test saying why permissions cannot be tested. */
async function prepareUnprivileged(ctx: TestContext) {
  if (isRoot && !canDrop)
    ctx.skip(
      'running as root without seteuid: chmod does not stop root, so real read-only folders cannot be tested here (the injected failures below still run)',
    )
  if (isRoot) {
    const chownTree = async (dir: string) => {
      await lchown(dir, nobody, nobody)
      for (const name of await readdir(dir)) {
        const path = join(dir, name)
        await lchown(path, nobody, nobody)
        if ((await lstat(path)).isDirectory()) await chownTree(path)
      }
    }
    await chmod(dirname(project.root), 0o755)
    await lchown(dirname(project.root), nobody, nobody)
    await chownTree(project.root)
  }
  // Make sure a read-only folder really stops this user before trusting the result.
  const probe = join(project.root, '.probe')
  await mkdir(probe, { mode: 0o555 })
  if (isRoot) await lchown(probe, nobody, nobody)
  const blocked = await asUnprivileged(() =>
    writeFile(join(probe, 'x'), 'x').then(
      () => false,
      () => true,
    ),
  )
  await rm(probe, { recursive: true, force: true })
  if (!blocked) ctx.skip('a read-only folder does not stop writes for this user (root or a permissive file system)')
}

describe('a read-only target (real permissions)', () => {
  it.for([
    ['migrations', 'the first file written', 'migrations/0002_create_posts.sql'],
    ['src/routes', 'the new module folder, after the migration', 'src/routes/posts/schema.ts'],
    ['test', 'the new test, after four files were written', 'test/posts.test.ts'],
    ['public', 'public/openapi.json, the seventh step, after the route registry update', 'public/openapi.json'],
    ['.honoforge', 'the base, first of the two last steps', '.honoforge/base.json'],
  ] as const)('Should roll back and exit 1 when %s is read-only (%s)', async ([folder, , failing], ctx) => {
    await prepareUnprivileged(ctx)
    await chmod(join(project.root, folder), 0o555)
    const before = await fullSnapshot(project.root)
    const result = await asUnprivileged(() => runIn(project.root, posts))
    expect(result.code, result.stdout).toBe(1)
    expect(result.stderr).toMatch(
      new RegExp(`^Could not write ${failing.replace(/\./g, '\\.')}: EACCES: permission denied`),
    )
    expect(result.stderr).toContain('Every change was rolled back; the project is unchanged.')
    const after = await fullSnapshot(project.root)
    expect(tempFiles(after)).toEqual([])
    expect(after).toEqual(before)
  })

  it('Should replace a read-only file in a writable folder and keep it read-only (as git and editors do)', async (ctx) => {
    await prepareUnprivileged(ctx)
    const registry = join(project.root, 'src/routes/index.ts')
    await chmod(registry, 0o444)
    const result = await asUnprivileged(() => runIn(project.root, posts))
    expect(result.code, result.stderr).toBe(0)
    expect(await readFile(registry, 'utf8')).toContain("app.route('/posts', posts)")
    expect((await lstat(registry)).mode & 0o777).toBe(0o444)
  })
})

describe('a read-only target (failures injected through the file-system layer)', () => {
  const errno = (code: string, path: string) => Object.assign(new Error(`${code}: simulated, '${path}'`), { code })

  it('Should exit 1 and change nothing when a folder cannot be created (EACCES)', async () => {
    vi.spyOn(nodeFs, 'mkdir').mockImplementation(async (path) => {
      throw errno('EACCES', path)
    })
    await expectRefused(
      posts,
      /^Could not write src\/routes\/posts\/schema\.ts: EACCES: simulated.*Every change was rolled back/s,
    )
  })

  it('Should exit 1 and change nothing on a read-only file system (EROFS)', async () => {
    vi.spyOn(nodeFs, 'writeFile').mockImplementation(async (path) => {
      throw errno('EROFS', path)
    })
    await expectRefused(
      posts,
      /^Could not write migrations\/0002_create_posts\.sql: EROFS: simulated.*the project is unchanged/s,
    )
  })

  it('Should exit 1 and change nothing when one file may not be replaced (the route registry)', async () => {
    const rename = nodeFs.rename
    vi.spyOn(nodeFs, 'rename').mockImplementation(async (from, to) => {
      if (to.endsWith(join('src', 'routes', 'index.ts'))) throw errno('EPERM', to)
      return rename(from, to)
    })
    await expectRefused(
      posts,
      /^Could not write src\/routes\/index\.ts: EPERM: simulated.*Every change was rolled back/s,
    )
  })
})

describe('a file where a folder is expected, and a folder where a file is expected', () => {
  it.each([
    [
      'src/routes/posts',
      posts,
      /Refusing to write "src\/routes\/posts\/schema\.ts": .*src\/routes\/posts is not a directory/,
    ],
    ['test', posts, /Refusing to write "test\/posts\.test\.ts": .*\/test is not a directory/],
    ['migrations', posts, /Refusing to write "migrations\/0001_create_posts\.sql": .*\/migrations is not a directory/],
    ['.honoforge', posts, /Refusing to write "\.honoforge\/manifest\.json": .*\/\.honoforge is not a directory/],
    [
      'src/middleware',
      ['gen', 'middleware', 'audit-log'],
      /Refusing to write "src\/middleware\/audit-log\.ts": .*\/src\/middleware is not a directory/,
    ],
  ])('Should exit 1 with a clear message when %s is a file', async (path, args, message) => {
    await rm(join(project.root, path), { recursive: true, force: true })
    await writeFile(join(project.root, path), 'a file, not a folder\n')
    await expectRefused(args, message)
  })

  it.each([
    ['src/routes/index.ts', /src\/routes\/index\.ts is a directory where a file is expected/],
    ['src/routes/posts/schema.ts', /Refusing to write "src\/routes\/posts\/schema\.ts": it is a directory, not a file/],
    ['public/openapi.json', /Refusing to write "public\/openapi\.json": it is a directory, not a file/],
  ])('Should exit 1 with a clear message when %s is a folder', async (path, message) => {
    await rm(join(project.root, path), { force: true })
    await mkdir(join(project.root, path, 'inside'), { recursive: true })
    await expectRefused(posts, message)
  })
})

describe('symlinks in the project', () => {
  const outsideTree = () => fullSnapshot(outside)

  it('Should refuse a module folder that links outside the project, writing nothing there', async () => {
    await symlink(outside, join(project.root, 'src/routes/posts'))
    await expectRefused(
      posts,
      /Refusing to write "src\/routes\/posts\/schema\.ts": src\/routes\/posts links outside the project/,
    )
    expect(await outsideTree()).toEqual({})
  })

  it('Should refuse a parent folder that links outside the project (test/ → elsewhere)', async () => {
    await rm(join(project.root, 'test'), { recursive: true })
    await mkdir(join(outside, 'test'))
    await symlink(join(outside, 'test'), join(project.root, 'test'))
    await expectRefused(posts, /Refusing to write "test\/posts\.test\.ts": test links outside the project/)
    expect(await outsideTree()).toEqual({ 'test/': 'dir 755' })
  })

  it('Should refuse to write through a symlinked file that points outside, leaving its target as it was', async () => {
    const target = join(outside, 'index.ts')
    await writeFile(target, await readFile(join(project.root, 'src/routes/index.ts')))
    await rm(join(project.root, 'src/routes/index.ts'))
    await symlink(target, join(project.root, 'src/routes/index.ts'))
    const before = await outsideTree()
    await expectRefused(
      posts,
      /Refusing to write "src\/routes\/index\.ts": it is a symbolic link; replace it with a regular file first/,
    )
    expect(await outsideTree()).toEqual(before)
  })

  it('Should refuse a symlinked file even when it points inside the project', async () => {
    const registry = join(project.root, 'src/routes/index.ts')
    await writeFile(join(project.root, 'src/routes/index.real.ts'), await readFile(registry))
    await rm(registry)
    await symlink('index.real.ts', registry)
    await expectRefused(posts, /Refusing to write "src\/routes\/index\.ts": it is a symbolic link/)
  })

  it('Should refuse a dangling symlink where a file would be created, and create nothing at its target', async () => {
    const target = join(outside, 'missing', 'posts.test.ts')
    await symlink(target, join(project.root, 'test/posts.test.ts'))
    await expectRefused(posts, /Refusing to write "test\/posts\.test\.ts": it is a symbolic link/)
    expect(await outsideTree()).toEqual({})
  })

  it('Should refuse a manifest folder that links outside the project', async () => {
    await writeFile(join(outside, 'manifest.json'), await readFile(join(project.root, '.honoforge/manifest.json')))
    await rm(join(project.root, '.honoforge'), { recursive: true })
    await symlink(outside, join(project.root, '.honoforge'))
    const before = await outsideTree()
    await expectRefused(posts, /Refusing to write "\.honoforge\/manifest\.json": \.honoforge links outside the project/)
    expect(await outsideTree()).toEqual(before)
  })

  it('Should refuse a symlink loop with a message, not a crash', async () => {
    await symlink('posts', join(project.root, 'src/routes/posts'))
    await expectRefused(
      posts,
      /src\/routes\/posts\/schema\.ts: a symbolic link on the way loops back on itself; remove it\./,
    )
  })

  it('Should write through a folder symlink that stays inside the project, keeping the link', async () => {
    await mkdir(join(project.root, 'modules'))
    await symlink('../../modules', join(project.root, 'src/routes/posts'))
    const result = await runIn(project.root, posts)
    expect(result.code, result.stderr).toBe(0)
    expect((await lstat(join(project.root, 'src/routes/posts'))).isSymbolicLink()).toBe(true)
    expect((await readdir(join(project.root, 'modules'))).sort()).toEqual(['db.ts', 'index.ts', 'schema.ts'])
  })

  it('Should find the project from a subfolder and through a symlink to it, and write into the real tree', async () => {
    const link = join(outside, 'svc-link')
    await symlink(project.root, link)
    const fromLink = await runIn(link, posts)
    expect(fromLink.code, fromLink.stderr).toBe(0)
    expect(await readFile(join(project.root, 'src/routes/posts/db.ts'), 'utf8')).toContain(
      'export async function listPosts',
    )
    const fromSubfolder = await runIn(join(project.root, 'src', 'routes'), ['gen', 'resource', 'tags', 'label:string'])
    expect(fromSubfolder.code, fromSubfolder.stderr).toBe(0)
    expect(await project.exists('src/routes/tags/index.ts')).toBe(true)
    expect(await outsideTree()).toEqual({ 'svc-link': `link ${project.root}` })
  })
})

describe("the document build's copy of the service (the stage)", () => {
  /** Run `args` with a private temp folder, so the stages it leaves behind can be listed. */
  async function runWithPrivateTmp(args: string[], unprivileged = false) {
    const tmp = await mkdtemp(join(tmpdir(), 'honoforge-tmp-'))
    await chmod(tmp, 0o777)
    const previous = process.env.TMPDIR
    process.env.TMPDIR = tmp
    try {
      const result = await (unprivileged ? asUnprivileged(() => runIn(project.root, args)) : runIn(project.root, args))
      // tsx keeps its transform cache there (tsx-<uid>), as in any run of the service's scripts.
      return { ...result, leftInTmp: (await readdir(tmp)).filter((name) => name.startsWith('honoforge-')) }
    } finally {
      if (previous === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = previous
      await rm(tmp, { recursive: true, force: true })
    }
  }

  it('Should build from read-only folders and files it does not write, and remove its stage', async (ctx) => {
    await prepareUnprivileged(ctx)
    for (const name of await readdir(join(project.root, 'src/lib')))
      await chmod(join(project.root, 'src/lib', name), 0o444)
    await chmod(join(project.root, 'src/lib'), 0o555)
    await chmod(join(project.root, 'scripts'), 0o555)
    const result = await runWithPrivateTmp(posts, true)
    expect(result.code, result.stderr).toBe(0)
    expect(result.leftInTmp).toEqual([])
    expect(await project.read('public/openapi.json')).toContain('"/posts/{id}"')
    expect((await lstat(join(project.root, 'src/lib'))).mode & 0o777).toBe(0o555)
  })

  it('Should remove its stage when the build fails too', async () => {
    const result = await runWithPrivateTmp(['gen', 'endpoint', 'thing', '--method', 'post', '--path', '/notes'])
    expect(result.code).toBe(1)
    expect(result.leftInTmp).toEqual([])
  })

  it('Should leave out links it does not write through (outside the project, dangling, looping) and never touch their targets', async () => {
    await writeFile(join(outside, 'shared.ts'), "export const shared = 'outside'\n")
    await symlink(outside, join(project.root, 'src/lib/outside'))
    await symlink(join(outside, 'missing.ts'), join(project.root, 'src/lib/dangling.ts'))
    await symlink('loop.ts', join(project.root, 'src/lib/loop.ts'))
    await symlink('..', join(project.root, 'src/lib/up'))
    const before = await fullSnapshot(outside)
    const result = await runIn(project.root, posts)
    expect(result.code, result.stderr).toBe(0)
    expect(await project.read('public/openapi.json')).toBe(await project.fullOpenApi())
    expect(await fullSnapshot(outside)).toEqual(before)
  })

  it('Should say what it left out when the build then fails, with paths as they are in the service', async () => {
    await symlink(outside, join(project.root, 'src/lib/outside'))
    await writeFile(join(outside, 'shared.ts'), "export const shared = 'outside'\n")
    const app = await project.read('src/app.ts')
    await project.write('src/app.ts', `import { shared } from './lib/outside/shared'\nvoid shared\n${app}`)
    const result = await expectRefused(
      posts,
      /^Cannot build public\/openapi\.json \(npm run openapi\) from the planned files: /,
    )
    expect(result.stderr).toContain('Left out of the build: src/lib/outside (links outside the project).')
    expect(result.stderr).toMatch(/Cannot find module .*lib\/outside\/shared/)
    expect(result.stderr).not.toContain('honoforge-stage-')
  })
})

describe('CRLF files in the project', () => {
  const edited = ['src/routes/index.ts', 'public/openapi.json', 'client/api.d.ts', '.honoforge/manifest.json']
  const toCrlf = async (path: string) => {
    const text = await project.read(path)
    await writeFile(join(project.root, path), text.replace(/\r?\n/g, '\r\n'))
  }
  const bareLf = (text: string) => /(?<!\r)\n/.test(text)

  it('Should keep CRLF in the files it edits, leave wrangler.jsonc alone, and change nothing when run again', async () => {
    for (const path of [...edited, 'wrangler.jsonc']) await toCrlf(path)
    const wrangler = await readFile(join(project.root, 'wrangler.jsonc'))
    const original = await fullSnapshot(project.root)

    const result = await runIn(project.root, posts)
    // wrangler.jsonc in CRLF is still read: the D1 binding is found, so the resource is generated.
    expect(result.code, result.stderr).toBe(0)
    for (const path of edited) {
      const text = await project.read(path)
      expect(text, path).toContain('\r\n')
      expect(bareLf(text), `${path} has a bare LF`).toBe(false)
    }
    expect(await project.read('src/routes/index.ts')).toContain("app.route('/posts', posts)\r\n")
    expect(await readFile(join(project.root, 'wrangler.jsonc'))).toEqual(wrangler)
    // New files are written as the generator renders them (LF).
    expect(await project.read('src/routes/posts/db.ts')).not.toContain('\r')

    const generated = await fullSnapshot(project.root)
    const again = await runIn(project.root, posts)
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toMatch(/^9 identical$/m)
    expect(await fullSnapshot(project.root)).toEqual(generated)

    // Destroy restores the CRLF files byte for byte.
    expect((await runIn(project.root, ['destroy', 'resource', 'posts'])).code).toBe(0)
    const after = await fullSnapshot(project.root)
    for (const path of [...edited, 'wrangler.jsonc']) expect(after[path], path).toBe(original[path])
  })

  it('Should treat generated files a checkout turned into CRLF as unchanged: identical on re-run, deleted by destroy', async () => {
    expect((await runIn(project.root, posts)).code).toBe(0)
    const files = [
      'src/routes/posts/db.ts',
      'src/routes/posts/index.ts',
      'src/routes/posts/schema.ts',
      'test/posts.test.ts',
    ]
    for (const path of files) await toCrlf(path)
    const converted = await fullSnapshot(project.root)
    const again = await runIn(project.root, posts)
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toMatch(/^9 identical$/m)
    expect(await fullSnapshot(project.root)).toEqual(converted)
    const destroyed = await runIn(project.root, ['destroy', 'resource', 'posts'])
    expect(destroyed.code, destroyed.stderr).toBe(0)
    for (const path of files) expect(await project.exists(path), path).toBe(false)
  })

  it('Should make a registry with mixed line endings all CRLF, then leave it alone', async () => {
    const registry = 'src/routes/index.ts'
    const text = await project.read(registry)
    await writeFile(join(project.root, registry), text.replace('\n', '\r\n'))
    expect((await runIn(project.root, posts)).code).toBe(0)
    const once = await project.read(registry)
    expect(bareLf(once)).toBe(false)
    expect((await runIn(project.root, posts)).code).toBe(0)
    expect(await project.read(registry)).toBe(once)
  })
})

describe('an apply interrupted by a failing file operation', () => {
  type Op = 'writeFile' | 'chmod' | 'rename' | 'mkdir' | 'unlink'
  const ops: Op[] = ['writeFile', 'chmod', 'rename', 'mkdir', 'unlink']

  /** Count each file operation a successful run of `args` makes, on a twin project. */
  async function countOps(prepare: (twin: TestProject) => Promise<void>, args: string[]) {
    const twin = await createProject()
    try {
      await prepare(twin)
      const counts = Object.fromEntries(ops.map((op) => [op, 0])) as Record<Op, number>
      for (const op of ops) {
        const real = nodeFs[op] as (...a: unknown[]) => Promise<void>
        vi.spyOn(nodeFs, op).mockImplementation(async (...a: unknown[]) => {
          counts[op]++
          return real(...a)
        })
      }
      const result = await runIn(twin.root, args)
      expect(result.code, result.stderr).toBe(0)
      vi.restoreAllMocks()
      return { counts, after: await fullSnapshot(twin.root) }
    } finally {
      vi.restoreAllMocks()
      await twin.remove()
    }
  }

  /**
   * Fail the `k`-th call of `op` (a temp file write fails half-way, as on a full disk), or
   * with `andAfter` that call and every later one of the same kind (so the rollback fails too).
   */
  function failAt(op: Op, k: number, andAfter = false) {
    const real = nodeFs[op] as (...a: unknown[]) => Promise<void>
    let calls = 0
    vi.spyOn(nodeFs, op).mockImplementation(async (...a: unknown[]) => {
      calls++
      if (calls < k || (calls > k && !andAfter)) return real(...a)
      const [path, data] = a as [string, Buffer | undefined]
      if (op === 'writeFile' && data) await writeFile(path, data.subarray(0, data.length >> 1), { flag: 'wx' })
      throw Object.assign(new Error(`${op === 'writeFile' ? 'ENOSPC' : 'EIO'}: injected failure, ${op} '${path}'`), {
        code: op === 'writeFile' ? 'ENOSPC' : 'EIO',
      })
    })
  }

  const cases = [
    { label: 'gen resource (5 files created, 5 updated, 1 folder made)', prepare: async () => {}, args: posts },
    {
      label: 'destroy resource (4 files deleted, 1 migration created, 5 updated)',
      prepare: async (p: TestProject) => {
        expect((await runIn(p.root, posts)).code).toBe(0)
      },
      args: ['destroy', 'resource', 'posts'],
    },
  ]

  it.each(cases)(
    'Should leave the tree byte-identical whichever operation of $label fails',
    async ({ prepare, args }) => {
      const { counts } = await countOps(prepare, args)
      await prepare(project)
      const before = await fullSnapshot(project.root)
      let injected = 0
      for (const op of ops) {
        for (let k = 1; k <= counts[op]; k++) {
          failAt(op, k)
          const result = await runIn(project.root, args)
          vi.restoreAllMocks()
          injected++
          const where = `${op} #${k}\n${result.stderr}`
          expect(result.code, where).toBe(1)
          expect(result.stderr, where).toMatch(/^Could not (write|delete) \S+: (ENOSPC|EIO): injected failure/)
          expect(result.stderr, where).toContain('Every change was rolled back; the project is unchanged.')
          const after = await fullSnapshot(project.root)
          expect(tempFiles(after), where).toEqual([])
          expect(after, where).toEqual(before)
        }
      }
      // Every kind of step the apply takes was interrupted at least once.
      expect(counts.writeFile).toBeGreaterThan(0)
      expect(counts.rename).toBeGreaterThan(0)
      expect(injected).toBe(Object.values(counts).reduce((a, b) => a + b, 0))
      if (process.env.HONOFORGE_FS_COUNTS)
        console.info(`${args.join(' ')}: ${injected} failures injected ${JSON.stringify(counts)}`)
      // And with nothing injected, the command still succeeds on the same tree.
      expect((await runIn(project.root, args)).code).toBe(0)
    },
    90_000,
  )

  it('Should leave only whole files, old or new, and name them when the rollback fails too', async () => {
    const { counts, after: complete } = await countOps(async () => {}, posts)
    const before = await fullSnapshot(project.root)
    // The 7th replace (public/openapi.json, right after the route registry's) fails, and so
    // does every later rename, rollback's included.
    expect(counts.rename).toBe(10)
    failAt('rename', 7, true)
    const result = await runIn(project.root, posts)
    vi.restoreAllMocks()
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^Could not write public\/openapi\.json: EIO: injected failure/)
    expect(result.stderr).toContain('Rolling back also failed, check these paths by hand:')
    const now = await fullSnapshot(project.root)
    expect(tempFiles(now)).toEqual([])
    for (const [path, hash] of Object.entries(now)) {
      // Each file is either what it was or what a successful run writes: never half of one.
      expect([before[path], complete[path]], path).toContain(hash)
    }
    // Created files and folders are gone again (unlink still works); the update it could not undo is named.
    const { added, removed, changed } = treeDiff(before, now)
    expect({ added, removed, changed }).toEqual({ added: [], removed: [], changed: ['src/routes/index.ts'] })
    expect(result.stderr).toContain(join(project.root, 'src/routes/index.ts'))
    expect(await project.exists('src/routes/posts/db.ts')).toBe(false)
  })
})
