// The published CLI renders its templates from the table the build precompiles
// (src/handlebars/precompile.ts); running from source compiles them. Both must write the same
// files: every template is rendered here both ways, with the data the create flow and the
// generators really give it.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, assert, beforeAll, describe, expect, it, vi } from 'vitest'
import { createTemplateContext, renderTemplate } from '../../src/create/render.js'
import { authChoices, dbChoices, serviceTemplate } from '../../src/create/template.js'
import { writeTree } from '../../src/create/write.js'
import { generateAuth } from '../../src/gen/commands/auth.js'
import { generateChannel } from '../../src/gen/commands/channel.js'
import { generateCron } from '../../src/gen/commands/cron.js'
import { generateEndpoint } from '../../src/gen/commands/endpoint.js'
import { generateMiddleware } from '../../src/gen/commands/middleware.js'
import { generateQueue } from '../../src/gen/commands/queue.js'
import { generateResource } from '../../src/gen/commands/resource.js'
import { recordGeneration } from '../../src/gen/manifest.js'
import { openProject, type Project } from '../../src/gen/project.js'
import { sharedFiles } from '../../src/gen/shared-files.js'
import type * as Handlebars from '../../src/handlebars/index.js'
import { type TemplateOptions, templateKey } from '../../src/handlebars/options.js'
import { precompiledModule, readShippedTemplates } from '../../src/handlebars/precompile.js'
import { packageInfo } from '../../src/package-info.js'

// Every template rendered during the test, with its data, as the renderer received it.
const rendered = vi.hoisted(() => [] as { source: string; data: object; options: { strict: boolean } }[])
vi.mock('../../src/handlebars/index.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/handlebars/index.js')>()
  return {
    ...actual,
    renderHandlebars: (source: string, data: object, options: TemplateOptions, ...rest: []) => {
      rendered.push({ source, data: structuredClone(data), options })
      return actual.renderHandlebars(source, data, options, ...rest)
    },
  }
})

const noCompiler = () => Promise.reject(new Error('the precompiled table lacks this template'))
let dir: string
let table: Handlebars.PrecompiledTemplates
// The renderer itself, not the recording stand-in the modules under test import.
let handlebars: typeof Handlebars

