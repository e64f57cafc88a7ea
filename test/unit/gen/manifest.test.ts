import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { GenError } from '../../../src/gen/errors.js'
import {
  emptyManifest,
  fileHashes,
  findGeneration,
  type Generation,
  hashContent,
  manifestChange,
  manifestFiles,
  parseManifest,
  readManifest,
  recordGeneration,
  removeGeneration,
  runsInOrder,
  serializeManifest,
} from '../../../src/gen/manifest.js'

const posts: Generation = {
  generator: 'resource',
  name: 'posts',
  files: manifestFiles([
    { path: 'src/routes/posts/index.ts', content: 'export const posts = 1\n' },
    { path: 'migrations/0002_create_posts.sql', content: 'CREATE TABLE posts (id TEXT);\n' },
  ]),
  args: { public: false, fields: ['title:string', 'body:text?'] },
}
const auth: Generation = { generator: 'middleware', name: 'audit', files: [], args: {} }

describe('manifest', () => {
  it('hashes text as sha256 hex, ignoring CRLF vs LF', () => {
    expect(hashContent('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(hashContent('a\r\nb\r\n')).toBe(hashContent('a\nb\n'))
    expect(hashContent(Buffer.from('a\nb\n'))).toBe(hashContent('a\nb\n'))
    expect(hashContent('a\nb')).not.toBe(hashContent('a\nb\n'))
  })

  it('serializes deterministically: runs in the order they happened, sorted files and keys, 2 spaces, trailing newline', () => {
    const a = serializeManifest(recordGeneration(recordGeneration(emptyManifest(), auth), posts))
    // A re-run keeps the place of the first, so running it again leaves the manifest as it was.
    const b = serializeManifest(recordGeneration(recordGeneration(parseManifest(a), auth), posts))
    expect(a).toBe(b)
    expect(a.endsWith('}\n')).toBe(true)
    const parsed = JSON.parse(a)
    expect(parsed.generated.map((g: Generation) => g.generator)).toEqual(['middleware', 'resource'])
    expect(parsed.generated[1].files.map((f: { path: string }) => f.path)).toEqual([
      'migrations/0002_create_posts.sql',
      'src/routes/posts/index.ts',
    ])
    expect(Object.keys(parsed.generated[1])).toEqual(['args', 'files', 'generator', 'name'])
    expect(parsed.generated[1].args.fields).toEqual(['title:string', 'body:text?'])
    expect(a).toContain('\n  "generated": [\n    {\n      "args": {}')
  })

  it('replays runs in recorded order, or in the order generators build on each other for a manifest without a create record', () => {
    const recorded = recordGeneration(recordGeneration(emptyManifest(), posts), auth)
    const create = { version: '0.1.0', name: 'svc', db: 'd1', auth: 'jwt', docs: true, pm: 'npm' }
    expect(runsInOrder({ ...recorded, create }).map((run) => run.generator)).toEqual(['resource', 'middleware'])
    expect(runsInOrder(recorded).map((run) => run.generator)).toEqual(['resource', 'middleware'])
    const accounts = recordGeneration(recorded, { generator: 'auth', name: 'auth', files: [], args: {} })
    expect(runsInOrder(accounts).map((run) => run.generator)).toEqual(['auth', 'resource', 'middleware'])
    expect(parseManifest(serializeManifest({ ...recorded, create })).create).toEqual(create)
    expect(() =>
      parseManifest(serializeManifest({ ...recorded, create: { ...create, docs: 'yes' } as never })),
    ).toThrow(/invalid "create" record/)
  })

  it('round-trips through parse', () => {
    const text = serializeManifest(recordGeneration(emptyManifest(), posts))
    expect(serializeManifest(parseManifest(text))).toBe(text)
  })

  it('replaces an earlier run of the same generator and name, and removes runs', () => {
    const once = recordGeneration(emptyManifest(), posts)
    const again = recordGeneration(once, { ...posts, args: { fields: [] } })
    expect(again.generated).toHaveLength(1)
    expect(findGeneration(again, 'resource', 'posts')?.args).toEqual({ fields: [] })
    expect(findGeneration(again, 'endpoint', 'posts')).toBeUndefined()
    expect(removeGeneration(again, 'resource', 'posts').generated).toEqual([])
    expect(removeGeneration(again, 'resource', 'users')).toEqual(again)
  })

  it('maps every recorded path to its hash', () => {
    const hashes = fileHashes(recordGeneration(emptyManifest(), posts))
    expect(hashes.get('src/routes/posts/index.ts')).toBe(hashContent('export const posts = 1\n'))
    expect(hashes.size).toBe(2)
  })

  it('is a generator-owned change in the plan', () => {
    expect(manifestChange(emptyManifest())).toEqual({
      path: '.honoforge/manifest.json',
      content: '{\n  "generated": [],\n  "version": 1\n}\n',
      edit: true,
    })
  })

  it.each([
    ['{', 'is not valid JSON'],
    ['[]', 'is not a JSON object'],
    ['{"version":2,"generated":[]}', 'has version 2, this honoforge reads version 1 (upgrade honoforge?)'],
    ['{"version":1}', 'has no "generated" list'],
    ['{"version":1,"generated":[1]}', 'has a non-object generated[0]'],
    [
      '{"version":1,"generated":[{"generator":"model","name":"x","files":[],"args":{}}]}',
      'has an unknown generated[0].generator',
    ],
    ['{"version":1,"generated":[{"generator":"resource","files":[],"args":{}}]}', 'has no generated[0].name'],
    ['{"version":1,"generated":[{"generator":"resource","name":"x","files":[]}]}', 'has no generated[0].args object'],
    [
      '{"version":1,"generated":[{"generator":"resource","name":"x","files":[{"path":"a","sha256":"xyz"}],"args":{}}]}',
      'has an invalid generated[0].files list',
    ],
  ])('refuses %s', (text, message) => {
    expect(() => parseManifest(text)).toThrow(GenError)
    expect(() => parseManifest(text)).toThrow(`.honoforge/manifest.json ${message}`)
    expect(() => parseManifest(text)).toThrow('; fix it (it is JSON written by honoforge) or restore it from git.')
  })
})

describe('readManifest', () => {
  let root: string
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'honoforge-manifest-'))
  })
  afterEach(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('reads an absent manifest as empty', async () => {
    expect(await readManifest(root)).toEqual(emptyManifest())
  })

  it('reads the file', async () => {
    const manifest = recordGeneration(emptyManifest(), posts)
    await mkdir(join(root, '.honoforge'))
    await writeFile(join(root, '.honoforge/manifest.json'), serializeManifest(manifest))
    expect(await readManifest(root)).toEqual(JSON.parse(serializeManifest(manifest)))
  })
})
