import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createProject, htmlEntity, type TestProject, treeDiff } from './gen-project.js'

const publish = ['gen', 'endpoint', 'publish-book', '--method', 'post', '--path', '/books/:id/publish']
const files = ['src/routes/publish-book/index.ts', 'src/routes/publish-book/schema.ts', 'test/publish-book.test.ts']

let project: TestProject
beforeEach(async () => {
  project = await createProject()
})
afterEach(async () => {
  await project.remove()
})

describe('honoforge gen endpoint', () => {
  it('Should write a typed, documented handler with its extractors, schemas and test, and rebuild the document', async () => {
    const before = await project.snapshot()
    const result = await project.run(
      ...publish,
      '--query',
      'notify:boolean?',
      'limit:integer',
      '--body',
      'at:datetime',
      'note:string?',
    )
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(treeDiff(before, await project.snapshot())).toEqual({
      added: files,
      removed: [],
      changed: [
        '.honoforge/base.json',
        '.honoforge/manifest.json',
        'client/api.d.ts',
        'public/openapi.json',
        'src/routes/index.ts',
      ],
    })
    const handler = await project.read('src/routes/publish-book/index.ts')
    expect(handler).toContain(
      "import { PublishBookBody, PublishBookParams, PublishBookQuery, PublishBookResult } from './schema'",
    )
    // Its docs first, then auth before the validators, then the handler.
    expect(handler).toContain("publishBook.post(\n  '/books/:id/publish',\n  route({\n")
    expect(handler).toContain(
      "  }),\n  requireAuth,\n  valid('param', PublishBookParams),\n  valid('query', PublishBookQuery),\n  jsonBody(PublishBookBody),\n  (c) => {\n",
    )
    const schema = await project.read('src/routes/publish-book/schema.ts')
    expect(schema).toContain('export const PublishBookParams = z.object({ id: z.uuid() })\n')
    expect(schema).toContain('  notify: z.optional(z.stringbool()),\n  limit: z.coerce.number().check(z.int()),\n')
    expect(schema).toContain('  notify: z.optional(z.boolean()),\n  limit: z.int(),\n')
    // No books resource here: the app mounts it at the root, after the other modules.
    expect(await project.read('src/routes/index.ts')).toContain(
      "  app.route('/notes', notes)\n  app.route('/', publishBook)\n}",
    )
    const test = await project.read('test/publish-book.test.ts')
    expect(test).toContain("const url = '/books/0190a5e2-0000-7000-8000-000000000001/publish?notify=true&limit=1'\n")
    expect(test).toContain(
      "    ['/books/0190a5e2-0000-7000-8000-000000000001/publish?notify=true&limit=abc', 'limit'],\n",
    )
    const document = await project.read('public/openapi.json')
    expect(document).toBe(await project.fullOpenApi())
    expect(JSON.parse(document).paths['/books/{id}/publish'].post).toMatchObject({
      tags: ['publish-book'],
      security: [{ bearerAuth: [] }],
      requestBody: { required: true },
    })
    for (const path of files) expect(await project.read(path), path).not.toMatch(htmlEntity)
  })

  it('Should generate a GET without body or token checks when public', async () => {
    const result = await project.run('gen', 'endpoint', 'stats', '--method', 'GET', '--path', '/stats', '--public')
    expect(result.code).toBe(0)
    const handler = await project.read('src/routes/stats/index.ts')
    expect(handler).not.toContain('requireAuth')
    expect(handler).not.toContain('../../lib/validate')
    expect(handler).toContain("stats.get(\n  '/stats',\n  route({\n")
    expect(handler).toContain('  }),\n  (c) => {\n')
    expect(await project.read('test/stats.test.ts')).toContain("import { request } from './helpers'\n")
    const document = await project.read('public/openapi.json')
    expect(document).toBe(await project.fullOpenApi())
    const operation = JSON.parse(document).paths['/stats'].get
    expect(operation.tags).toEqual(['stats'])
    // Public: the document says outright that no token is needed.
    expect(operation.security).toEqual([])
    expect(operation).not.toHaveProperty('requestBody')
  })

  it("Should mount an endpoint under a resource's path in that resource's router, and take it out again", async () => {
    const router = await project.read('src/routes/notes/index.ts')
    const registry = await project.read('src/routes/index.ts')
    const result = await project.run(
      'gen',
      'endpoint',
      'note-stats',
      '--method',
      'get',
      '--path',
      '/notes/stats',
      '--public',
    )
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(result.stdout).toMatch(/^update +src\/routes\/notes\/index\.ts/m)
    expect(await project.read('src/routes/index.ts')).toBe(registry)
    const mounted = await project.read('src/routes/notes/index.ts')
    expect(mounted).toContain("import { noteStats } from '../note-stats'\n")
    // Ahead of the resource's auth and its `/:id`, so /notes/stats is its own route.
    expect(mounted.indexOf("notes.route('/', noteStats)")).toBeLessThan(mounted.indexOf('notes.use(requireAuth)'))
    expect(await project.read('src/routes/note-stats/index.ts')).toContain("noteStats.get(\n  '/stats',\n")
    const document = JSON.parse(await project.read('public/openapi.json'))
    expect(document.paths['/notes/stats'].get.security).toEqual([])
    expect(await project.read('public/openapi.json')).toBe(await project.fullOpenApi())
    // The resource is regenerated with the endpoint still mounted: a no-op.
    expect((await project.run('gen', 'resource', 'notes', 'title:string', 'body:text?')).stdout).toMatch(
      /^\d+ identical$/m,
    )
    const refused = await project.run('destroy', 'resource', 'notes')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('its router mounts the endpoints note-stats')
    expect((await project.run('destroy', 'endpoint', 'note-stats')).code).toBe(0)
    expect(await project.read('src/routes/notes/index.ts')).toBe(router)
    expect(await project.exists('src/routes/note-stats')).toBe(false)
  })

  it('Should take list options repeated or listed', async () => {
    await project.run(...publish, '--body', 'at:datetime', '--body', 'note:string?', '--dry-run')
    const listed = await project.run(...publish, '--body', 'at:datetime', 'note:string?')
    const manifest = JSON.parse(await project.read('.honoforge/manifest.json'))
    expect(listed.code).toBe(0)
    expect(manifest.generated.find((run: { generator: string }) => run.generator === 'endpoint').args.body).toEqual([
      'at:datetime',
      'note:string?',
    ])
    expect((await project.run(...publish, '--body', 'at:datetime', '--body', 'note:string?')).stdout).toContain(
      '7 identical',
    )
  })

  it('Should send its invalid-parameter requests with its own method, also without a body', async () => {
    expect((await project.run(...publish)).code).toBe(0)
    const test = await project.read('test/publish-book.test.ts')
    // A GET to a POST-only path would be answered 405 before the parameter is checked.
    expect(test).toContain("const res = await request(path, { method: 'POST' })\n")
    expect(test).not.toContain('await request(path)\n')
  })

  it('Should be a no-op when run again, and destroy back to the original tree', async () => {
    const original = await project.snapshot()
    await project.run(...publish, '--body', 'at:datetime')
    const generated = await project.snapshot()
    expect((await project.run(...publish, '--body', 'at:datetime')).code).toBe(0)
    expect(await project.snapshot()).toEqual(generated)
    const destroyed = await project.run('destroy', 'endpoint', 'publish-book')
    expect(destroyed.code).toBe(0)
    expect(await project.snapshot()).toEqual(original)
  })

  it.each([
    [['--method', 'fetch', '--path', '/x'], 'Unknown method "fetch".'],
    [['--method', 'get', '--path', 'x'], 'Invalid path "x": it must start with "/"'],
    [['--method', 'get', '--path', '/x/'], 'it has an empty segment'],
    [['--method', 'get', '--path', '/x/:id/:id'], '":id" appears twice'],
    [['--method', 'get', '--path', '/x', '--body', 'title:string'], 'A GET request has no body: use --query'],
    [['--method', 'get', '--path', '/x', '--query', 'meta:json'], 'a query string cannot carry JSON'],
    [['--method', 'post', '--path', '/x/:slug', '--body', 'slug:string'], '"slug" is both a path parameter'],
    // Mounted before /notes, it would shadow the resource's create: the document build refuses.
    [['--method', 'post', '--path', '/notes'], 'POST /notes is served by the "thing" and the "notes" modules'],
    [['--method', 'get', '--path', '/x', 'stray'], 'Unexpected argument "stray"'],
  ])('Should refuse %j with exit 1 and write nothing', async (args, message) => {
    const before = await project.snapshot()
    const result = await project.run('gen', 'endpoint', 'thing', ...args)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(message)
    expect(await project.snapshot()).toEqual(before)
  })
})
