import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { nodeFs } from '../../src/gen/fs-layer.js'
import { createProject, fullSnapshot, recordOf, type TestProject } from './gen-project.js'

let project: TestProject | undefined
afterEach(async () => {
  vi.restoreAllMocks()
  await project?.remove()
  project = undefined
})

/** A platform team's plopfile: a helper, three prompts, and add, modify and append actions. */
const plopfile = `export default function (plop) {
  plop.setHelper('shout', (text) => text.toUpperCase())
  plop.setGenerator('service-module', {
    description: 'A module of the platform team, listed in src/modules.ts and docs/modules.md',
    prompts: [
      { type: 'input', name: 'name', message: 'Module name' },
      { type: 'list', name: 'kind', message: 'Kind', choices: ['worker', 'client'], default: 'worker' },
      { type: 'confirm', name: 'logged', message: 'Log its calls?', default: false },
    ],
    actions: [
      'a comment line, as plop allows',
      { type: 'add', path: 'src/modules/{{kebabCase name}}.ts', templateFile: 'plop-templates/module.ts.hbs' },
      {
        type: 'modify',
        path: 'src/modules.ts',
        pattern: /(\\/\\/ modules)/,
        template: "$1\\nexport * from './modules/{{kebabCase name}}'",
      },
      { type: 'append', path: 'docs/modules.md', template: '- {{shout name}} ({{kind}})' },
    ],
  })
  plop.setGenerator('docs-kit', {
    description: 'Docs pages from a folder of templates',
    prompts: [{ type: 'checkbox', name: 'topics', message: 'Topics', choices: ['setup', 'deploy'] }],
    actions: [
      {
        type: 'addMany',
        destination: 'docs/kit',
        base: 'plop-templates/kit',
        templateFiles: 'plop-templates/kit/**',
        data: { team: 'platform' },
      },
      { type: 'add', path: 'docs/modules.md', template: 'never written', skipIfExists: true },
    ],
  })
  plop.setGenerator('custom', {
    description: 'Ends with a function honoforge cannot plan',
    prompts: [],
    actions: [{ type: 'add', path: 'custom.txt', template: 'custom' }, () => 'done'],
  })
}
`

const moduleTemplate =
  "/** The {{name}} module ({{kind}}). */\nexport const {{camelCase name}} = { kind: '{{kind}}', logged: {{logged}} }\n"
const modulesIndex = '/** Every module of the platform. */\n// modules\n'
const modulesDoc = '# Modules'

/** A service with the team's plopfile and the files its actions edit. */
async function serviceWithPlopfile(): Promise<TestProject> {
  const service = await createProject({ db: 'none', auth: 'none' })
  await service.write('plopfile.mjs', plopfile)
  await service.write('plop-templates/module.ts.hbs', moduleTemplate)
  await service.write('src/modules.ts', modulesIndex)
  await service.write('docs/modules.md', modulesDoc)
  await service.write('plop-templates/kit/index.md.hbs', '# Kit of {{team}}\n{{#each topics}}- {{this}}\n{{/each}}')
  await service.write('plop-templates/kit/guides/setup.md.hbs', 'Setup by {{team}}\n')
  return service
}

const billing = ['gen', 'service-module', '--name', 'billing-api', '--kind', 'client']

