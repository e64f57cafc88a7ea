import { createHash } from 'node:crypto'
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  realpath,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { applyPlan } from '../../../src/gen/apply.js'
import { GenError } from '../../../src/gen/errors.js'
import { type FsLayer, nodeFs } from '../../../src/gen/fs-layer.js'
import {
  emptyManifest,
  type Manifest,
  manifestChange,
  manifestFiles,
  recordGeneration,
} from '../../../src/gen/manifest.js'
import { type Change, formatPlan, planChanges } from '../../../src/gen/plan.js'

let base: string
let root: string

beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'honoforge-plan-')))
  root = join(base, 'project')
  await mkdir(root)
})
afterEach(async () => {
  await rm(base, { recursive: true, force: true })
})

const put = async (path: string, content: string) => {
  await mkdir(dirname(join(root, path)), { recursive: true })
  await writeFile(join(root, path), content)
}
const read = (path: string) => readFile(join(root, path), 'utf8')

/** Every file (content hash, mode), directory and symlink under `dir`: equal snapshots mean an identical tree. */
async function snapshot(dir = root, prefix = ''): Promise<Record<string, string>> {
  const tree: Record<string, string> = {}
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name)
    const key = `${prefix}${name}`
    const info = await lstat(path)
    if (info.isSymbolicLink()) tree[key] = `link → ${await readlink(path)}`
    else if (info.isDirectory()) Object.assign(tree, { [`${key}/`]: 'dir' }, await snapshot(path, `${key}/`))
    else
      tree[key] = `${createHash('sha256')
        .update(await readFile(path))
        .digest('hex')} ${(info.mode & 0o777).toString(8)}`
  }
  return tree
}

const generated = (files: Record<string, string>): Manifest =>
  recordGeneration(emptyManifest(), {
    generator: 'resource',
    name: 'posts',
    files: manifestFiles(Object.entries(files).map(([path, content]) => ({ path, content }))),
    args: {},
  })

