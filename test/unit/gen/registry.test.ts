import { describe, expect, it } from 'vitest'
import { GenError } from '../../../src/gen/errors.js'
import { inflect } from '../../../src/gen/names.js'
import {
  addEntry,
  openapiRegistry,
  parseRegistry,
  removeEntry,
  renderRegistry,
  routeRegistry,
} from '../../../src/gen/registry.js'

const routeHeader = `/**
 * Route registry: every route module and the path it is mounted at.
 * \`honoforge gen\` and \`honoforge destroy\` rewrite this file: keep one import and one
 * \`app.route()\` line per module.
 */
import type { Hono } from 'hono'
import type { AppEnv } from '../env'
`

/** The shape the service template renders (imports sorted by path, routes in mount order). */
const routes = `${routeHeader}import { docs } from './docs'
import { health } from './health'
import { me } from './me'
import { notes } from './notes'

export function registerRoutes(app: Hono<AppEnv>): void {
  app.route('/', health)
  app.route('/', docs)
  app.route('/me', me)
  app.route('/notes', notes)
}
`

const openapiHeader = `/**
 * OpenAPI registry: the documented operations of every route module.
 * \`honoforge gen\` and \`honoforge destroy\` rewrite this file: keep one import per module.
 */
import type { PathGroup } from './types'
`

const openapi = `${openapiHeader}import { docsPaths } from '../routes/docs.openapi'
import { healthPaths } from '../routes/health.openapi'
import { notesPaths } from '../routes/notes/openapi'

export const pathGroups: PathGroup[] = [healthPaths, docsPaths, notesPaths]
`

const posts = routeRegistry.entryFor(inflect('posts'))

describe('parseRegistry / renderRegistry', () => {
  it('reads the route registry: entries in mount order, with their modules', () => {
    const registry = parseRegistry(routes)
    expect(registry.entries).toEqual([
      { name: 'health', from: './health', mount: '/' },
      { name: 'docs', from: './docs', mount: '/' },
      { name: 'me', from: './me', mount: '/me' },
      { name: 'notes', from: './notes', mount: '/notes' },
    ])
    expect(registry.importOrder).toEqual(['docs', 'health', 'me', 'notes'])
    expect(registry.header).toBe(routeHeader)
  })

  it('reads the OpenAPI registry', () => {
    const registry = parseRegistry(openapi, openapiRegistry)
    expect(registry.entries).toEqual([
      { name: 'healthPaths', from: '../routes/health.openapi' },
      { name: 'docsPaths', from: '../routes/docs.openapi' },
      { name: 'notesPaths', from: '../routes/notes/openapi' },
    ])
    expect(registry.layout).toBe('inline')
  })

  const multiline = `${openapiHeader}import { healthPaths } from '../routes/health.openapi'

export const pathGroups: PathGroup[] = [
  healthPaths,
]
`
  it.each([
    ['route registry', routes, routeRegistry],
    ['route registry without a trailing newline', routes.trimEnd(), routeRegistry],
    ['route registry with no modules', `${routeHeader}\nexport function registerRoutes(app: Hono<AppEnv>): void {\n}\n`, routeRegistry],
    ['OpenAPI registry', openapi, openapiRegistry],
    ['OpenAPI registry, one group per line', multiline, openapiRegistry],
    ['OpenAPI registry, empty', `${openapiHeader}\nexport const pathGroups: PathGroup[] = []\n`, openapiRegistry],
  ])('renders the %s byte-identically', (_, source, format) => {
    expect(renderRegistry(parseRegistry(source, format))).toBe(source)
  })

  it('reads CRLF files (as LF: the plan restores CRLF on write)', () => {
    const registry = parseRegistry(routes.replaceAll('\n', '\r\n'))
    expect(registry.entries).toHaveLength(4)
    expect(renderRegistry(registry)).toBe(routes)
  })
})

