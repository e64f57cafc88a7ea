import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTemplateContext, matches, outputPath, renderTemplate } from '../../src/create/render.js'
import { compatibilityDate, serviceTemplate, type TemplateConfig } from '../../src/create/template.js'
import { packageInfo } from '../../src/package-info.js'
import { fixturesRoot, miniTemplate } from '../fixtures/mini-template.js'

const defaults = { name: 'my-api', db: 'd1', auth: 'jwt', docs: true, pm: 'npm' } as const

describe('outputPath', () => {
  it.each([
    ['_gitignore', '.gitignore'],
    ['_dev.vars.hbs', '.dev.vars'],
    ['_github/workflows/ci.yml', '.github/workflows/ci.yml'],
    ['src/_internal/x.ts', 'src/.internal/x.ts'],
    ['package.json.hbs', 'package.json'],
    ['src/a_b.ts', 'src/a_b.ts'],
    ['notes.hbs.md', 'notes.hbs.md'],
  ])('%s → %s', (from, to) => {
    expect(outputPath(from)).toBe(to)
  })
})

describe('matches', () => {
  it('treats a trailing slash as a directory prefix and anything else as an exact path', () => {
    expect(matches('src/db/', 'src/db/schema.ts')).toBe(true)
    expect(matches('src/db/', 'src/dbx/schema.ts')).toBe(false)
    expect(matches('src/me.ts', 'src/me.ts')).toBe(true)
    expect(matches('src/me.ts', 'src/me.tsx')).toBe(false)
  })
})

describe('createTemplateContext', () => {
  it('adds derived flags, the package version, a fresh secret and the compatibility date', () => {
    const a = createTemplateContext(defaults)
    const b = createTemplateContext({ ...defaults, db: 'none', auth: 'none' })
    const c = createTemplateContext({ ...defaults, auth: 'jwks' })
    expect(a).toMatchObject({ d1: true, hasAuth: true, jwt: true, jwks: false })
    expect(a).toMatchObject({ honoforgeVersion: packageInfo().version, compatibilityDate })
    expect(b).toMatchObject({ d1: false, hasAuth: false, jwt: false, jwks: false })
    // "Has auth" and "how tokens are checked" are separate flags: jwks has auth and no HS256 secret.
    expect(c).toMatchObject({ hasAuth: true, jwt: false, jwks: true })
    expect(a.jwtSecret).toMatch(/^[0-9a-f]{64}$/)
    expect(a.jwtSecret).not.toBe(b.jwtSecret)
  })
})

describe('renderTemplate (fixture)', () => {
  it('renders .hbs files without HTML escaping and copies the rest verbatim', async () => {
    const tree = await renderTemplate(miniTemplate, createTemplateContext(defaults), fixturesRoot)
    const index = tree.get('src/index.ts') ?? ''
    expect(index).toContain(`a && b, "quoted", 'single', a < b, x = y`)
    expect(index).toContain("name: 'my-api'")
    expect(index).toContain("import { auth } from './middleware/auth'")
    expect(tree.get('.github/workflows/ci.yml')).toContain('${{ matrix.node }}')
    expect(JSON.parse(tree.get('package.json') ?? '')).toMatchObject({
      name: 'my-api',
      description: `Tom & Jerry's <api> = "fixture"`,
      honoforge: { version: packageInfo().version },
    })
    expect(tree.get('README.md')).toContain('Run `npm run dev`.')
  })

  it('leaves out the files of features that are off', async () => {
    const all = await renderTemplate(miniTemplate, createTemplateContext(defaults), fixturesRoot)
    const none = await renderTemplate(
      miniTemplate,
      createTemplateContext({ ...defaults, db: 'none', auth: 'none', docs: false }),
      fixturesRoot,
    )
    expect([...all.keys()]).toEqual([
      '.dev.vars',
      '.github/workflows/ci.yml',
      '.gitignore',
      'README.md',
      'migrations/0001_init.sql',
      'package.json',
      'src/db/schema.ts',
      'src/index.ts',
      'src/middleware/auth.ts',
      'src/routes/docs.ts',
      'wrangler.jsonc',
    ])
    expect([...none.keys()]).toEqual([
      '.github/workflows/ci.yml',
      '.gitignore',
      'README.md',
      'package.json',
      'src/index.ts',
      'wrangler.jsonc',
    ])
    expect(none.get('src/index.ts')).not.toContain('auth')
  })

  it('gives a jwks service the auth files, its key cache and tests, and no HS256 secret', async () => {
    const render = (auth: 'jwt' | 'jwks') =>
      renderTemplate(serviceTemplate, createTemplateContext({ ...defaults, auth }))
    const [jwtTree, jwksTree] = await Promise.all([render('jwt'), render('jwks')])
    const [jwt, jwks] = [[...jwtTree.keys()], [...jwksTree.keys()]]
    const jwksOnly = ['src/lib/jwks.ts', 'test/identity-provider.ts', 'test/jwks.test.ts']
    expect(jwks.filter((path) => !jwt.includes(path))).toEqual(jwksOnly)
    expect(jwt.filter((path) => !jwks.includes(path))).toEqual(['.dev.vars', '.dev.vars.example'])
    expect(jwks).toEqual(
      expect.arrayContaining(['src/middleware/auth.ts', 'src/routes/me/index.ts', 'test/auth.test.ts']),
    )
    expect([...jwksTree].filter(([, content]) => content.includes('JWT_SECRET')).map(([path]) => path)).toEqual([])
  })

  it('throws when the template folder is missing', async () => {
    await expect(
      renderTemplate({ id: 'nope', features: [] }, createTemplateContext(defaults), fixturesRoot),
    ).rejects.toThrow(/Template "nope" not found/)
  })

  it('throws when a feature path matches no file (descriptor drift)', async () => {
    const drifted: TemplateConfig = {
      id: 'mini',
      features: [{ name: 'd1', when: () => true, paths: ['migrations/', 'src/db/client.ts'] }],
    }
    await expect(renderTemplate(drifted, createTemplateContext(defaults), fixturesRoot)).rejects.toThrow(
      /match no file in the template: d1: src\/db\/client\.ts/,
    )
  })

  describe('with a scratch copy of the fixture', () => {
    let root: string
    beforeEach(async () => {
      root = await mkdtemp(join(tmpdir(), 'honoforge-render-'))
      await cp(join(fixturesRoot, 'mini'), join(root, 'mini'), { recursive: true })
    })
    afterEach(async () => {
      await rm(root, { recursive: true, force: true })
    })

    it('throws when two template files produce the same output path', async () => {
      await writeFile(join(root, 'mini', '.gitignore'), 'dist/\n')
      await expect(renderTemplate(miniTemplate, createTemplateContext(defaults), root)).rejects.toThrow(
        /\.gitignore and _gitignore both produce \.gitignore/,
      )
    })

    it('names the file when Handlebars cannot compile it', async () => {
      await writeFile(join(root, 'mini', 'broken.ts.hbs'), '{{#if d1}}unclosed')
      await expect(renderTemplate(miniTemplate, createTemplateContext(defaults), root)).rejects.toThrow(
        /Cannot render template file mini\/broken\.ts\.hbs/,
      )
    })
  })
})
