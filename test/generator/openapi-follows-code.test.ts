/**
 * The OpenAPI document follows the code: edit a generated service's real source (a schema,
 * a route path, a mount, an auth middleware), rebuild the document as `npm run openapi`
 * does, and exactly the matching part of the document changes. A route without docs stops
 * the build, named by method and path.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createProject, type TestProject } from './gen-project.js'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type Doc = {
  paths: Record<string, Record<string, Record<string, Json>>>
  components: Record<string, Record<string, Json>>
}

let project: TestProject
let before: Doc
beforeEach(async () => {
  project = await createProject()
  before = JSON.parse(await project.read('public/openapi.json'))
  // The committed document is the one the build writes: what the edits are compared with.
  expect(before).toEqual(await rebuild())
}, 60_000)
afterEach(async () => {
  await project.remove()
})

/** The document `npm run openapi` writes from the service's files as they are now. */
async function rebuild(): Promise<Doc> {
  return JSON.parse(await project.fullOpenApi())
}

/** Replaces `from`, which must occur exactly once, so a changed template fails here loudly. */
async function edit(path: string, from: string, to: string): Promise<void> {
  const source = await project.read(path)
  expect(source.split(from).length - 1, `occurrences of ${JSON.stringify(from)} in ${path}`).toBe(1)
  await project.write(path, source.replace(from, to))
}

const pointer = (path: string[]) => `/${path.map((key) => key.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`

/**
 * What changed from `a` to `b`, one line per JSON pointer: `+` added, `-` removed, `~`
 * changed. Arrays (security, required, tags) count as one value.
 */
function diff(a: Json | undefined, b: Json | undefined, path: string[] = []): string[] {
  const isObject = (value: Json | undefined): value is Record<string, Json> =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    return keys.flatMap((key) => diff(a[key], b[key], [...path, key]))
  }
  if (a === undefined) return [`+ ${pointer(path)}: ${JSON.stringify(b)}`]
  if (b === undefined) return [`- ${pointer(path)}`]
  return JSON.stringify(a) === JSON.stringify(b)
    ? []
    : [`~ ${pointer(path)}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`]
}

const noteOperations = [
  ['/notes', 'get'],
  ['/notes', 'post'],
  ['/notes/{id}', 'get'],
  ['/notes/{id}', 'patch'],
  ['/notes/{id}', 'delete'],
] as const

describe('the OpenAPI document follows the code', () => {
  it('Should follow a schema: a tighter check and a new field of the body', async () => {
    await edit(
      'src/routes/notes/schema.ts',
      '  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),\n',
      '  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)).check(z.maxLength(50)),\n' +
        '  tag: z.optional(z.string().check(z.maxLength(50))),\n',
    )
    const after = await rebuild()
    // NoteUpdate is z.partial(NoteCreate): it follows too. Nothing else changes.
    expect(diff(before as never, after as never)).toEqual([
      '~ /components/schemas/NoteCreate/properties/title/maxLength: 200 → 50',
      '+ /components/schemas/NoteCreate/properties/tag: {"type":"string","maxLength":50}',
      '~ /components/schemas/NoteUpdate/properties/title/maxLength: 200 → 50',
      '+ /components/schemas/NoteUpdate/properties/tag: {"type":"string","maxLength":50}',
    ])
    expect(after.paths['/notes']?.post?.requestBody).toEqual(before.paths['/notes']?.post?.requestBody)
    expect(after.paths['/notes']?.post?.requestBody).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/NoteCreate' } } },
    })
  }, 60_000)

  it("Should follow a route's path", async () => {
    await edit('src/routes/notes/index.ts', "notes.get(\n  '/:id',\n", "notes.get(\n  '/by-id/:id',\n")
    const after = await rebuild()
    expect(Object.keys(after.paths)).toEqual([
      '/health',
      '/ready',
      '/openapi.json',
      '/docs',
      '/me',
      '/notes',
      '/notes/by-id/{id}',
      '/notes/{id}',
    ])
    expect(after.paths['/notes/by-id/{id}']).toEqual({
      get: { ...before.paths['/notes/{id}']?.get, operationId: 'getNotesByIdId' },
    })
    expect(Object.keys(after.paths['/notes/{id}'] ?? {})).toEqual(['patch', 'delete'])
    expect(after.paths['/notes/{id}']).toEqual({
      patch: before.paths['/notes/{id}']?.patch,
      delete: before.paths['/notes/{id}']?.delete,
    })
  }, 60_000)

  it("Should follow a module's mount", async () => {
    await edit('src/routes/index.ts', "  app.route('/notes', notes)\n", "  app.route('/memos', notes)\n")
    const after = await rebuild()
    expect(Object.keys(after.paths)).toEqual([
      '/health',
      '/ready',
      '/openapi.json',
      '/docs',
      '/me',
      '/memos',
      '/memos/{id}',
    ])
    for (const [path, method] of noteOperations) {
      const moved = path.replace('/notes', '/memos')
      const operationId = String(before.paths[path]?.[method]?.operationId).replace('Notes', 'Memos')
      expect(after.paths[moved]?.[method], `${method} ${moved}`).toEqual({
        ...before.paths[path]?.[method],
        operationId,
      })
    }
    expect(after.components).toEqual(before.components)
  }, 60_000)

  it('Should follow an auth middleware: without it, no security and no 401', async () => {
    await edit('src/routes/notes/index.ts', 'notes.use(requireAuth)\n', '')
    const after = await rebuild()
    expect(diff(before as never, after as never)).toEqual(
      noteOperations.flatMap(([path, method]) => [
        `~ ${pointer(['paths', path, method, 'security'])}: [{"bearerAuth":[]}] → []`,
        `- ${pointer(['paths', path, method, 'responses', '401'])}`,
      ]),
    )
    // GET /me still requires the token, so the scheme stays.
    expect(after.paths['/me']?.get).toMatchObject({
      security: [{ bearerAuth: [] }],
      responses: { 401: expect.anything() },
    })
    expect(after.components.securitySchemes).toEqual({
      bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    })
  }, 60_000)

  it('Should follow an auth middleware added to a public route', async () => {
    await edit(
      'src/routes/health/index.ts',
      "import { describeModule } from '../../lib/openapi-meta'\n",
      "import { describeModule } from '../../lib/openapi-meta'\nimport { requireAuth } from '../../middleware/auth'\n",
    )
    await edit('src/routes/health/index.ts', "health.get(\n  '/ready',\n", "health.get(\n  '/ready',\n  requireAuth,\n")
    const after = await rebuild()
    expect(diff(before as never, after as never)).toEqual([
      '~ /paths/~1ready/get/security: [] → [{"bearerAuth":[]}]',
      '+ /paths/~1ready/get/responses/401: {"description":"Missing, invalid or expired bearer token","content":{"application/problem+json":{"schema":{"$ref":"#/components/schemas/Problem"}}}}',
    ])
  }, 60_000)

  it('Should refuse to build with a route without docs, naming its method and path', async () => {
    await edit(
      'src/routes/notes/index.ts',
      'notes.use(requireAuth)\n',
      "notes.use(requireAuth)\n\nnotes.get('/export', (c) => c.json([]))\n",
    )
    await expect(rebuild()).rejects.toThrow(
      /Routes without docs: GET \/notes\/export\. Add `route\(\{ summary, description, responses \}\)`/,
    )
  }, 60_000)
})
