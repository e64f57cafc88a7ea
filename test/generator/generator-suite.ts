import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { type ParseError, parse } from 'jsonc-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTemplateContext, matches, renderTemplate } from '../../src/create/render.js'
import { type Auth, type Db, dbChoices, type TemplateConfig, type TemplateContext } from '../../src/create/template.js'
import { writeTree } from '../../src/create/write.js'

export interface Combination {
  db: Db
  auth: Auth
  docs: boolean
}

/** Every combination of the template's options: 3 × 2 × 2. */
export const combinations: Combination[] = dbChoices.flatMap((db) =>
  (['jwt', 'none'] as const).flatMap((auth) => [true, false].map((docs) => ({ db, auth, docs }))),
)

export const label = ({ db, auth, docs }: Combination) => `--db ${db} --auth ${auth} --${docs ? '' : 'no-'}docs`

// What Handlebars' HTML escaping would leave behind in code if noEscape were lost.
const entities = ['&amp;', '&quot;', '&#x27;', '&lt;', '&gt;', '&#x3D;', '&#x60;']

/**
 * The generator checks, shared by the real service template and the fixture: each
 * combination is rendered and written through the real write path into a temp directory,
 * then the files on disk are checked.
 */
export function describeGenerator(name: string, template: TemplateConfig, root?: string): void {
  describe(name, () => {
    let scratch: string
    const written = new Map<string, { context: TemplateContext; dir: string; files: string[] }>()
    // The files each addition (a generator run at render time) adds to the full tree.
    const addedBy = new Map<string, string[]>()

    beforeAll(async () => {
      scratch = await mkdtemp(join(tmpdir(), `honoforge-gen-${template.id}-`))
      for (const [index, combination] of combinations.entries()) {
        const context = createTemplateContext({ name: 'my-api', pm: 'npm', ...combination })
        const dir = join(scratch, `p${index}`, 'my-api')
        await writeTree(dir, await renderTemplate(template, context, root))
        written.set(label(combination), { context, dir, files: await listFiles(dir) })
      }
      const full = createTemplateContext({ name: 'my-api', pm: 'npm', db: 'd1', auth: 'jwt', docs: true })
      const fullTree = await renderTemplate(template, full, root)
      for (const addition of template.additions ?? []) {
        const others = (template.additions ?? []).filter((other) => other !== addition)
        const without = await renderTemplate({ ...template, additions: others }, full, root)
        addedBy.set(
          addition.name,
          [...fullTree.keys()].filter((path) => !without.has(path)),
        )
      }
    })
    afterAll(async () => {
      await rm(scratch, { recursive: true, force: true })
    })

    const get = (combination: Combination) => {
      const result = written.get(label(combination))
      if (!result) throw new Error(`not generated: ${label(combination)}`)
      return result
    }

    it.each(combinations.map((c) => [label(c), c] as const))('%s: file list', (_, combination) => {
      expect(get(combination).files).toMatchSnapshot()
    })

    it.each(combinations.map((c) => [label(c), c] as const))(
      '%s: exactly the files the descriptor selects',
      (_, combination) => {
        // Every file any combination writes, minus every file of a feature that is off and every
        // file an addition that is off would add, is what must be on disk.
        const full = [...new Set([...written.values()].flatMap(({ files }) => files))].sort()
        const { context, files } = get(combination)
        const off = template.features.filter((feature) => !feature.when(context))
        const additions = template.additions ?? []
        const notAdded = new Set(
          additions
            .filter((addition) => !addition.when(context))
            .flatMap((addition) => addedBy.get(addition.name) ?? []),
        )
        const expected = full.filter(
          (file) => !off.some((feature) => feature.paths.some((path) => matches(path, file))) && !notAdded.has(file),
        )
        expect(files).toEqual(expected)
        for (const feature of template.features.filter((f) => f.when(context))) {
          for (const path of feature.paths)
            expect(
              files.some((file) => matches(path, file)),
              `${feature.name}: ${path}`,
            ).toBe(true)
        }
        for (const addition of additions) {
          const added = addedBy.get(addition.name) ?? []
          expect(added.length, `${addition.name} adds no file`).toBeGreaterThan(0)
          if (addition.when(context)) expect(files, addition.name).toEqual(expect.arrayContaining(added))
        }
      },
    )

    it.each(combinations.map((c) => [label(c), c] as const))(
      '%s: every file is well formed',
      async (_, combination) => {
        const { dir, files } = get(combination)
        expect(files).toContain('.gitignore')
        expect(files).toContain('package.json')
        for (const file of files) {
          const base = file.split('/')
          expect(
            base.some((segment) => segment.startsWith('_')),
            `${file} keeps a _ prefix`,
          ).toBe(false)
          expect(file.endsWith('.hbs'), `${file} keeps .hbs`).toBe(false)
          const text = await readFile(join(dir, file), 'utf8')
          for (const entity of entities) expect(text.includes(entity), `${file} contains ${entity}`).toBe(false)
          // `${{ ... }}` is GitHub Actions syntax in workflows; any other `{{` is an unrendered placeholder.
          expect(/(?<!\$)\{\{/.test(text), `${file} contains an unrendered {{`).toBe(false)
          // tsconfig files are JSON with comments (TypeScript's own format); every other .json is strict JSON.
          const tsconfig = /(^|\/)tsconfig(\.[\w-]+)?\.json$/.test(file)
          if (file.endsWith('.json') && !tsconfig) expect(() => JSON.parse(text), file).not.toThrow()
          if (file.endsWith('.jsonc') || tsconfig) {
            const errors: ParseError[] = []
            parse(text, errors, { allowTrailingComma: true })
            expect(errors, file).toEqual([])
          }
        }
        expect(JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')).name).toBe('my-api')
        if (files.includes('wrangler.jsonc')) {
          expect(parse(await readFile(join(dir, 'wrangler.jsonc'), 'utf8')).name).toBe('my-api')
        }
      },
    )

    it('renders the same tree twice from the same context', async () => {
      const context = createTemplateContext({ name: 'my-api', pm: 'pnpm', db: 'd1', auth: 'jwt', docs: true })
      expect(await renderTemplate(template, context, root)).toEqual(await renderTemplate(template, context, root))
    })
  })
}

/** Every file under `dir` as a sorted, `/`-separated relative path. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort()
}