describe('planChanges', () => {
  it('gives each file its outcome', async () => {
    await put('same.ts', 'same\n')
    await put('edited.ts', 'old\n')
    await put('untouched.ts', 'generated v1\n')
    await put('mine.ts', 'user code\n')
    const manifest = generated({ 'untouched.ts': 'generated v1\n', 'mine.ts': 'generated\n' })
    const changes: Change[] = [
      { path: 'src/new.ts', content: 'new\n' },
      { path: 'same.ts', content: 'same\n' },
      { path: 'edited.ts', content: 'new\n', edit: true },
      { path: 'untouched.ts', content: 'generated v2\n' },
      { path: 'mine.ts', content: 'generated again\n' },
    ]
    const plan = await planChanges(root, changes, manifest)
    expect(plan.root).toBe(root)
    expect(plan.entries.map((e) => [e.path, e.outcome, e.reason])).toEqual([
      ['src/new.ts', 'create', undefined],
      ['same.ts', 'identical', undefined],
      ['edited.ts', 'update', undefined],
      ['untouched.ts', 'update', 'unchanged since it was generated'],
      ['mine.ts', 'conflict', 'exists with different content'],
    ])
    expect(plan.entries[2]).toMatchObject({ action: 'write', before: 'old\n', after: 'new\n' })

    const forced = await planChanges(root, changes, manifest, { force: true })
    expect(forced.entries[4]).toMatchObject({
      outcome: 'update',
      reason: 'exists with different content; overwritten (--force)',
    })
    const skipped = await planChanges(root, changes, manifest, { skip: true })
    expect(skipped.entries[4]).toMatchObject({
      outcome: 'skip',
      reason: 'exists with different content; kept (--skip)',
    })
    expect(skipped.entries.slice(0, 4)).toEqual(plan.entries.slice(0, 4))
  })

  it('never updates a `once` file on its own, even when still as generated', async () => {
    await put('migrations/0002_create_posts.sql', 'CREATE TABLE posts (id TEXT);\n')
    const manifest = generated({ 'migrations/0002_create_posts.sql': 'CREATE TABLE posts (id TEXT);\n' })
    const change = {
      path: 'migrations/0002_create_posts.sql',
      content: 'CREATE TABLE posts (id TEXT, x TEXT);\n',
      once: true,
    }
    expect((await planChanges(root, [change], manifest)).entries[0]).toMatchObject({
      outcome: 'conflict',
      reason: 'exists with different content and may already be applied',
    })
    expect((await planChanges(root, [change], manifest, { force: true })).entries[0]?.outcome).toBe('update')
    expect(
      (await planChanges(root, [{ ...change, content: 'CREATE TABLE posts (id TEXT);\n' }], manifest)).entries[0]
        ?.outcome,
    ).toBe('identical')
  })

  it('deletes only files still as generated', async () => {
    await put('kept.ts', 'generated\n')
    await put('changed.ts', 'generated, then edited\n')
    await put('foreign.ts', 'never generated\n')
    const manifest = generated({ 'kept.ts': 'generated\n', 'changed.ts': 'generated\n' })
    const changes: Change[] = ['kept.ts', 'changed.ts', 'foreign.ts', 'gone.ts'].map((path) => ({ path, delete: true }))
    const outcomes = async (options = {}) =>
      (await planChanges(root, changes, manifest, options)).entries.map((e) => [e.outcome, e.reason])
    expect(await outcomes()).toEqual([
      ['delete', undefined],
      ['conflict', 'modified since it was generated'],
      ['conflict', 'not recorded as generated'],
      ['identical', 'already absent'],
    ])
    expect((await outcomes({ force: true }))[1]).toEqual([
      'delete',
      'modified since it was generated; deleted (--force)',
    ])
    expect((await outcomes({ skip: true }))[1]).toEqual(['skip', 'modified since it was generated; kept (--skip)'])
  })

  it('keeps CRLF: a CRLF file with the same text is identical, an edit stays CRLF', async () => {
    await put('crlf.ts', 'a\r\nb\r\n')
    await put('registry.ts', 'one\r\n')
    const plan = await planChanges(
      root,
      [
        { path: 'crlf.ts', content: 'a\nb\n' },
        { path: 'registry.ts', content: 'one\ntwo\n', edit: true },
      ],
      emptyManifest(),
    )
    expect(plan.entries[0]?.outcome).toBe('identical')
    expect(plan.entries[1]).toMatchObject({ outcome: 'update', after: 'one\r\ntwo\r\n' })
    await applyPlan(plan)
    expect(await read('registry.ts')).toBe('one\r\ntwo\r\n')
    expect(await read('crlf.ts')).toBe('a\r\nb\r\n')
  })

  it('counts a CRLF checkout of a generated file as unchanged', async () => {
    await put('gen.ts', 'v1\r\n')
    const plan = await planChanges(root, [{ path: 'gen.ts', content: 'v2\n' }], generated({ 'gen.ts': 'v1\n' }))
    expect(plan.entries[0]).toMatchObject({ outcome: 'update', after: 'v2\r\n' })
  })

  it.each([
    ['../outside.ts', 'the path is not normalized or leaves the project'],
    ['src/../../outside.ts', 'the path is not normalized or leaves the project'],
    ['src/./a.ts', 'the path is not normalized or leaves the project'],
    ['src//a.ts', 'the path is not normalized or leaves the project'],
    ['/etc/passwd', 'generators write relative posix paths only'],
    ['src\\a.ts', 'generators write relative posix paths only'],
    ['', 'generators write relative posix paths only'],
  ])('refuses the path %j', async (path, why) => {
    const plan = planChanges(root, [{ path, content: 'x' }], emptyManifest())
    await expect(plan).rejects.toThrow(GenError)
    await expect(plan).rejects.toThrow(`Refusing to write ${JSON.stringify(path)}: ${why}.`)
  })

  it('refuses a directory symlinked outside the root, a symlinked file and a directory', async () => {
    await mkdir(join(base, 'elsewhere'))
    await symlink(join(base, 'elsewhere'), join(root, 'linked'))
    await writeFile(join(base, 'secret.txt'), 'secret\n')
    await symlink(join(base, 'secret.txt'), join(root, 'file-link.ts'))
    await mkdir(join(root, 'a-dir'))
    const refuse = async (path: string, why: string) =>
      expect(planChanges(root, [{ path, content: 'x' }], emptyManifest())).rejects.toThrow(why)
    await refuse('linked/x.ts', `linked links outside the project (${join(base, 'elsewhere')})`)
    await refuse('linked/deep/er/x.ts', 'linked links outside the project')
    await refuse('file-link.ts', 'it is a symbolic link')
    await refuse('a-dir', 'it is a directory, not a file')
    expect(await readFile(join(base, 'secret.txt'), 'utf8')).toBe('secret\n')
  })

  it('allows a directory symlinked inside the root', async () => {
    await mkdir(join(root, 'real'))
    await symlink(join(root, 'real'), join(root, 'alias'))
    const plan = await planChanges(root, [{ path: 'alias/x.ts', content: 'x\n' }], emptyManifest())
    await applyPlan(plan)
    expect(await read('real/x.ts')).toBe('x\n')
  })

  it('refuses --force with --skip, and a path listed twice', async () => {
    await expect(planChanges(root, [], emptyManifest(), { force: true, skip: true })).rejects.toThrow(
      'Use either --force or --skip, not both.',
    )
    const twice = [
      { path: 'a.ts', content: '1' },
      { path: 'a.ts', content: '2' },
    ]
    await expect(planChanges(root, twice, emptyManifest())).rejects.toThrow('lists a.ts twice')
  })
})