describe('addEntry', () => {
  it('appends the route and places the import in path order', () => {
    const registry = addEntry(parseRegistry(routes), routeRegistry.entryFor(inflect('comments')))
    expect(renderRegistry(registry)).toBe(
      routes
        .replace("import { docs } from './docs'", "import { comments } from './comments'\nimport { docs } from './docs'")
        .replace("  app.route('/notes', notes)\n", "  app.route('/notes', notes)\n  app.route('/comments', comments)\n"),
    )
  })

  it('puts the route before the first entry `before` accepts, the import still in path order', () => {
    const entry = { name: 'bookStats', from: './book-stats', mount: '/' }
    const registry = addEntry(parseRegistry(routes), entry, { before: (e) => e.mount !== '/' })
    expect(registry.entries.map((e) => e.name)).toEqual(['health', 'docs', 'bookStats', 'me', 'notes'])
    expect(registry.importOrder).toEqual(['bookStats', 'docs', 'health', 'me', 'notes'])
    expect(addEntry(registry, entry, { before: (e) => e.mount !== '/' })).toBe(registry)
  })

  it('uses the resource forms: camel plural module, kebab path', () => {
    expect(routeRegistry.entryFor(inflect('BlogPost'))).toEqual({ name: 'blogPosts', from: './blog-posts', mount: '/blog-posts' })
    expect(openapiRegistry.entryFor(inflect('BlogPost'))).toEqual({ name: 'blogPostsPaths', from: '../routes/blog-posts/openapi' })
  })

  it('appends the import when the imports are not sorted', () => {
    const unsorted = routes.replace("import { docs } from './docs'\nimport { health } from './health'", "import { health } from './health'\nimport { docs } from './docs'")
    const rendered = renderRegistry(addEntry(parseRegistry(unsorted), routeRegistry.entryFor(inflect('comments'))))
    expect(rendered).toContain("import { notes } from './notes'\nimport { comments } from './comments'\n\nexport")
  })

  it('is idempotent: adding an existing entry changes nothing', () => {
    const once = addEntry(parseRegistry(routes), posts)
    const twice = addEntry(once, posts)
    expect(twice).toBe(once)
    expect(renderRegistry(addEntry(parseRegistry(renderRegistry(once)), posts))).toBe(renderRegistry(once))
    expect(renderRegistry(once).match(/import \{ posts \}/g)).toHaveLength(1)
  })

  it('refuses the same name registered differently', () => {
    expect(() => addEntry(parseRegistry(routes), { name: 'notes', from: './notes', mount: '/memos' })).toThrow(
      `src/routes/index.ts: "notes" is already registered (from './notes' at '/notes').`,
    )
  })

  it('refuses a path another module serves, but allows several modules at /', () => {
    expect(() => addEntry(parseRegistry(routes), { name: 'memos', from: './memos', mount: '/notes' })).toThrow(
      `the path '/notes' is already served by "notes"`,
    )
    expect(addEntry(parseRegistry(routes), { name: 'root', from: './root', mount: '/' }).entries).toHaveLength(5)
  })

  it('adds to the OpenAPI list inline, and one per line once it would pass 100 columns', () => {
    let registry = addEntry(parseRegistry(openapi, openapiRegistry), openapiRegistry.entryFor(inflect('posts')))
    expect(renderRegistry(registry)).toBe(
      openapi
        .replace("import { notesPaths } from '../routes/notes/openapi'\n", "$&import { postsPaths } from '../routes/posts/openapi'\n")
        .replace('notesPaths]', 'notesPaths, postsPaths]'),
    )
    registry = addEntry(registry, openapiRegistry.entryFor(inflect('subscriptions')))
    expect(renderRegistry(registry)).toContain(
      'export const pathGroups: PathGroup[] = [\n  healthPaths,\n  docsPaths,\n  notesPaths,\n  postsPaths,\n  subscriptionsPaths,\n]\n',
    )
    expect(renderRegistry(parseRegistry(renderRegistry(registry), openapiRegistry))).toBe(renderRegistry(registry))
    registry = removeEntry(registry, 'subscriptionsPaths')
    expect(renderRegistry(registry)).toContain('[healthPaths, docsPaths, notesPaths, postsPaths]\n')
  })
})

describe('removeEntry', () => {
  it('removes the import and the route', () => {
    const rendered = renderRegistry(removeEntry(parseRegistry(routes), 'me'))
    expect(rendered).toBe(routes.replace("import { me } from './me'\n", '').replace("  app.route('/me', me)\n", ''))
  })

  it('is a no-op for a name that is not registered', () => {
    const registry = parseRegistry(routes)
    expect(removeEntry(registry, 'posts')).toBe(registry)
  })

  it('undoes addEntry exactly', () => {
    const registry = parseRegistry(routes)
    expect(renderRegistry(removeEntry(addEntry(registry, posts), 'posts'))).toBe(routes)
  })

  it('can empty the registry and fill it again', () => {
    let registry = parseRegistry(routes)
    const entries = registry.entries
    for (const entry of entries) registry = removeEntry(registry, entry.name)
    expect(renderRegistry(registry)).toBe(`${routeHeader}\nexport function registerRoutes(app: Hono<AppEnv>): void {\n}\n`)
    for (const entry of entries) registry = addEntry(registry, entry)
    expect(renderRegistry(registry)).toBe(routes)
  })
})

