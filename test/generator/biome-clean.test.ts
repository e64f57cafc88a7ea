import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createTemplateContext, renderTemplate } from '../../src/create/render.js'
import { serviceTemplate } from '../../src/create/template.js'
import { writeTree } from '../../src/create/write.js'
import { packageInfo } from '../../src/package-info.js'
import { createProject, type TestProject } from './gen-project.js'
import { combinations, label } from './generator-suite.js'

// Everything create and the generators write must pass the service's own `npm run lint`
// (`biome check`, run here with this repository's Biome, the service's version) unchanged:
// no formatting difference, no unsorted import, no lint finding, warnings included.

const biome = join(packageInfo().root, 'node_modules', '@biomejs', 'biome', 'bin', 'biome')

/** `biome check` in the service with its biome.jsonc: the exit code and what it reported. */
function lint(root: string): { code: number | null; report: string } {
  const run = spawnSync(process.execPath, [biome, 'check', '--error-on-warnings', '--max-diagnostics=none'], {
    cwd: root,
    encoding: 'utf8',
  })
  return { code: run.status, report: `${run.stdout}${run.stderr}` }
}

/** Run every command, failing on the first that does not succeed. */
async function runAll(project: TestProject, commands: string[][]): Promise<void> {
  for (const args of commands) {
    const result = await project.run(...args)
    expect(result.code, `honoforge ${args.join(' ')}: ${result.stderr}`).toBe(0)
  }
}

describe('biome check on what create writes', () => {
  it.each(combinations.map((c) => [label(c), c] as const))('%s: no changes, no findings', async (_, combination) => {
    const scratch = await mkdtemp(join(tmpdir(), 'honoforge-lint-'))
    try {
      const root = join(scratch, 'my-api')
      await writeTree(
        root,
        await renderTemplate(serviceTemplate, createTemplateContext({ name: 'my-api', pm: 'npm', ...combination })),
      )
      const { code, report } = lint(root)
      expect(code, report).toBe(0)
      expect(report).toMatch(/Checked \d+ files/)
    } finally {
      await rm(scratch, { recursive: true, force: true })
    }
  })
})

// Every generator, every field type and modifier, endpoints at the root and under a resource,
// a resource evolved and an endpoint destroyed (both render a router anew). One command a line,
// or its words where one has spaces (a cron schedule).
const everyGenerator: Array<string | string[]> = [
  'gen resource authors name:string email:email! bio:text? site:url? born:date? rank:integer? score:number?',
  'gen resource writers name:string active:boolean meta:json? externalId:uuid? joinedAt:datetime? status:enum(on|off)',
  'gen resource books title:string! author:references(authors) editor:references(authors)? kind:enum(novel|essay)?',
  'gen resource tags label:string --public',
  'gen resource notes title:string body:text? pinned:boolean?',
  'gen endpoint publish-book --method post --path /books/:id/publish --body at:datetime? note:text',
  'gen endpoint archive-book --method delete --path /books/:id/archive',
  'gen endpoint search --method get --path /search --query term:string page:integer? --public',
  'gen endpoint author-stats --method get --path /authors/:authorId/stats/:period',
  'gen migration add_summary_to_books summary:text?',
  'gen migration create_audit_entries event:string at:datetime',
  'gen migration backfill_summaries',
  'gen middleware tenant',
  'destroy endpoint archive-book',
  ['gen', 'cron', 'nightly-report', '--schedule', '0 3 * * *'],
  ['gen', 'cron', 'weekly-digest', '--schedule', '0 8 * * MON'],
  'gen auth',
  ['gen', 'cron', 'auth-cleanup', '--schedule', '17 3 * * *'],
]

const withoutDatabase: Array<string | string[]> = [
  'gen endpoint ping --method get --path /ping --query echo:string? --public',
  'gen endpoint submit-report --method post --path /reports/:reportId --body url:url rating:integer',
  'gen middleware audit-log',
  ['gen', 'cron', 'nightly-report', '--schedule', '0 3 * * *'],
]

describe.each([
  { db: 'd1', auth: 'jwt', commands: everyGenerator },
  // Without auth only the resources and endpoints read differently (no token in their tests).
  {
    db: 'd1',
    auth: 'none',
    commands: everyGenerator.filter(
      (command) => typeof command === 'string' && /^gen (resource|endpoint)/.test(command),
    ),
  },
  // The same commands write Postgres DDL, postgres.js data access and their tests.
  { db: 'postgres', auth: 'jwt', commands: everyGenerator },
  { db: 'none', auth: 'jwt', commands: withoutDatabase },
  // With jwks the service's own auth, config and test files differ; generated code does not.
  {
    db: 'postgres',
    auth: 'jwks',
    commands: everyGenerator.filter((command) => typeof command === 'string' && /^gen resource/.test(command)),
  },
  { db: 'none', auth: 'jwks', commands: withoutDatabase },
] as const)('biome check on a service grown with every generator (--db $db --auth $auth)', ({ db, auth, commands }) => {
  it('Should pass with no changes and no findings, and stay as it is when every command runs again', {
    timeout: 240_000,
  }, async () => {
    const project = await createProject({ db, auth })
    try {
      const runs = commands.map((command) => (typeof command === 'string' ? command.split(' ') : command))
      await runAll(project, runs)
      const { code, report } = lint(project.root)
      expect(code, report).toBe(0)
      const grown = await project.snapshot()
      const destroyed = runs.filter(([command]) => command === 'destroy').map(([, , name]) => name)
      await runAll(
        project,
        runs.filter(([command, , name]) => command === 'gen' && !destroyed.includes(name)),
      )
      expect(await project.snapshot()).toEqual(grown)
    } finally {
      await project.remove()
    }
  })
})