describe('formatPlan', () => {
  it('lists each file with its outcome and a summary; with diff, shows what changes', async () => {
    await put('same.ts', 'same\n')
    await put('wrangler.jsonc', '{\n  "name": "api"\n}\n')
    await put('mine.ts', 'a\nb\n')
    await put('old.ts', 'old\n')
    const plan = await planChanges(
      root,
      [
        { path: 'src/new.ts', content: 'new\n' },
        { path: 'same.ts', content: 'same\n' },
        { path: 'wrangler.jsonc', content: '{\n  "name": "api",\n  "vars": {}\n}\n', edit: true },
        { path: 'mine.ts', content: 'a\nc\n' },
        { path: 'old.ts', delete: true },
        { path: 'absent.ts', delete: true },
      ],
      generated({ 'old.ts': 'old\n' }),
    )
    expect(formatPlan(plan)).toBe(
      [
        'create     src/new.ts',
        'identical  same.ts',
        'update     wrangler.jsonc',
        'conflict   mine.ts  (exists with different content)',
        'delete     old.ts',
        'absent     absent.ts  (already absent)',
        '1 create, 1 update, 1 delete, 2 identical, 1 conflict',
        'Conflicts: re-run with --force to overwrite them or --skip to keep them.',
        '',
      ].join('\n'),
    )
    expect(formatPlan(plan, { diff: true })).toBe(
      [
        'create     src/new.ts',
        'identical  same.ts',
        'update     wrangler.jsonc',
        '--- a/wrangler.jsonc',
        '+++ b/wrangler.jsonc',
        '@@ -1,3 +1,4 @@',
        ' {',
        '-  "name": "api"',
        '+  "name": "api",',
        '+  "vars": {}',
        ' }',
        'conflict   mine.ts  (exists with different content)',
        '--- a/mine.ts',
        '+++ b/mine.ts',
        '@@ -1,2 +1,2 @@',
        ' a',
        '-b',
        '+c',
        'delete     old.ts',
        'absent     absent.ts  (already absent)',
        '1 create, 1 update, 1 delete, 2 identical, 1 conflict',
        'Conflicts: re-run with --force to overwrite them or --skip to keep them.',
        '',
      ].join('\n'),
    )
  })

  it('says when there is nothing to do', async () => {
    expect(formatPlan(await planChanges(root, [], emptyManifest()))).toBe('nothing to do\n')
  })
})