describe('honoforge gen <team generator> (a plopfile generator)', () => {
  it('Should preview with diffs, apply, record in the manifest, and re-run as a no-op', async () => {
    project = await serviceWithPlopfile()
    const before = await project.snapshot()
    const dry = await project.run(...billing, '--dry-run')
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toContain('create     src/modules/billing-api.ts')
    expect(dry.stdout).toContain('update     src/modules.ts')
    expect(dry.stdout).toContain("+export * from './modules/billing-api'")
    expect(dry.stdout).toContain('+- BILLING-API (client)')
    expect(dry.stdout).toContain('Dry run: nothing was written.')
    expect(await project.snapshot()).toEqual(before)

    const run = await project.run(...billing)
    expect(run.code, run.stderr).toBe(0)
    expect(await project.read('src/modules/billing-api.ts')).toBe(
      "/** The billing-api module (client). */\nexport const billingApi = { kind: 'client', logged: false }\n",
    )
    expect(await project.read('src/modules.ts')).toBe(`${modulesIndex}export * from './modules/billing-api'\n`)
    expect(await project.read('docs/modules.md')).toBe('# Modules\n- BILLING-API (client)')
    const record = await recordOf(project, 'service-module/billing-api')
    expect(record.generator).toBe('plop')
    expect(record.files.map((file: { path: string }) => file.path)).toEqual(['src/modules/billing-api.ts'])
    expect(record.args.generator).toBe('service-module')
    expect(record.args.answers).toEqual({ name: 'billing-api', kind: 'client', logged: false })
    expect(record.args.edits.map((edit: { path: string }) => edit.path).sort()).toEqual([
      'docs/modules.md',
      'src/modules.ts',
    ])

    // The modify pattern still matches: plop would insert the line twice; the engine replays on the file as it was.
    const generated = await project.snapshot()
    const again = await project.run(...billing)
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).not.toMatch(/^(create|update) /m)
    expect(await project.snapshot()).toEqual(generated)

    // Another answer replaces the run's edits instead of piling them up.
    const worker = await project.run('gen', 'service-module', '--name', 'billing-api', '--kind', 'worker')
    expect(worker.code, worker.stderr).toBe(0)
    expect(await project.read('docs/modules.md')).toBe('# Modules\n- BILLING-API (worker)')
    expect(await project.read('src/modules.ts')).toBe(`${modulesIndex}export * from './modules/billing-api'\n`)
  })

  it('Should add many files from a folder of templates, and skip an existing file with skipIfExists', async () => {
    project = await serviceWithPlopfile()
    const result = await project.run('gen', 'docs-kit', '--topics', 'setup,deploy')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('docs-kit action #2 (add) skipped: docs/modules.md exists')
    expect(await project.read('docs/kit/index.md')).toBe('# Kit of platform\n- setup\n- deploy\n')
    expect(await project.read('docs/kit/guides/setup.md')).toBe('Setup by platform\n')
    expect(await project.read('docs/modules.md')).toBe(modulesDoc)
    const record = await recordOf(project, 'docs-kit')
    expect(record.files.map((file: { path: string }) => file.path)).toEqual([
      'docs/kit/guides/setup.md',
      'docs/kit/index.md',
    ])
    expect(record.args.answers).toEqual({ topics: ['setup', 'deploy'] })
    expect((await project.run('destroy', 'docs-kit')).code).toBe(0)
    expect(await project.exists('docs/kit')).toBe(false)
  })

  it('Should refuse a file of the user in the way, writing nothing', async () => {
    project = await serviceWithPlopfile()
    await project.write('src/modules/billing-api.ts', 'export const mine = 1\n')
    const before = await project.snapshot()
    const result = await project.run(...billing)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/conflict[\s\S]*src\/modules\/billing-api\.ts[\s\S]*Nothing was written/)
    expect(await project.snapshot()).toEqual(before)
  })

  it('Should leave the tree as it was when a write fails mid-apply', async () => {
    project = await serviceWithPlopfile()
    const before = await fullSnapshot(project.root)
    const rename = nodeFs.rename
    vi.spyOn(nodeFs, 'rename').mockImplementation(async (from, to) => {
      if (to.endsWith(join('docs', 'modules.md'))) throw Object.assign(new Error('EPERM: simulated'), { code: 'EPERM' })
      return rename(from, to)
    })
    const result = await project.run(...billing)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/Could not write docs\/modules\.md: EPERM: simulated.*Every change was rolled back/s)
    expect(await fullSnapshot(project.root)).toEqual(before)
  })

  it('Should destroy a run: delete its files and take its edits back out, keeping the user changes around them', async () => {
    project = await serviceWithPlopfile()
    const before = await project.snapshot()
    expect((await project.run(...billing)).code).toBe(0)
    const destroyed = await project.run('destroy', 'service-module', 'billing-api')
    expect(destroyed.code, destroyed.stderr).toBe(0)
    expect(await project.snapshot()).toEqual(before)

    expect((await project.run(...billing)).code).toBe(0)
    const userLine = '// kept: a line of the user\n'
    await project.write('src/modules.ts', `${userLine}${await project.read('src/modules.ts')}`)
    expect((await project.run('destroy', 'service-module', 'billing-api')).code).toBe(0)
    expect(await project.read('src/modules.ts')).toBe(`${userLine}${modulesIndex}`)
    expect(await project.exists('src/modules/billing-api.ts')).toBe(false)
    expect(await recordOf(project, 'service-module/billing-api')).toBeUndefined()
  })

  it('Should refuse to destroy an edit changed since, and keep that file with --skip', async () => {
    project = await serviceWithPlopfile()
    expect((await project.run(...billing)).code).toBe(0)
    await project.write('src/modules.ts', `${modulesIndex}export * from './modules/billing-api-v2'\n`)
    const before = await project.snapshot()
    const refused = await project.run('destroy', 'service-module', 'billing-api')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(
      /src\/modules\.ts: the lines service-module billing-api inserted are no longer there/,
    )
    expect(await project.snapshot()).toEqual(before)

    const skipped = await project.run('destroy', 'service-module', 'billing-api', '--skip')
    expect(skipped.code, skipped.stderr).toBe(0)
    expect(skipped.stdout).toMatch(/^kept {7}src\/modules\.ts/m)
    expect(await project.read('src/modules.ts')).toBe(`${modulesIndex}export * from './modules/billing-api-v2'\n`)
    expect(await project.read('docs/modules.md')).toBe(modulesDoc)
  })

  it('Should list team generators in gen --help with their descriptions, and their flags in their own help', async () => {
    project = await serviceWithPlopfile()
    const list = await project.run('gen', '--help')
    expect(list.code, list.stderr).toBe(0)
    expect(list.stdout).toMatch(/resource\s+CRUD for a database table/)
    expect(list.stdout).toMatch(/service-module\s+A module of the platform team.*\(plopfile\.mjs\)/)
    const help = await project.run('gen', 'service-module', '--help')
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/--name/)
    expect(help.stdout).toMatch(/--kind.*Kind \(one of worker, client; default "worker"\)/)
    expect(help.stdout).toMatch(/--logged.*Log its calls/)
    expect(help.stdout).toMatch(/--dry-run/)
  })

  it('Should refuse an action it cannot plan, a missing flag and a bad choice before writing anything', async () => {
    project = await serviceWithPlopfile()
    const before = await project.snapshot()
    const custom = await project.run('gen', 'custom')
    expect(custom.code).toBe(1)
    expect(custom.stderr).toMatch(/action #2 is a function: honoforge plans every file before writing/)
    const missing = await project.run('gen', 'service-module', '--kind', 'client')
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/needs these flags[\s\S]*--name <value> {2}Module name/)
    const choice = await project.run('gen', 'service-module', '--name', 'x', '--kind', 'server')
    expect(choice.code).toBe(1)
    expect(choice.stderr).toMatch(/--kind "server": not one of worker, client/)
    expect(await project.snapshot()).toEqual(before)
  })

  it('Should refuse a plopfile generator named after a built-in one, and keep the built-in working', async () => {
    project = await createProject({ db: 'none', auth: 'none' })
    await project.write(
      'plopfile.mjs',
      "export default (plop) => plop.setGenerator('middleware', { prompts: [], actions: [] })\n",
    )
    const list = await project.run('gen', '--help')
    expect(list.code).toBe(1)
    expect(list.stderr).toMatch(/plopfile\.mjs defines a generator "middleware", the name of a built-in one/)
    expect((await project.run('gen', 'middleware', 'audit')).code).toBe(0)
  })
})