describe('parseRegistry refuses a file that strayed from its shape', () => {
  const refuse = (source: string, message: string, format = routeRegistry) => {
    expect(() => parseRegistry(source, format)).toThrow(GenError)
    expect(() => parseRegistry(source, format)).toThrow(message)
    expect(() => parseRegistry(source, format)).toThrow(
      `honoforge rewrites this file (${format.rule}); fix it by hand or restore it from git.`,
    )
  }

  it.each([
    ['no registerRoutes', routes.replace('export function registerRoutes(app', 'export function wire(app'), 'cannot find the line starting with "export function registerRoutes(app"'],
    ['no import block', routes.replace(/^import .*\n/gm, ''), 'cannot find its import block'],
    ['a statement among the imports', routes.replace("import { me } from './me'", "import { me } from './me'\nconst x = 1"), 'line 11 should be a module import'],
    ['a default import', routes.replace("import { me } from './me'", "import me from './me'"), 'line 10 should be a module import'],
    ['a body line of another shape', routes.replace("  app.route('/me', me)", "  app.route('/me', me).use(x)"), `line 16 does not match "  app.route('/path', name)"`],
    ['a comment in the body', routes.replace("  app.route('/me', me)", '  // me'), 'line 16 does not match'],
    ['no closing brace', routes.replace(/\}\n$/, ''), 'cannot find the "}" line closing'],
    ['an import without a route', routes.replace("  app.route('/me', me)\n", ''), '"me" is imported but not used'],
    ['a route without an import', routes.replace("import { me } from './me'\n", ''), '"me" is used but not imported'],
    ['a module mounted twice', routes.replace("  app.route('/me', me)\n", "  app.route('/me', me)\n  app.route('/you', me)\n"), '"me" is used twice'],
    ['a module imported twice', routes.replace("import { me } from './me'\n", "import { me } from './me'\nimport { me } from './me2'\n"), 'a module is imported twice'],
  ])('%s', (_, source, message) => refuse(source, message))

  it.each([
    ['no pathGroups', openapi.replace('export const pathGroups', 'export const groups'), 'cannot find the line starting with "export const pathGroups"'],
    ['no closing bracket', openapi.replace('notesPaths]', 'notesPaths'), 'the pathGroups array must be assigned with "= [" and close with "]"'],
    ['a call in the array', openapi.replace('docsPaths,', 'docs(),'), '"docs()" is not a name in the array'],
    ['a group not imported', openapi.replace('notesPaths]', 'notesPaths, usersPaths]'), '"usersPaths" is used but not imported'],
  ])('%s (OpenAPI registry)', (_, source, message) => refuse(source, message, openapiRegistry))
})

describe('the service template', () => {
  // The registries the create flow renders must parse and round-trip, in every variant.
  const render = async (path: string, data: object) => {
    const { default: Handlebars } = await import('handlebars')
    const { readFile } = await import('node:fs/promises')
    const source = await readFile(new URL(`../../../templates/service/${path}`, import.meta.url), 'utf8')
    return Handlebars.compile(source, { noEscape: true })(data)
  }
  const variants = [
    { jwt: true, d1: true },
    { jwt: false, d1: true },
    { jwt: true, d1: false },
    { jwt: false, d1: false },
  ]

  it.each(variants)('renders registries that parse and round-trip (%o)', async (data) => {
    for (const [path, format] of [
      ['src/routes/index.ts.hbs', routeRegistry],
      ['src/openapi/registry.ts.hbs', openapiRegistry],
    ] as const) {
      const source = await render(path, data)
      const registry = parseRegistry(source, format)
      expect(renderRegistry(registry)).toBe(source)
      expect(registry.entries.map((entry) => entry.name)).toContain(format === routeRegistry ? 'health' : 'healthPaths')
      const added = addEntry(registry, format.entryFor(inflect('posts')))
      expect(renderRegistry(removeEntry(added, format.entryFor(inflect('posts')).name))).toBe(source)
    }
  })
})
