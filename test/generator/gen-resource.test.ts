import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatFiles } from '../../src/gen/code-format.js'
import { generateResource } from '../../src/gen/commands/resource.js'
import { openProject } from '../../src/gen/project.js'
import { createProject, htmlEntity, recordOf, type TestProject, treeDiff } from './gen-project.js'

const authors = [
  'authors',
  'name:string!',
  'email:string!',
  'bio:text?',
  'active:boolean',
  'born:datetime?',
  'rating:number?',
  'level:integer',
  'meta:json?',
  'kind:enum(a|b|c)',
]
const books = ['books', 'title:string', 'author:references(authors)', 'isbn:string!']

const authorFiles = [
  'migrations/0002_create_authors.sql',
  'src/routes/authors/db.ts',
  'src/routes/authors/index.ts',
  'src/routes/authors/schema.ts',
  'test/authors.test.ts',
]

let project: TestProject
beforeEach(async () => {
  project = await createProject()
})
afterEach(async () => {
  await project.remove()
})

describe('honoforge gen resource', () => {
  it('Should write the resource, wire it in and record it', async () => {
    const before = await project.snapshot()
    const result = await project.run('gen', 'resource', ...authors)
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(result.stdout).toContain('create     src/routes/authors/db.ts')
    expect(result.stdout).toContain('5 create, 5 update')
    expect(treeDiff(before, await project.snapshot())).toEqual({
      added: authorFiles,
      removed: [],
      changed: [
        '.honoforge/base.json',
        '.honoforge/manifest.json',
        'client/api.d.ts',
        'public/openapi.json',
        'src/routes/index.ts',
      ],
    })
    expect(await project.read('src/routes/index.ts')).toContain("import { authors } from './authors'\n")
    expect(await project.read('src/routes/index.ts')).toContain(
      "  app.route('/notes', notes)\n  app.route('/authors', authors)\n}",
    )
    // The document describes the new module's routes, after the ones already there.
    const document = JSON.parse(await project.read('public/openapi.json'))
    expect(Object.keys(document.paths).slice(-2)).toEqual(['/authors', '/authors/{id}'])
    expect(Object.keys(document.paths['/authors'])).toEqual(['get', 'post'])
    expect(document.tags.map((tag: { name: string }) => tag.name).at(-1)).toBe('authors')
    const manifest = JSON.parse(await project.read('.honoforge/manifest.json'))
    expect(manifest.generated.map((run: { name: string }) => run.name).sort()).toEqual(['authors', 'notes'])
    const record = await recordOf(project, 'authors')
    expect(record).toMatchObject({
      generator: 'resource',
      name: 'authors',
      args: { fields: authors.slice(1), public: false },
    })
    expect(record.files.map((file: { path: string }) => file.path)).toEqual(authorFiles)
  })

  it('Should generate code that stores booleans as 0/1 and JSON as text, behind auth', async () => {
    await project.run('gen', 'resource', ...authors)
    const db = await project.read('src/routes/authors/db.ts')
    expect(db).toContain('  active: row.active === 1,\n')
    expect(db).toContain('  meta: row.meta === null ? null : JSON.parse(row.meta),\n')
    expect(db).toContain("  if (key === 'active') return input.active == null ? null : Number(input.active)\n")
    expect(db).toContain(
      "'INSERT INTO authors (id, name, email, bio, active, born, rating, level, meta, kind, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11) RETURNING *'",
    )
    expect(db).toContain(
      "const filterable: Record<keyof AuthorFilter, string> = { name: 'name', email: 'email', active: 'active', kind: 'kind' }\n",
    )
    expect(db).toContain('    .prepare(`SELECT * FROM authors WHERE id > ?1${conditions} ORDER BY id LIMIT ?2`)')
    // Booleans filter as 0/1, like every other write.
    expect(db).toContain("    .bind(page.cursor ?? '', page.limit + 1, ...keys.map((key) => columnValue(filter, key)))")
    const routes = await project.read('src/routes/authors/index.ts')
    expect(routes).toContain('authors.use(requireAuth)\n')
    expect(routes).toContain('return c.json(author, 201, { location: `/authors/${author.id}` })')
    const schema = await project.read('src/routes/authors/schema.ts')
    expect(schema).toContain("  kind: z.enum(['a', 'b', 'c']),\n")
    expect(schema).toContain('  meta: z.optional(z.nullable(z.record(z.string(), z.unknown()))),\n')
    expect(schema).toContain('export const AuthorListQuery = z.strictObject({\n')
    expect(schema).toContain("  active: z.optional(z.stringbool()),\n  kind: z.optional(z.enum(['a', 'b', 'c'])),\n})")
    expect(routes).toContain("  const { limit = 20, cursor, ...filter } = c.req.valid('query')\n")
    const migration = await project.read('migrations/0002_create_authors.sql')
    expect(migration).toContain('  email TEXT NOT NULL,\n')
    expect(migration).toContain('CREATE UNIQUE INDEX idx_authors_email ON authors (email);\n')
    expect(migration).toContain('CREATE INDEX idx_authors_kind ON authors (kind, id);\n')
    expect(migration).toContain("  kind TEXT NOT NULL CHECK (kind IN ('a', 'b', 'c')),\n")
    const test = await project.read('test/authors.test.ts')
    expect(test).toContain(
      "import {\n  authedApi as api,\n  dataOf,\n  json,\n  authedRequest as request,\n  requestWithBindings,\n  request as requestWithoutToken,\n  rowCount,\n  storedRow,\n  storedRows,\n  token,\n} from './helpers'",
    )
    expect(test).toContain("it('Should answer 409 when a unique value is already taken'")
    expect(test).toContain("])('Should answer %s %s with 401 without a token'")
  })

  it('Should write what a careful engineer would: no HTML entities, no leftover template syntax', async () => {
    await project.run('gen', 'resource', ...authors)
    await project.run('gen', 'resource', ...books)
    for (const path of [...authorFiles, 'src/routes/books/db.ts', 'test/books.test.ts', 'public/openapi.json']) {
      const text = await project.read(path)
      expect(text, path).not.toMatch(htmlEntity)
      expect(text, path).not.toMatch(/\{\{|\}\}\}|\[object Object\]/)
      expect(text.endsWith('\n') && !text.endsWith('\n\n'), path).toBe(true)
      expect(text, path).not.toMatch(/\n\n\n| +\n/)
    }
  })

  it('Should keep openapi.json byte-identical to what npm run openapi builds', async () => {
    await project.run('gen', 'resource', ...authors)
    await project.run('gen', 'resource', ...books)
    await project.run('gen', 'resource', 'tags', 'label:string', '--public')
    expect(await project.read('public/openapi.json')).toBe(await project.fullOpenApi())
    await project.run('destroy', 'resource', 'books')
    expect(await project.read('public/openapi.json')).toBe(await project.fullOpenApi())
  })

  it('Should create the referenced record first in the tests of a resource that references another', async () => {
    await project.run('gen', 'resource', ...authors)
    expect(await project.run('gen', 'resource', ...books)).toMatchObject({ code: 0 })
    const test = await project.read('test/books.test.ts')
    expect(test).toContain("import type { Author, AuthorCreate } from '../src/routes/authors/schema'\n")
    expect(test).toContain(
      "  return { title: 'Sample title', authorId: (await createAuthor()).id, isbn: `isbn-${unique()}` }\n",
    )
    expect(test).toContain("it('Should answer 409 for authorId naming no author'")
    expect(test).toContain("it('Should refuse to delete an author that a book references'")
    expect(await project.read('migrations/0003_create_books.sql')).toContain(
      '  author_id TEXT NOT NULL REFERENCES authors(id) ON DELETE RESTRICT,\n',
    )
  })

  it('Should leave a public resource open and say so in the document', async () => {
    await project.run('gen', 'resource', 'tags', 'label:string', '--public')
    expect(await project.read('src/routes/tags/index.ts')).not.toContain('requireAuth')
    const { paths } = JSON.parse(await project.read('public/openapi.json'))
    for (const [path, method] of [
      ['/tags', 'get'],
      ['/tags', 'post'],
      ['/tags/{id}', 'delete'],
    ] as const) {
      expect(paths[path][method].security, `${method} ${path}`).toEqual([])
      expect(paths[path][method].responses, `${method} ${path}`).not.toHaveProperty('401')
    }
    // Next to a protected resource, which does say so.
    expect(paths['/notes'].get.security).toEqual([{ bearerAuth: [] }])
    expect(await project.read('test/tags.test.ts')).toContain(
      "import { api, dataOf, json, request, requestWithBindings, rowCount, storedRow, storedRows } from './helpers'\n",
    )
  })

  it('Should be a no-op when run again: the tree stays byte-identical', async () => {
    await project.run('gen', 'resource', ...authors)
    const generated = await project.snapshot()
    const again = await project.run('gen', 'resource', ...authors)
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('9 identical')
    expect(await project.snapshot()).toEqual(generated)
  })

  it('Should write nothing with --dry-run, and print the plan with diffs', async () => {
    const before = await project.snapshot()
    const result = await project.run('gen', 'resource', ...authors, '--dry-run')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('create     migrations/0002_create_authors.sql')
    expect(result.stdout).toContain("+  app.route('/authors', authors)")
    expect(result.stdout).toContain('Dry run: nothing was written.')
    expect(await project.snapshot()).toEqual(before)
  })

  it('Should refuse a conflict with exit 1 and write nothing; --skip keeps the file, --force overwrites it', async () => {
    await project.write('src/routes/authors/db.ts', '// mine\n')
    const before = await project.snapshot()
    const refused = await project.run('gen', 'resource', ...authors)
    expect(refused.code).toBe(1)
    expect(refused.stdout).toContain('conflict   src/routes/authors/db.ts  (exists with different content)')
    expect(refused.stderr).toContain(
      'Nothing was written. Re-run with --force to overwrite them, or --skip to keep them',
    )
    expect(await project.snapshot()).toEqual(before)

    // The document is built from the tree as the apply leaves it: with this db.ts kept, the
    // module does not load, so --skip is refused too, saying why.
    const broken = await project.run('gen', 'resource', ...authors, '--skip')
    expect(broken.code).toBe(1)
    expect(broken.stderr).toMatch(
      /^Cannot build public\/openapi\.json \(npm run openapi\) from the planned files: .*'\.\/db'/,
    )
    expect(broken.stderr).toContain('The build used the files --skip keeps as they are: src/routes/authors/db.ts.')
    expect(await project.snapshot()).toEqual(before)

    // An edit that keeps what the module imports: --skip keeps it and writes the rest.
    const generated = await generateResource(await openProject(project.root), {
      name: 'authors',
      fields: authors.slice(1),
    })
    // As gen writes it: laid out by the service's Biome.
    const laidOut = await formatFiles(project.root, generated.files)
    const db = laidOut.find((file) => file.path === 'src/routes/authors/db.ts')?.content ?? ''
    await project.write('src/routes/authors/db.ts', `// mine\n${db}`)
    expect(await project.run('gen', 'resource', ...authors, '--skip')).toMatchObject({ code: 0, stderr: '' })
    expect(await project.read('src/routes/authors/db.ts')).toBe(`// mine\n${db}`)
    expect(await project.exists('src/routes/authors/index.ts')).toBe(true)
    expect(await project.read('public/openapi.json')).toBe(await project.fullOpenApi())

    expect((await project.run('gen', 'resource', ...authors, '--force')).code).toBe(0)
    expect(await project.read('src/routes/authors/db.ts')).toBe(db)
  })

  it('Should evolve a resource run again with other fields: a new migration, the code re-rendered, the record updated', async () => {
    await project.run('gen', 'resource', 'tags', 'label:string')
    const created = await project.read('migrations/0002_create_tags.sql')
    const before = await project.snapshot()
    const changed = await project.run('gen', 'resource', 'tags', 'label:string', 'color:string?', 'kind:enum(a|b)?')
    expect(changed).toMatchObject({ code: 0, stderr: '' })
    expect(changed.stdout).toContain('identical  migrations/0002_create_tags.sql')
    expect(changed.stdout).toContain('create     migrations/0003_add_color_and_kind_to_tags.sql')
    expect(changed.stdout).toContain('update     src/routes/tags/schema.ts  (unchanged since it was generated)')
    expect(await project.read('migrations/0002_create_tags.sql')).toBe(created)
    expect(await project.read('migrations/0003_add_color_and_kind_to_tags.sql')).toBe(
      'ALTER TABLE tags ADD COLUMN color TEXT;\n' +
        "ALTER TABLE tags ADD COLUMN kind TEXT CHECK (kind IN ('a', 'b'));\n" +
        'CREATE INDEX idx_tags_kind ON tags (kind, id);\n',
    )
    expect(treeDiff(before, await project.snapshot())).toEqual({
      added: ['migrations/0003_add_color_and_kind_to_tags.sql'],
      removed: [],
      changed: [
        '.honoforge/base.json',
        '.honoforge/manifest.json',
        'client/api.d.ts',
        'public/openapi.json',
        'src/routes/tags/db.ts',
        'src/routes/tags/index.ts',
        'src/routes/tags/schema.ts',
        'test/tags.test.ts',
      ],
    })
    expect(await project.read('test/tags.test.ts')).toContain("it('Should filter tags by kind, page by page'")
    const record = await recordOf(project, 'tags')
    expect(record.args.fields).toEqual(['label:string', 'color:string?', 'kind:enum(a|b)?'])
    expect(record.files.map((file: { path: string }) => file.path)).toContain(
      'migrations/0003_add_color_and_kind_to_tags.sql',
    )

    // The same fields again: nothing to do. Dropping one: a migration that removes it.
    const evolved = await project.snapshot()
    const again = await project.run('gen', 'resource', 'tags', 'label:string', 'color:string?', 'kind:enum(a|b)?')
    expect(again.stdout).not.toMatch(/^(create|update) /m)
    expect(await project.snapshot()).toEqual(evolved)
    expect(await project.run('gen', 'resource', 'tags', 'label:string', 'kind:enum(a|b)?')).toMatchObject({ code: 0 })
    expect(await project.read('migrations/0004_remove_color_from_tags.sql')).toBe(
      '-- Drops color and the data in it.\nALTER TABLE tags DROP COLUMN color;\n',
    )
    expect(await project.read('public/openapi.json')).toBe(await project.fullOpenApi())
  })

  it('Should report the files edited since they were generated as conflicts when it evolves a resource', async () => {
    await project.run('gen', 'resource', 'tags', 'label:string')
    const mine = `// mine\n${await project.read('src/routes/tags/db.ts')}`
    await project.write('src/routes/tags/db.ts', mine)
    const before = await project.snapshot()
    const refused = await project.run('gen', 'resource', 'tags', 'label:string', 'color:string?')
    expect(refused.code).toBe(1)
    expect(refused.stdout).toContain('conflict   src/routes/tags/db.ts  (exists with different content)')
    expect(await project.snapshot()).toEqual(before)
    expect(await project.run('gen', 'resource', 'tags', 'label:string', 'color:string?', '--skip')).toMatchObject({
      code: 0,
    })
    expect(await project.read('src/routes/tags/db.ts')).toBe(mine)
    expect(await project.exists('migrations/0003_add_color_to_tags.sql')).toBe(true)
  })

  it.each([
    [['color:string'], 'Cannot add the required field "color:string" to tags: the table may hold rows'],
    [['label:string?'], 'Cannot change "label:string" to "label:string?" in tags: it would allow NULL'],
    [['label:integer'], 'its column type would change from TEXT to INTEGER'],
  ])('Should refuse to evolve tags with %j it cannot migrate in place, writing nothing', async (change, message) => {
    await project.run('gen', 'resource', 'tags', 'label:string')
    const before = await project.snapshot()
    const specs = change.some((spec) => spec.startsWith('label')) ? change : ['label:string', ...change]
    const result = await project.run('gen', 'resource', 'tags', ...specs)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(message)
    expect(await project.snapshot()).toEqual(before)
  })

  it('Should generate filters, validated like any input, and the new field types with their formats', async () => {
    await project.run('gen', 'resource', ...authors)
    const posts = [
      'posts',
      'title:string',
      'author:references(authors)',
      'live:boolean',
      'contact:email?',
      'site:url?',
      'published_on:date?',
      'slug:string!',
    ]
    expect(await project.run('gen', 'resource', ...posts)).toMatchObject({ code: 0 })
    const schema = await project.read('src/routes/posts/schema.ts')
    expect(schema).toContain('  contact: z.optional(z.nullable(z.email().check(z.maxLength(254)))),\n')
    expect(schema).toContain(
      '  site: z.optional(z.nullable(z.url({ protocol: /^https?$/ }).check(z.maxLength(2048)))),\n',
    )
    expect(schema).toContain('  publishedOn: z.optional(z.nullable(z.iso.date())),\n')
    const test = await project.read('test/posts.test.ts')
    expect(test).toContain(
      "    ['/posts?authorId=not-a-uuid', 'authorId'],\n    ['/posts?live=maybe', 'live'],\n    ['/posts?slug=', 'slug'],\n",
    )
    expect(test).toContain("it('Should find the post with a given slug'")
    expect(test).toContain("it('Should filter posts by live, page by page'")
    const openapi = JSON.parse(await project.read('public/openapi.json'))
    const parameters = openapi.paths['/posts'].get.parameters.map((p: { name: string; schema: unknown }) => [
      p.name,
      p.schema,
    ])
    expect(parameters).toEqual(expect.arrayContaining([['authorId', expect.objectContaining({ format: 'uuid' })]]))
    const post =
      openapi.components?.schemas?.Post ??
      openapi.paths['/posts'].post.responses['201'].content['application/json'].schema
    expect(JSON.stringify(post)).toContain('"format":"email"')
    expect(JSON.stringify(post)).toContain('"format":"uri"')
    expect(JSON.stringify(post)).toContain('"format":"date"')
  })

  it('Should refuse a filter named like a paging parameter', async () => {
    const result = await project.run('gen', 'resource', 'posts', 'cursor:uuid')
    expect(result).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        'the list route would filter by "cursor", but ?cursor= pages the list; choose another field name.',
      ),
    })
  })

  it('Should use a template override, file by file, and say so', async () => {
    const builtIn = await project.run('gen', 'resource', 'tags', 'label:string', '--dry-run')
    expect(builtIn.stdout).not.toContain('using override')
    // The route module the registry mounts, with no routes yet (the document is built from it).
    const override =
      "// Reviewed by the API team.\nimport { Hono } from 'hono'\n\nexport const {{resource.camelPlural}} = new Hono()\n"
    await project.write('.honoforge/templates/resource/index.ts.hbs', override)
    const result = await project.run('gen', 'resource', 'tags', 'label:string')
    expect(result.stdout.split('\n').filter((line) => line.startsWith('using override'))).toEqual([
      'using override .honoforge/templates/resource/index.ts.hbs',
    ])
    expect(await project.read('src/routes/tags/index.ts')).toBe(
      "// Reviewed by the API team.\nimport { Hono } from 'hono'\n\nexport const tags = new Hono()\n",
    )
    expect(await project.read('src/routes/tags/db.ts')).toContain('export async function listTags')
  })

  it('Should eject the templates, list their inputs, and render with the ejected copies', async () => {
    const ejected = await project.run('eject', 'resource')
    expect(ejected.code).toBe(0)
    expect(ejected.stdout).toContain('create     .honoforge/templates/resource/db.ts.hbs')
    expect(ejected.stdout).toContain('  fields: name, zod.input, zod.output')
    expect(await project.run('eject', 'resource')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('5 identical'),
    })
    const result = await project.run('gen', 'resource', 'tags', 'label:string')
    expect(result.stdout).toContain('using override .honoforge/templates/resource/test.ts.hbs')
    expect(await project.read('src/routes/tags/index.ts')).toContain('export const tags = new Hono<AppEnv>()')
    expect(await project.run('eject', 'migration')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('has no templates'),
    })
  })

  it('Should name the override and the input when an override uses one the generator does not give', async () => {
    await project.write('.honoforge/templates/resource/db.ts.hbs', '{{resource.nickname}}\n')
    const result = await project.run('gen', 'resource', 'tags', 'label:string')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /^Cannot render \.honoforge\/templates\/resource\/db\.ts\.hbs: "nickname" not defined/,
    )
    expect(await project.exists('src/routes/tags')).toBe(false)
  })

  it.each([
    [
      ['gen', 'resource', 'class', 'title:string'],
      'Invalid resource name "class": "class" is a JavaScript reserved word',
    ],
    [['gen', 'resource', 'posts'], 'A resource needs at least one field'],
    [['gen', 'resource', 'posts', 'title:strng'], 'Did you mean "string"?'],
    [['gen', 'resource', 'posts', 'title:string', 'title:text'], 'Duplicate field'],
    [
      ['gen', 'resource', 'books', 'author:references(authors)'],
      'references authors, which is not a resource generated in this project',
    ],
    [
      ['gen', 'resource', 'categories', 'parent:references(categories)'],
      'references its own table, so it must be optional',
    ],
    [['gen', 'resource', 'health', 'title:string'], 'collides with the built-in route module "health"'],
    [['gen', 'resource', 'posts', 'status:enum(a|b)!'], 'an enum field cannot be unique'],
  ])('Should refuse %j with exit 1 and write nothing', async (args, message) => {
    const before = await project.snapshot()
    const result = await project.run(...args)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(message)
    expect(await project.snapshot()).toEqual(before)
  })

  it('Should accept an optional reference to its own table', async () => {
    expect(
      await project.run('gen', 'resource', 'categories', 'name:string', 'parent:references(categories)?'),
    ).toMatchObject({ code: 0 })
    const test = await project.read('test/categories.test.ts')
    expect(test).toContain("  return { name: 'Sample name', parentId: null }\n")
    expect(test).toContain("it('Should link a category to another through parentId, cleared when that one is deleted'")
  })
})