describe('applyPlan', () => {
  const setup = async () => {
    await put('src/routes/index.ts', 'registry v1\n')
    await put('src/routes/notes/index.ts', 'notes\n')
    await put('old/only.ts', 'generated\n')
    await put('keep.ts', 'keep\n')
    const manifest = generated({ 'old/only.ts': 'generated\n' })
    const changes: Change[] = [
      { path: 'src/routes/posts/index.ts', content: 'posts\n' },
      { path: 'src/routes/posts/db.ts', content: 'db\n' },
      { path: 'test/deep/posts.test.ts', content: 'test\n' },
      { path: 'src/routes/index.ts', content: 'registry v2\n', edit: true },
      { path: 'keep.ts', content: 'keep\n' },
      { path: 'old/only.ts', delete: true },
      manifestChange(manifest),
    ]
    return { manifest, changes }
  }

  it('writes creates and updates, deletes, removes emptied directories; a re-run is a no-op', async () => {
    const { manifest, changes } = await setup()
    const plan = await planChanges(root, changes, manifest)
    const result = await applyPlan(plan)
    expect(result).toEqual({
      written: [
        'src/routes/posts/index.ts',
        'src/routes/posts/db.ts',
        'test/deep/posts.test.ts',
        'src/routes/index.ts',
        '.honoforge/manifest.json',
      ],
      deleted: ['old/only.ts'],
    })
    expect(await read('src/routes/posts/db.ts')).toBe('db\n')
    expect(await read('src/routes/index.ts')).toBe('registry v2\n')
    await expect(stat(join(root, 'old'))).rejects.toThrow('ENOENT')

    const after = await snapshot()
    expect(Object.keys(after).some((path) => path.includes('honoforge-tmp'))).toBe(false)
    const again = await planChanges(root, changes, manifest)
    expect(again.entries.map((e) => e.outcome)).toEqual(Array(changes.length).fill('identical'))
    expect(await applyPlan(again)).toEqual({ written: [], deleted: [] })
    expect(await snapshot()).toEqual(after)
  })

  it('refuses while conflicts remain, listing them, and writes nothing', async () => {
    await put('mine.ts', 'mine\n')
    await put('theirs.ts', 'theirs\n')
    const before = await snapshot()
    const plan = await planChanges(
      root,
      [
        { path: 'new.ts', content: 'new\n' },
        { path: 'mine.ts', content: 'generated\n' },
        { path: 'theirs.ts', content: 'generated\n' },
      ],
      emptyManifest(),
    )
    const apply = applyPlan(plan)
    await expect(apply).rejects.toThrow(GenError)
    await expect(apply).rejects.toThrow(
      '2 file(s) conflict with what the generator would write:\n' +
        '  mine.ts (exists with different content)\n' +
        '  theirs.ts (exists with different content)\n' +
        'Nothing was written. Re-run with --force to overwrite them, or --skip to keep them; --dry-run shows the differences.',
    )
    expect(await snapshot()).toEqual(before)
  })

  it('keeps skipped files and writes the rest', async () => {
    await put('mine.ts', 'mine\n')
    const plan = await planChanges(
      root,
      [
        { path: 'new.ts', content: 'new\n' },
        { path: 'mine.ts', content: 'generated\n' },
      ],
      emptyManifest(),
      { skip: true },
    )
    await applyPlan(plan)
    expect(await read('mine.ts')).toBe('mine\n')
    expect(await read('new.ts')).toBe('new\n')
  })

  it('refuses when a file changed since the plan was made', async () => {
    await put('a.ts', 'v1\n')
    const plan = await planChanges(
      root,
      [
        { path: 'a.ts', content: 'v2\n', edit: true },
        { path: 'b.ts', content: 'b\n' },
      ],
      emptyManifest(),
    )
    await put('a.ts', 'changed meanwhile\n')
    const before = await snapshot()
    await expect(applyPlan(plan)).rejects.toThrow('a.ts changed since the plan was made; nothing was written.')
    expect(await snapshot()).toEqual(before)
  })

  it('refuses a directory swapped for a symlink out of the root after planning', async () => {
    await mkdir(join(base, 'elsewhere'))
    const plan = await planChanges(
      root,
      [
        { path: 'new.ts', content: 'n\n' },
        { path: 'gen/x.ts', content: 'x\n' },
      ],
      emptyManifest(),
    )
    await symlink(join(base, 'elsewhere'), join(root, 'gen'))
    await expect(applyPlan(plan)).rejects.toThrow('gen links outside the project')
    expect(await readdir(join(base, 'elsewhere'))).toEqual([])
    await expect(stat(join(root, 'new.ts'))).rejects.toThrow('ENOENT')
  })

  it('keeps the mode of updated files', async () => {
    await put('scripts/run.sh', '#!/bin/sh\necho 1\n')
    await chmod(join(root, 'scripts/run.sh'), 0o755)
    await applyPlan(
      await planChanges(
        root,
        [{ path: 'scripts/run.sh', content: '#!/bin/sh\necho 2\n', edit: true }],
        emptyManifest(),
      ),
    )
    expect((await stat(join(root, 'scripts/run.sh'))).mode & 0o777).toBe(0o755)
  })

  /** The real file system, except that the `nth` call of `method` fails. */
  const failing = (method: keyof FsLayer, nth: number) => {
    let calls = 0
    return new Proxy(nodeFs, {
      get(target, key: keyof FsLayer) {
        if (key !== method) return target[key]
        return (...args: unknown[]) => {
          calls += 1
          if (calls === nth) return Promise.reject(new Error(`injected ${method} failure`))
          return (target[key] as (...a: unknown[]) => Promise<unknown>)(...args)
        }
      },
    }) as FsLayer
  }

  // The setup plan makes 4 directories, writes 5 files (temp file + rename each), keeps the
  // mode of the 1 file it updates and deletes 1: fail each of those calls in turn.
  const injections: Array<[keyof FsLayer, number]> = [
    ...[1, 2, 3, 4, 5].map((n): [keyof FsLayer, number] => ['rename', n]),
    ...[1, 2, 3, 4, 5].map((n): [keyof FsLayer, number] => ['writeFile', n]),
    ...[1, 2, 3, 4].map((n): [keyof FsLayer, number] => ['mkdir', n]),
    ['unlink', 1],
    ['chmod', 1],
  ]

  it.each(injections)('rolls back everything when %s call #%i fails mid-way', async (method, nth) => {
    const verb = method === 'unlink' ? 'delete old/only.ts' : 'write'
    const { manifest, changes } = await setup()
    const plan = await planChanges(root, changes, manifest)
    const before = await snapshot()
    const apply = applyPlan(plan, { fs: failing(method, nth) })
    await expect(apply).rejects.toThrow(GenError)
    await expect(apply).rejects.toThrow(
      /^Could not (write|delete) .+: injected .+ failure\. Every change was rolled back; the project is unchanged\.$/,
    )
    await expect(apply).rejects.toThrow(`Could not ${verb}`)
    expect(await snapshot()).toEqual(before)
  })

  it('reports what it could not restore when the rollback fails too', async () => {
    const { manifest, changes } = await setup()
    const plan = await planChanges(root, changes, manifest)
    let renames = 0
    const fs: FsLayer = {
      ...nodeFs,
      rename: async (from, to) => {
        renames += 1
        if (renames >= 3) throw new Error('disk gone')
        return nodeFs.rename(from, to)
      },
      unlink: async () => {
        throw new Error('disk gone')
      },
    }
    await expect(applyPlan(plan, { fs })).rejects.toThrow(
      /Rolling back also failed, check these paths by hand:\n {2}.+posts\/db\.ts: disk gone/,
    )
  })
})
