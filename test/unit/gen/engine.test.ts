/**
 * The engine's modules composed the way `gen resource` / `destroy resource` will compose them,
 * on the route registry, config and migrations the service template renders.
 */
import { createHash } from 'node:crypto'
import { lstat, mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createTemplateContext, renderTemplate } from '../../../src/create/render.js'
import { serviceTemplate } from '../../../src/create/template.js'
import { applyPlan } from '../../../src/gen/apply.js'
import { parseFields } from '../../../src/gen/fields.js'
import {
  manifestChange,
  manifestFiles,
  readManifest,
  recordGeneration,
  removeGeneration,
} from '../../../src/gen/manifest.js'
import { listMigrations, planMigration } from '../../../src/gen/migrations.js'
import { inflect } from '../../../src/gen/names.js'
import { type Change, type FileChange, planChanges } from '../../../src/gen/plan.js'
import { addEntry, parseRegistry, removeEntry, renderRegistry, routeRegistry } from '../../../src/gen/registry.js'

let root: string
beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'honoforge-engine-')))
  // The files the engine edits, as create renders them (the notes resource included); no
  // manifest, so the run under test is the only one recorded.
  const context = createTemplateContext({ name: 'api', db: 'd1', auth: 'jwt', docs: true, pm: 'npm' })
  const service = await renderTemplate(serviceTemplate, context)
  for (const path of ['src/routes/index.ts', 'wrangler.jsonc', 'migrations/0001_create_notes.sql']) {
    const content = service.get(path)
    if (content === undefined) throw new Error(`the rendered service has no ${path}`)
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), content)
  }
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

async function snapshot(dir = root, prefix = ''): Promise<Record<string, string>> {
  const tree: Record<string, string> = {}
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name)
    if ((await lstat(path)).isDirectory()) Object.assign(tree, await snapshot(path, `${prefix}${name}/`))
    else
      tree[`${prefix}${name}`] = createHash('sha256')
        .update(await readFile(path))
        .digest('hex')
  }
  return tree
}

const text = (path: string) => readFile(join(root, path), 'utf8')

async function registryEdit(
  format: typeof routeRegistry,
  edit: (r: ReturnType<typeof parseRegistry>) => ReturnType<typeof parseRegistry>,
) {
  return {
    path: format.path,
    content: renderRegistry(edit(parseRegistry(await text(format.path), format))),
    edit: true,
  }
}

async function genResource(name: string, specs: string[], options = {}) {
  const resource = inflect(name)
  const fields = parseFields(specs)
  const files: FileChange[] = [
    {
      path: `src/routes/${resource.kebab}/index.ts`,
      content: `export const ${resource.camelPlural} = '${specs.join(' ')}'\n`,
    },
    planMigration(await listMigrations(root), `create_${resource.snake}`, fields),
  ]
  const manifest = recordGeneration(await readManifest(root), {
    generator: 'resource',
    name: resource.snake,
    files: manifestFiles(files),
    args: { fields: specs },
  })
  const changes: Change[] = [
    ...files,
    await registryEdit(routeRegistry, (r) => addEntry(r, routeRegistry.entryFor(resource))),
    manifestChange(manifest),
  ]
  return planChanges(root, changes, await readManifest(root), options)
}

async function destroyResource(name: string) {
  const resource = inflect(name)
  const before = await readManifest(root)
  const recorded = before.generated.find((g) => g.generator === 'resource' && g.name === resource.snake)
  const changes: Change[] = [
    // Migrations that may have been applied are never deleted: a new one drops the table.
    ...(recorded?.files ?? [])
      .filter((f) => !f.path.startsWith('migrations/'))
      .map((f) => ({ path: f.path, delete: true as const })),
    planMigration(await listMigrations(root), `drop_${resource.snake}`, []),
    await registryEdit(routeRegistry, (r) => removeEntry(r, routeRegistry.entryFor(resource).name)),
    manifestChange(removeGeneration(before, 'resource', resource.snake)),
  ]
  return planChanges(root, changes, before)
}

it('generates, re-runs as a no-op, and destroys back to the original tree plus a drop migration', async () => {
  const original = await snapshot()
  await applyPlan(await genResource('posts', ['title:string', 'author:references(users)?']))
  expect(await text('src/routes/index.ts')).toContain("import { posts } from './posts'\n\nexport")
  expect(await text('src/routes/index.ts')).toContain("  app.route('/notes', notes)\n  app.route('/posts', posts)\n}")
  expect(await text('migrations/0002_create_posts.sql')).toContain(
    'author_id TEXT REFERENCES users(id) ON DELETE SET NULL',
  )
  const generated = await snapshot()

  const rerun = await genResource('post', ['title:string', 'author:references(users)?'])
  expect(rerun.entries.map((e) => e.outcome)).toEqual(['identical', 'identical', 'identical', 'identical'])
  await applyPlan(rerun)
  expect(await snapshot()).toEqual(generated)

  await applyPlan(await destroyResource('posts'))
  const destroyed = await snapshot()
  expect(await text('migrations/0003_drop_posts.sql')).toBe('DROP TABLE posts;\n')
  const {
    'migrations/0002_create_posts.sql': created,
    'migrations/0003_drop_posts.sql': dropped,
    '.honoforge/manifest.json': manifest,
    ...rest
  } = destroyed
  expect([created, dropped, manifest].every(Boolean)).toBe(true)
  expect(rest).toEqual(original)
  expect(JSON.parse(await text('.honoforge/manifest.json'))).toEqual({ generated: [], version: 1 })

  // Generating again after a destroy adds a new create migration after the drop.
  await applyPlan(await genResource('posts', ['title:string']))
  expect(await listMigrations(root)).toEqual([
    '0001_create_notes.sql',
    '0002_create_posts.sql',
    '0003_drop_posts.sql',
    '0004_create_posts.sql',
  ])
})

it('regenerating with other fields updates files still as generated, but not ones the user changed or migrations', async () => {
  await applyPlan(await genResource('posts', ['title:string']))
  const changed = await genResource('posts', ['title:string', 'body:text?'])
  expect(changed.entries.map((e) => [e.path, e.outcome])).toEqual([
    ['src/routes/posts/index.ts', 'update'],
    ['migrations/0002_create_posts.sql', 'conflict'],
    ['src/routes/index.ts', 'identical'],
    ['.honoforge/manifest.json', 'update'],
  ])
  await writeFile(join(root, 'src/routes/posts/index.ts'), '// my edits\n')
  const conflicting = await genResource('posts', ['title:string', 'body:text?'])
  expect(conflicting.entries[0]).toMatchObject({ outcome: 'conflict', reason: 'exists with different content' })
  expect(conflicting.entries[1]).toMatchObject({
    outcome: 'conflict',
    reason: 'exists with different content and may already be applied',
  })
  const before = await snapshot()
  await expect(applyPlan(conflicting)).rejects.toThrow('src/routes/posts/index.ts (exists with different content)')
  expect(await snapshot()).toEqual(before)
  await applyPlan(await genResource('posts', ['title:string', 'body:text?'], { skip: true }))
  expect(await text('src/routes/posts/index.ts')).toBe('// my edits\n')
  expect(await text('migrations/0002_create_posts.sql')).not.toContain('body')
  await applyPlan(await genResource('posts', ['title:string', 'body:text?'], { force: true }))
  expect(await text('src/routes/posts/index.ts')).not.toBe('// my edits\n')
  expect(await text('migrations/0002_create_posts.sql')).toContain('body TEXT,')
})