describe('honoforge destroy resource', () => {
  it('Should restore the tree, keeping the create migration and adding one that drops the table', async () => {
    const original = await project.snapshot()
    await project.run('gen', 'resource', ...authors)
    const result = await project.run('destroy', 'resource', 'authors')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('delete     src/routes/authors/db.ts')
    expect(result.stdout).toContain('create     migrations/0003_drop_authors.sql')
    expect(await project.read('migrations/0003_drop_authors.sql')).toBe('DROP TABLE authors;\n')
    expect(treeDiff(original, await project.snapshot())).toEqual({
      added: ['migrations/0002_create_authors.sql', 'migrations/0003_drop_authors.sql'],
      removed: [],
      changed: [],
    })
  })

  it('Should keep a file changed since it was generated: exit 1 unless --skip or --force', async () => {
    await project.run('gen', 'resource', 'tags', 'label:string')
    await project.write('src/routes/tags/db.ts', '// mine\n')
    const before = await project.snapshot()
    const refused = await project.run('destroy', 'resource', 'tags')
    expect(refused.code).toBe(1)
    expect(refused.stdout).toContain('conflict   src/routes/tags/db.ts  (modified since it was generated)')
    expect(await project.snapshot()).toEqual(before)
    const skipped = await project.run('destroy', 'resource', 'tags', '--skip')
    expect(skipped.code).toBe(0)
    expect(skipped.stdout).toContain(
      'skip       src/routes/tags/db.ts  (modified since it was generated; kept (--skip))',
    )
    expect(await project.read('src/routes/tags/db.ts')).toBe('// mine\n')
    expect(await project.exists('src/routes/tags/index.ts')).toBe(false)
    expect(await project.read('src/routes/index.ts')).not.toContain('tags')
  })

  it('Should refuse to destroy a resource another one references', async () => {
    await project.run('gen', 'resource', ...authors)
    await project.run('gen', 'resource', ...books)
    const result = await project.run('destroy', 'resource', 'authors')
    expect(result).toMatchObject({ code: 1, stderr: 'Cannot destroy authors: books reference it. Destroy them first.' })
  })

  it('Should refuse what it did not generate', async () => {
    await project.write(
      'src/routes/widgets/index.ts',
      "import { Hono } from 'hono'\n\nexport const widgets = new Hono()\n",
    )
    const before = await project.snapshot()
    expect(await project.run('destroy', 'resource', 'widgets')).toMatchObject({
      code: 1,
      stderr:
        'No resource "widgets" is recorded in .honoforge/manifest.json: honoforge destroys only what it generated.',
    })
    expect(await project.snapshot()).toEqual(before)
  })

  it('Should destroy the example notes resource, which create generated like any other', async () => {
    const result = await project.run('destroy', 'resource', 'notes')
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(result.stdout).toContain('create     migrations/0002_drop_notes.sql')
    for (const path of [
      'src/routes/notes/db.ts',
      'src/routes/notes/index.ts',
      'src/routes/notes/schema.ts',
      'test/notes.test.ts',
    ]) {
      expect(await project.exists(path), path).toBe(false)
    }
    expect(await project.exists('migrations/0001_create_notes.sql')).toBe(true)
    expect(await project.read('src/routes/index.ts')).not.toContain('notes')
    const document = await project.read('public/openapi.json')
    expect(document).toBe(await project.fullOpenApi())
    expect(Object.keys(JSON.parse(document).paths).filter((path) => path.startsWith('/notes'))).toEqual([])
    expect(JSON.parse(await project.read('.honoforge/manifest.json')).generated).toEqual([])
  })
})

describe('services created with other options', () => {
  it('Should generate an open resource in a service without auth', async () => {
    const open = await createProject({ auth: 'none' })
    try {
      expect((await open.run('gen', 'resource', 'tags', 'label:string')).code).toBe(0)
      expect(await open.read('src/routes/tags/index.ts')).not.toContain('requireAuth')
      expect(await open.read('test/tags.test.ts')).toContain(
        "import { api, dataOf, json, request, requestWithBindings, rowCount, storedRow, storedRows } from './helpers'\n",
      )
      expect(await open.read('public/openapi.json')).toBe(await open.fullOpenApi())
    } finally {
      await open.remove()
    }
  })

  it('Should refuse a resource in a service without a database', async () => {
    const plain = await createProject({ db: 'none' })
    try {
      const result = await plain.run('gen', 'resource', 'tags', 'label:string')
      expect(result.code).toBe(1)
      expect(result.stderr).toContain('honoforge gen resource needs a database')
    } finally {
      await plain.remove()
    }
  })
})