describe('honoforge eject <generator> --plop', () => {
  it('Should write a plopfile that writes what the built-in generator writes', async () => {
    project = await createProject({ db: 'none', auth: 'none' })
    expect((await project.run('gen', 'middleware', 'audit-log')).code).toBe(0)
    const builtIn = [
      await project.read('src/middleware/audit-log.ts'),
      await project.read('test/middleware/audit-log.test.ts'),
    ]
    expect((await project.run('destroy', 'middleware', 'audit-log')).code).toBe(0)

    const ejected = await project.run('eject', 'middleware', '--plop')
    expect(ejected.code, ejected.stderr).toBe(0)
    expect(JSON.parse(await project.read('package.json')).honoforge.plopfiles).toEqual([
      './plop/middleware/plopfile.mjs',
    ])
    const team = await project.run('gen', 'team-middleware', '--name', 'audit-log')
    expect(team.code, team.stderr).toBe(0)
    expect([
      await project.read('src/middleware/audit-log.ts'),
      await project.read('test/middleware/audit-log.test.ts'),
    ]).toEqual(builtIn)
    expect((await recordOf(project, 'team-middleware/audit-log')).generator).toBe('plop')
    expect((await project.run('eject', 'resource', '--plop')).stderr).toMatch(
      /eject --plop writes a plopfile for middleware/,
    )
  })
})