beforeAll(async () => {
  handlebars = await vi.importActual<typeof Handlebars>('../../src/handlebars/index.js')
  dir = await mkdtemp(join(tmpdir(), 'honoforge-precompiled-'))
  // The module the build bundles in place of src/handlebars/precompiled.ts.
  const file = join(dir, 'precompiled.mjs')
  await writeFile(file, precompiledModule(await readShippedTemplates(packageInfo().root)))
  table = ((await import(pathToFileURL(file).href)) as { precompiledTemplates: Handlebars.PrecompiledTemplates })
    .precompiledTemplates
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('the precompiled templates', () => {
  it('Should hold every template the package ships, under the options it is rendered with', async () => {
    const shipped = await readShippedTemplates(packageInfo().root)
    expect(shipped.length).toBeGreaterThan(20)
    for (const { source, options } of shipped) expect(Object.hasOwn(table, templateKey(source, options))).toBe(true)
    // The generators' templates are compiled strict (a missing input fails): all of them.
    const generatorFiles = await readdir(join(packageInfo().root, 'generator'), { recursive: true })
    const generatorTemplates = generatorFiles.filter((file) => file.endsWith('.hbs'))
    expect(shipped.filter(({ options }) => options.strict).length).toBe(generatorTemplates.length)
  })

  it('Should render every template as the compiler does, with the data create and gen give it', async () => {
    rendered.length = 0
    for (const db of dbChoices) {
      for (const auth of authChoices) {
        for (const [docs, pm] of [
          [true, 'npm'],
          [false, 'pnpm'],
          [true, 'yarn'],
          [false, 'bun'],
        ] as const) {
          await renderTemplate(serviceTemplate, createTemplateContext({ name: 'svc', db, auth, docs, pm }))
        }
      }
    }
    const service = async (db: 'd1' | 'postgres') => {
      const root = join(dir, `svc-${db}`)
      const context = createTemplateContext({ name: 'svc', db, auth: 'jwt', docs: true, pm: 'npm' })
      await writeTree(root, await renderTemplate(serviceTemplate, context))
      return openProject(root)
    }
    const project = await service('d1')
    const fields = [
      'title:string!',
      'body:text?',
      'count:integer',
      'score:number?',
      'done:boolean',
      'at:datetime?',
      'day:date',
      'mail:email?',
      'site:url',
      'ref:uuid?',
      'meta:json?',
      'status:enum(draft|live)',
      'note:references(notes)?',
    ]
    await generateResource(project, { name: 'posts', fields })
    await generateResource(project, { name: 'tags', fields: ['label:string'], public: true })
    await generateEndpoint(project, {
      name: 'publish-note',
      method: 'post',
      path: '/notes/:id/publish',
      query: ['dry:boolean?'],
      body: ['at:datetime', 'why:text?'],
    })
    await generateEndpoint(project, {
      name: 'search',
      method: 'get',
      path: '/search',
      query: ['term:string', 'limit:integer?'],
      body: [],
      public: true,
    })
    await generateMiddleware(project, { name: 'audit-log' })
    await generateAuth(project)
    await generateAuth(project, { alg: 'es256' })
    const postgresProject = await service('postgres')
    await generateAuth(postgresProject, { cookie: true })
    await generateChannel(project, { name: 'chat' })
    await generateChannel(project, { name: 'lobby', public: true })
    await generateCron(project, { name: 'nightly-report', schedule: '0 3 * * MON' })
    await sharedFiles(project, 'cron', [{ name: 'nightly-report', args: { schedule: '0 3 * * MON' } }])
    // The accounts cleanup job needs recorded accounts: recorded here without running gen auth.
    const withAccounts = (service: Project): Project => ({
      ...service,
      manifest: recordGeneration(service.manifest, { generator: 'auth', name: 'auth', files: [], args: {} }),
    })
    await generateCron(withAccounts(project), { name: 'auth-cleanup', schedule: '17 3 * * *' })
    await generateCron(withAccounts(postgresProject), { name: 'auth-cleanup', schedule: '17 3 * * *' })
    await generateQueue(project, { name: 'emails' })
    await generateQueue(postgresProject, { name: 'welcome-emails' })
    // The files all queues share are rendered by the pipeline, from every recorded run.
    await sharedFiles(project, 'queue', [
      { name: 'emails', args: {} },
      { name: 'welcome-emails', args: {} },
    ])

    const sources = new Set(rendered.map(({ source }) => source))
    expect(sources.size).toBe((await readShippedTemplates(packageInfo().root)).length)
    for (const { source, data, options } of [...rendered]) {
      const precompiled = await handlebars.renderHandlebars(source, data, options, noCompiler, table)
      expect(precompiled).toBe(await handlebars.renderHandlebars(source, data, options, undefined, {}))
    }
  })

  it('Should keep strict templates strict: an input they name must be given', async () => {
    const shipped = await readShippedTemplates(packageInfo().root)
    // The `gen middleware` template: the service template's auth middleware uses createMiddleware too.
    const middleware = shipped.find(({ source }) => source.includes('createMiddleware<AppEnv>(async function {{'))
    assert(middleware, 'no shipped template writes a middleware')
    expect(middleware.options.strict).toBe(true)
    await expect(
      handlebars.renderHandlebars(middleware.source, { middleware: {} }, middleware.options, noCompiler, table),
    ).rejects.toThrow(/"\w+" not defined/)
  })

  it('Should compile a template it does not hold, with the compiler it is given', async () => {
    const options = { strict: true }
    await expect(
      handlebars.renderHandlebars('{{a}} & {{b}}', { a: '<x>', b: 'y' }, options, noCompiler, table),
    ).rejects.toThrow(/lacks/)
    expect(await handlebars.renderHandlebars('{{a}} & {{b}}', { a: '<x>', b: 'y' }, options)).toBe('<x> & y')
  })
})
