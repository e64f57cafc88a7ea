import { describe, expect, it } from 'vitest'
import { GenError } from '../../../src/gen/errors.js'
import { inflect } from '../../../src/gen/names.js'
import { addEntry, parseRegistry, removeEntry, renderRegistry, routeRegistry } from '../../../src/gen/registry.js'

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

  it.each([
    ['route registry', routes, routeRegistry],
    ['route registry without a trailing newline', routes.trimEnd(), routeRegistry],
    [
      'route registry with no modules',
      `${routeHeader}\nexport function registerRoutes(app: Hono<AppEnv>): void {\n}\n`,
      routeRegistry,
    ],
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
        .replace(
          "import { docs } from './docs'",
          "import { comments } from './comments'\nimport { docs } from './docs'",
        )
        .replace(
          "  app.route('/notes', notes)\n",
          "  app.route('/notes', notes)\n  app.route('/comments', comments)\n",
        ),
    )
  })

  it('uses the resource forms: camel plural module, kebab path', () => {
    expect(routeRegistry.entryFor(inflect('BlogPost'))).toEqual({
      name: 'blogPosts',
      from: './blog-posts',
      mount: '/blog-posts',
    })
  })

  it('appends the import when the imports are not sorted', () => {
    const unsorted = routes.replace(
      "import { docs } from './docs'\nimport { health } from './health'",
      "import { health } from './health'\nimport { docs } from './docs'",
    )
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
    expect(renderRegistry(registry)).toBe(
      `${routeHeader}\nexport function registerRoutes(app: Hono<AppEnv>): void {\n}\n`,
    )
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
    [
      'no registerRoutes',
      routes.replace('export function registerRoutes(app', 'export function wire(app'),
      'cannot find the line starting with "export function registerRoutes(app"',
    ],
    ['no import block', routes.replace(/^import .*\n/gm, ''), 'cannot find its import block'],
    [
      'a statement among the imports',
      routes.replace("import { me } from './me'", "import { me } from './me'\nconst x = 1"),
      'line 11 should be a module import',
    ],
    [
      'a default import',
      routes.replace("import { me } from './me'", "import me from './me'"),
      'line 10 should be a module import',
    ],
    [
      'a body line of another shape',
      routes.replace("  app.route('/me', me)", "  app.route('/me', me).use(x)"),
      `line 16 does not match "  app.route('/path', name)"`,
    ],
    ['a comment in the body', routes.replace("  app.route('/me', me)", '  // me'), 'line 16 does not match'],
    ['no closing brace', routes.replace(/\}\n$/, ''), 'cannot find the "}" line closing'],
    ['an import without a route', routes.replace("  app.route('/me', me)\n", ''), '"me" is imported but not used'],
    ['a route without an import', routes.replace("import { me } from './me'\n", ''), '"me" is used but not imported'],
    [
      'a module mounted twice',
      routes.replace("  app.route('/me', me)\n", "  app.route('/me', me)\n  app.route('/you', me)\n"),
      '"me" is used twice',
    ],
    [
      'a module imported twice',
      routes.replace("import { me } from './me'\n", "import { me } from './me'\nimport { me } from './me2'\n"),
      'a module is imported twice',
    ],
  ])('%s', (_, source, message) => refuse(source, message))
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
    for (const [path, format] of [['src/routes/index.ts.hbs', routeRegistry]] as const) {
      const source = await render(path, data)
      const registry = parseRegistry(source, format)
      expect(renderRegistry(registry)).toBe(source)
      expect(registry.entries.map((entry) => entry.name)).toContain(format === routeRegistry ? 'health' : 'healthPaths')
      const added = addEntry(registry, format.entryFor(inflect('posts')))
      expect(renderRegistry(removeEntry(added, format.entryFor(inflect('posts')).name))).toBe(source)
    }
  })
})
