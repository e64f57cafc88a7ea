import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Dialect, postgres, sqlite } from '../../../src/gen/dialects/index.js'
import { parseFields } from '../../../src/gen/fields.js'
import { inflect } from '../../../src/gen/names.js'
import { diffTable } from '../../../src/gen/schema-diff.js'
import { interpretMigrations } from '../../../src/gen/schema-interpreter.js'
import { startTestPostgres, type TestPostgres, tableShape } from './postgres.js'
import { hasSqlite, runSql } from './sqlite.js'

const posts = inflect('posts')
const users = {
  sqlite: 'CREATE TABLE users (id TEXT PRIMARY KEY NOT NULL);\n',
  postgres: 'CREATE TABLE users (id uuid PRIMARY KEY);\n',
}
const specs = ['title:string', 'slug:string!', 'status:enum(draft|live)', 'author:references(users)?']
const create = (dialect: Dialect, fields = specs) => dialect.createTable(posts, parseFields(fields))
/** What an older honoforge wrote: the same table without the unique index on slug. */
const olderRendering = (dialect: Dialect) => create(dialect).replace(/^CREATE UNIQUE INDEX idx_posts_slug .*\n/m, '')
const owned = 'migrations/0002_create_posts.sql'

/** The difference between the migrations on disk and the installed version's create_posts. */
function diff(dialect: Dialect, onDisk: string[], installed = create(dialect)) {
  const prelude = dialect === sqlite ? users.sqlite : users.postgres
  const files = (texts: string[]) =>
    texts.map((sql, i) => ({ path: i === 0 ? owned : `migrations/000${i + 2}_mine.sql`, sql }))
  const actual = interpretMigrations([{ path: 'migrations/0001_users.sql', sql: prelude }, ...files(onDisk)])
  const desired = interpretMigrations([{ path: 'migrations/0001_users.sql', sql: prelude }, ...files([installed])])
  return diffTable(actual, desired, 'posts', dialect, (index) => index.file === owned)
}

describe.each([
  ['SQLite', sqlite],
  ['Postgres', postgres],
] as const)('diffTable on %s', (_label, dialect: Dialect) => {
  it('Should want nothing when the table is what the installed version creates', () => {
    expect(diff(dialect, [create(dialect)])).toEqual({ statements: [], notes: [] })
  })

  it('Should make the index an older rendering lacked', () => {
    expect(diff(dialect, [olderRendering(dialect)])).toEqual({
      statements: ['CREATE UNIQUE INDEX idx_posts_slug ON posts (slug);'],
      notes: [],
    })
  })

  it("Should keep the user's own column and index, and drop only an index honoforge made and no longer wants", () => {
    const onDisk = [
      `${create(dialect)}CREATE INDEX idx_posts_title ON posts (title, id);\n`,
      'ALTER TABLE posts ADD COLUMN views INTEGER;\nCREATE INDEX posts_by_views ON posts (views);\n',
    ]
    expect(diff(dialect, onDisk)).toEqual({ statements: ['DROP INDEX idx_posts_title;'], notes: [] })
  })

  it('Should add a new nullable column and its index, and say why a NOT NULL one is not added', () => {
    const installed = create(dialect, [...specs, 'summary:text?', 'tag:string?!', 'rank:integer'])
    const result = diff(dialect, [create(dialect)], installed)
    const type = dialect === sqlite ? 'TEXT' : 'text'
    expect(result.statements).toEqual([
      `ALTER TABLE posts ADD COLUMN summary ${type};`,
      `ALTER TABLE posts ADD COLUMN tag ${type};`,
      'CREATE UNIQUE INDEX idx_posts_tag ON posts (tag);',
    ])
    expect(result.notes).toEqual([
      expect.stringMatching(
        /^posts\.rank is not added: rank (INTEGER|bigint) NOT NULL cannot be added to a table that may hold rows/,
      ),
    ])
  })

  it('Should not add back a column a migration of the user dropped', () => {
    const installed = create(dialect, [...specs, 'summary:text?'])
    const onDisk = [installed, 'ALTER TABLE posts DROP COLUMN summary;\n']
    expect(diff(dialect, onDisk, installed)).toEqual({
      statements: [],
      notes: ['posts.summary is not added back: a migration dropped it (ALTER TABLE posts DROP COLUMN summary).'],
    })
  })
})

describe('diffTable on a kept column that changed', () => {
  const before = ['title:string', 'status:enum(draft|live)']
  const after = ['title:string', 'status:enum(draft|live|gone)']

  it('Should change it in place on Postgres', () => {
    expect(diff(postgres, [create(postgres, before)], create(postgres, after)).statements).toEqual([
      'ALTER TABLE posts DROP CONSTRAINT posts_status_check;',
      "ALTER TABLE posts ADD CONSTRAINT posts_status_check CHECK (status IN ('draft', 'live', 'gone'));",
    ])
  })

  it('Should leave it on SQLite, saying why', () => {
    expect(diff(sqlite, [create(sqlite, before)], create(sqlite, after))).toEqual({
      statements: [],
      notes: [
        expect.stringMatching(
          /^Cannot change posts\.status: its CHECK constraint would change, which SQLite does only by rebuilding the table/,
        ),
      ],
    })
  })
})

describe.runIf(hasSqlite)('the statements run in SQLite after the older rendering', () => {
  it('Should make the table the installed version creates', () => {
    const installed = create(sqlite, [...specs, 'summary:text?'])
    const { statements } = diff(sqlite, [olderRendering(sqlite)], installed)
    const schema = (sql: string) =>
      runSql(
        `${users.sqlite}${sql}\nSELECT name, type, "notnull" FROM pragma_table_info('posts') ORDER BY name;\n` +
          "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name;",
      )
    expect(schema(`${olderRendering(sqlite)}${statements.join('\n')}`)).toBe(schema(installed))
  })
})

describe('the statements run in Postgres after the older rendering', () => {
  let pg: TestPostgres
  beforeAll(async () => {
    pg = await startTestPostgres()
  }, 60_000)
  afterAll(() => pg?.stop())

  it('Should make the table the installed version creates', async () => {
    const installed = create(postgres, [
      ...specs.slice(0, 2),
      'status:enum(draft|live|gone)',
      specs[3] ?? '',
      'summary:text?',
    ])
    const older = olderRendering(postgres)
    const { statements } = diff(postgres, [older], installed)
    const read = () => tableShape(pg, 'posts')
    await pg.fresh()
    await pg.exec(`${users.postgres}${installed}`)
    const wanted = await read()
    await pg.fresh()
    await pg.exec(`${users.postgres}${older}`)
    await pg.exec(statements.join('\n'))
    expect(await read()).toEqual(wanted)
  })
})
