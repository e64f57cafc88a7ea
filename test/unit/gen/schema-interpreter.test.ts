import { describe, expect, it } from 'vitest'
import { type Dialect, postgres, sqlite } from '../../../src/gen/dialects/index.js'
import { parseFields } from '../../../src/gen/fields.js'
import { inflect } from '../../../src/gen/names.js'
import { interpretMigrations } from '../../../src/gen/schema-interpreter.js'
import { indexesOf, type Schema } from '../../../src/gen/schema-model.js'
import { splitStatements } from '../../../src/gen/sql-statements.js'
import { evolveTableSql } from '../../../src/gen/table-evolution.js'

const posts = inflect('posts')
const users = 'CREATE TABLE users (id TEXT PRIMARY KEY NOT NULL);\n'
const fieldSpecs = [
  'title:string',
  'slug:string!',
  'status:enum(draft|live)',
  'author:references(users)?',
  'meta:json?',
  'draft:boolean',
]
const play = (...sql: string[]) =>
  interpretMigrations(sql.map((text, i) => ({ path: `migrations/000${i + 1}.sql`, sql: text })))

/** A table as the database sees it: each column's parts and each index's statement, by name. */
function shape(schema: Schema, table: string) {
  const columns = [...(schema.tables.get(table)?.columns.values() ?? [])]
    .map((column) => [column.name, { ...column.sql, extra: column.extra }] as const)
    .sort(([a], [b]) => a.localeCompare(b))
  const indexes = [...indexesOf(schema, table).values()].map((index) => index.sql).sort()
  return { columns: Object.fromEntries(columns), indexes }
}

describe('splitStatements', () => {
  it('cuts at top-level semicolons, dropping comments and keeping quoted text whole', () => {
    const sql = [
      '-- A header; with a semicolon.',
      "CREATE TABLE t (a TEXT CHECK (a IN ('x;y', '--z'))); /* a ; block */",
      'ALTER TABLE t   ADD COLUMN b TEXT;',
      '',
    ].join('\n')
    expect(splitStatements(sql)).toEqual([
      "CREATE TABLE t (a TEXT CHECK (a IN ('x;y', '--z')))",
      'ALTER TABLE t ADD COLUMN b TEXT',
    ])
  })
})

describe.each([
  ['SQLite', sqlite],
  ['Postgres', postgres],
] as const)('interpretMigrations on %s', (_label, dialect: Dialect) => {
  const fields = parseFields(fieldSpecs)

  it("Should read each generated column into the parts the dialect writes, and the fields' indexes", () => {
    const schema = play(users, dialect.createTable(posts, fields))
    const table = schema.tables.get('posts')
    for (const field of fields) expect(table?.columns.get(field.column)?.sql, field.spec).toEqual(dialect.column(field))
    expect([...(table?.columns.keys() ?? [])]).toEqual([
      'id',
      ...fields.map((field) => field.column),
      'created_at',
      'updated_at',
    ])
    expect(shape(schema, 'posts').indexes).toEqual(
      dialect
        .fieldIndexes('posts', fields)
        .map((index) => index.sql)
        .sort(),
    )
    expect(schema.unknown.size).toBe(0)
  })

  it('Should follow every migration a resource re-run writes to the table the new fields create', () => {
    const steps: Array<[string[], string[]]> = [
      [fieldSpecs, [...fieldSpecs, 'summary:text?', 'tag:string?!']],
      [fieldSpecs, ['title:string', 'status:enum(draft|live)']],
      [fieldSpecs, ['title:string!', 'slug:string', ...fieldSpecs.slice(2)]],
    ]
    if (dialect === postgres) {
      // Postgres changes kept columns in place: a type, a CHECK, nullability, a foreign key.
      steps.push([
        fieldSpecs,
        [
          'title:text?',
          'slug:string!',
          'status:enum(draft|live|gone)',
          'author:references(users)',
          'meta:json?',
          'draft:integer',
        ],
      ])
    }
    for (const [before, after] of steps) {
      const evolution = evolveTableSql(posts, parseFields(before), parseFields(after), dialect)
      const evolved = play(users, dialect.createTable(posts, parseFields(before)), evolution?.sql ?? '')
      const created = play(users, dialect.createTable(posts, parseFields(after)))
      expect(shape(evolved, 'posts'), after.join(' ')).toEqual(shape(created, 'posts'))
      expect(evolved.unknown.size).toBe(0)
    }
  })
})

describe('interpretMigrations on what users write', () => {
  const created = sqlite.createTable(posts, parseFields(['title:string', 'slug:string!']))

  it("Should keep a user's own column and index, and follow renames and drops", () => {
    const schema = play(
      users,
      created,
      [
        'ALTER TABLE posts ADD COLUMN views INTEGER NOT NULL DEFAULT 0;',
        'CREATE INDEX posts_by_views ON posts (views DESC);',
        'ALTER TABLE posts RENAME COLUMN title TO heading;',
        "INSERT INTO posts (id, heading, slug, created_at, updated_at) VALUES ('1', 'a', 'b', 'c', 'd');",
        'CREATE TRIGGER touch AFTER UPDATE ON posts BEGIN UPDATE posts SET views = views + 1; END;',
      ].join('\n'),
      'DROP INDEX idx_posts_slug;\nALTER TABLE posts DROP COLUMN slug;\n',
    )
    const table = schema.tables.get('posts')
    expect(table?.columns.get('views')).toMatchObject({
      sql: { type: 'INTEGER', notNull: true },
      extra: ['DEFAULT 0'],
    })
    expect(table?.columns.has('heading')).toBe(true)
    expect(table?.columns.has('title')).toBe(false)
    expect(table?.dropped.get('slug')).toBe('ALTER TABLE posts DROP COLUMN slug')
    expect(indexesOf(schema, 'posts').get('posts_by_views')).toMatchObject({
      columns: ['views'],
      file: 'migrations/0003.sql',
    })
    expect(indexesOf(schema, 'posts').has('idx_posts_slug')).toBe(false)
    expect(schema.unknown.size).toBe(0)
  })

  it('Should mark a table unknown, with the file and statement, when a statement on it is not followed', () => {
    const schema = play(
      users,
      created,
      'ALTER TABLE posts RENAME TO articles;\nCREATE EXTENSION citext;\nALTER TABLE users ADD COLUMN n INTEGER GENERATED ALWAYS AS (1);\n',
    )
    expect(Object.fromEntries(schema.unknown)).toEqual({
      posts: 'migrations/0003.sql: ALTER TABLE posts RENAME TO articles',
      users: 'migrations/0003.sql: ALTER TABLE users ADD COLUMN n INTEGER GENERATED ALWAYS AS (1)',
    })
    // Dropped and made again, a table is known again.
    const remade = play(users, created, 'ALTER TABLE posts RENAME TO articles;\n', `DROP TABLE posts;\n${created}`)
    expect(remade.unknown.size).toBe(0)
    expect(shape(remade, 'posts')).toEqual(shape(play(users, created), 'posts'))
  })
})
