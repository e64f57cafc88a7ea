import { describe, expect, it } from 'vitest'
import { mergeUpgrade } from '../../../src/gen/upgrade-merge.js'

const labels = { ours: 'yours', base: 'base', theirs: 'honoforge 2.0.0' }
const tree = (files: Record<string, string>) => new Map(Object.entries(files))

describe('mergeUpgrade', () => {
  it('Should update, keep, add, delete and merge files by comparing each side with the base', () => {
    const base = tree({
      'untouched.ts': 'old\n',
      'mine.ts': 'a\nb\n',
      'both.ts': '1\n2\n3\n4\n5\n',
      'gone.ts': 'x\n',
      'gone-changed.ts': 'x\n',
      'deleted-by-user.ts': 'd\n',
    })
    const ours = tree({
      'untouched.ts': 'old\n',
      'mine.ts': 'a\nB\n',
      'both.ts': 'one\n2\n3\n4\n5\n',
      'gone.ts': 'x\n',
      'gone-changed.ts': 'x, mine\n',
      'collides.ts': 'my own\n',
    })
    const theirs = tree({
      'untouched.ts': 'new\n',
      'mine.ts': 'a\nb\n',
      'both.ts': '1\n2\n3\n4\nfive\n',
      'added.ts': 'added\n',
      'collides.ts': 'generated\n',
      'deleted-by-user.ts': 'd2\n',
    })
    const merge = mergeUpgrade({ base, ours, theirs, labels })
    expect(merge.changes).toEqual([
      { path: 'added.ts', content: 'added\n', edit: true },
      { path: 'both.ts', content: 'one\n2\n3\n4\nfive\n', edit: true },
      {
        path: 'collides.ts',
        content: '<<<<<<< yours\nmy own\n||||||| base\n=======\ngenerated\n>>>>>>> honoforge 2.0.0\n',
        edit: true,
      },
      { path: 'gone.ts', delete: true, owned: true },
      { path: 'untouched.ts', content: 'new\n', edit: true },
    ])
    expect(merge.conflicts).toEqual(['collides.ts'])
    expect(merge.collisions).toEqual(['collides.ts'])
    expect(merge.kept).toEqual(['gone-changed.ts'])
    // The next upgrade merges against what this one rendered.
    expect(merge.base).toEqual(new Map([...theirs].sort(([a], [b]) => (a < b ? -1 : 1))))
  })

  it('Should leave migrations alone: they are never merged, a schema change is a new one', () => {
    const ours = tree({ 'migrations/0001_create_notes.sql': '-- applied\nCREATE TABLE notes (id TEXT);\n' })
    const theirs = tree({
      'migrations/0001_create_notes.sql': 'CREATE TABLE notes (id TEXT PRIMARY KEY);\n',
      'migrations/0002_create_posts.sql': 'CREATE TABLE posts (id TEXT);\n',
    })
    const merge = mergeUpgrade({ base: new Map(), ours, theirs, labels })
    expect(merge.changes).toEqual([])
    expect(merge.base.size).toBe(0)
  })

  it("Should keep the create-honoforge spec the user's package.json has, while other dependency bumps land", () => {
    const pkg = (spec: string, hono: string) =>
      `{\n  "devDependencies": {\n    "create-honoforge": "${spec}",\n    "hono": "${hono}"\n  }\n}\n`
    const merge = mergeUpgrade({
      base: tree({ 'package.json': pkg('^1.0.0', '^4.0.0') }),
      ours: tree({ 'package.json': pkg('file:../create-honoforge-2.0.0.tgz', '^4.0.0') }),
      theirs: tree({ 'package.json': pkg('^2.0.0', '^4.1.0') }),
      labels,
    })
    expect(merge.conflicts).toEqual([])
    expect(merge.changes).toEqual([
      { path: 'package.json', content: pkg('file:../create-honoforge-2.0.0.tgz', '^4.1.0'), edit: true },
    ])
  })

  it('Should leave out files built from the code, honoforge records and local secrets', () => {
    const theirs = tree({
      'public/openapi.json': '{}\n',
      'client/api.d.ts': 'export {}\n',
      '.honoforge/manifest.json': '{}\n',
      '.dev.vars': 'JWT_SECRET=1\n',
    })
    const merge = mergeUpgrade({ base: new Map(), ours: new Map(), theirs, labels })
    expect(merge.changes).toEqual([])
    expect(merge.base.size).toBe(0)
  })
})
