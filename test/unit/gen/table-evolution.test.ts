import { describe, expect, it } from 'vitest'
import { sqlite } from '../../../src/gen/dialects/sqlite.js'
import { GenError } from '../../../src/gen/errors.js'
import { parseFields } from '../../../src/gen/fields.js'
import { inflect } from '../../../src/gen/names.js'
import { evolveTableSql, planEvolution } from '../../../src/gen/table-evolution.js'
import { hasSqlite, runSql } from './sqlite.js'

const posts = inflect('posts')
const evolve = (before: string[], after: string[]) => evolveTableSql(posts, parseFields(before), parseFields(after))

describe('evolveTableSql', () => {
  it('adds an optional column, with its index when it filters the list', () => {
    expect(evolve(['title:string'], ['title:string', 'summary:text?'])).toEqual({
      name: 'add_summary_to_posts',
      sql: 'ALTER TABLE posts ADD COLUMN summary TEXT;\n',
    })
    expect(evolve(['title:string'], ['title:string', 'status:enum(draft|live)?', 'author:references(users)?'])).toEqual(
      {
        name: 'add_status_and_author_id_to_posts',
        sql: [
          "ALTER TABLE posts ADD COLUMN status TEXT CHECK (status IN ('draft', 'live'));",
          'ALTER TABLE posts ADD COLUMN author_id TEXT REFERENCES users(id) ON DELETE SET NULL;',
          'CREATE INDEX idx_posts_status ON posts (status, id);',
          'CREATE INDEX idx_posts_author_id ON posts (author_id, id);',
          '',
        ].join('\n'),
      },
    )
  })

  it('drops a column, its index first, and says that its data goes', () => {
    expect(evolve(['title:string', 'slug:string!', 'body:text?'], ['title:string'])).toEqual({
      name: 'remove_slug_and_body_from_posts',
      sql: [
        '-- Drops slug, body and the data in it.',
        'DROP INDEX idx_posts_slug;',
        'ALTER TABLE posts DROP COLUMN slug;',
        'ALTER TABLE posts DROP COLUMN body;',
        '',
      ].join('\n'),
    })
  })

  it('makes a field unique, or no longer unique, through its named index', () => {
    expect(evolve(['title:string'], ['title:string!'])).toEqual({
      name: 'alter_posts',
      sql: 'CREATE UNIQUE INDEX idx_posts_title ON posts (title);\n',
    })
    // A uuid stays a filter: its unique index gives way to the (column, id) one.
    expect(evolve(['ref:uuid!'], ['ref:uuid'])).toEqual({
      name: 'alter_posts',
      sql: 'DROP INDEX idx_posts_ref;\nCREATE INDEX idx_posts_ref ON posts (ref, id);\n',
    })
  })

  it('writes nothing for the same fields, in another order or spelling, or a type with the same column', () => {
    expect(evolve(['title:string', 'slug:string?!'], ['slug:string!?', 'title:string'])).toBeUndefined()
    expect(evolve(['title:string', 'contact:string?'], ['title:text', 'contact:email?'])).toBeUndefined()
  })

  it.each([
    [
      ['title:string'],
      ['title:string', 'summary:text'],
      'Cannot add the required field "summary:text" to posts: the table may hold rows',
    ],
    [
      ['title:string'],
      ['title:string?'],
      'Cannot change "title:string" to "title:string?" in posts: it would allow NULL',
    ],
    [['title:string?'], ['title:string'], 'it would refuse NULL'],
    [['views:integer'], ['views:string'], 'its column type would change from INTEGER to TEXT'],
    [['status:enum(a|b)'], ['status:enum(a|b|c)'], 'its CHECK constraint would change'],
    [['author:references(users)'], ['author:references(teams)'], 'its foreign key would change'],
  ])('refuses %j → %j', (before, after, message) => {
    expect(() => evolve(before, after)).toThrow(GenError)
    expect(() => evolve(before, after)).toThrow(message)
  })

  it('numbers the migration after every existing one, never reusing a name that may be applied', () => {
    const files = [
      '0001_create_notes.sql',
      '0002_create_posts.sql',
      '0003_add_summary_to_posts.sql',
      '0004_remove_summary_from_posts.sql',
    ]
    expect(
      planEvolution(files, posts, parseFields(['title:string']), parseFields(['title:string', 'summary:text?'])),
    ).toEqual({
      path: 'migrations/0005_add_summary_to_posts.sql',
      content: 'ALTER TABLE posts ADD COLUMN summary TEXT;\n',
      once: true,
    })
    expect(planEvolution(files, posts, parseFields(['title:string']), parseFields(['title:string']))).toBeUndefined()
  })
})

describe.skipIf(!hasSqlite)('the evolution SQL runs in SQLite (sqlite3 CLI) on a table with rows', () => {
  const run = runSql
  const users = sqlite.createTable(inflect('users'), parseFields(['name:string']))
  const schema = [
    "SELECT name || ' ' || type || ' ' || \"notnull\" FROM pragma_table_info('posts') ORDER BY name;",
    "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'posts' AND sql IS NOT NULL ORDER BY name;",
  ].join('\n')

  // Each step goes from the previous field list to the next; the table it leaves must be the
  // one a fresh CREATE TABLE of the same fields makes (columns and indexes), rows kept.
  const steps = [
    ['title:string', 'slug:string!', 'author:references(users)'],
    [
      'title:string',
      'slug:string!',
      'author:references(users)',
      'summary:text?',
      'status:enum(draft|live)?',
      'site:url?!',
    ],
    ['title:string', 'slug:string', 'author:references(users)', 'status:enum(draft|live)?', 'born_on:date?'],
    ['title:string!', 'status:enum(draft|live)?', 'editor:references(users)?'],
  ]

  // Each step with the one after it.
  const transitions = steps.flatMap((before, i) =>
    steps.slice(i + 1, i + 2).map((after) => [i + 1, before, after] as const),
  )
  it.each(transitions)('step %i keeps the rows and matches a fresh table', (_, before, after) => {
    const evolution = evolveTableSql(posts, parseFields(before), parseFields(after))
    const seed = [
      "INSERT INTO users VALUES ('u1', 'Ada', 'now', 'now');",
      `INSERT INTO posts (id, ${parseFields(before)
        .map((field) => field.column)
        .join(', ')}, created_at, updated_at) ` +
        `VALUES ('p1', ${parseFields(before)
          .map((field) => (field.target ? "'u1'" : field.column === 'status' ? "'live'" : `'${field.column}-1'`))
          .join(', ')}, 'now', 'now');`,
    ]
    const evolved = run(
      [
        users,
        sqlite.createTable(posts, parseFields(before)),
        ...seed,
        evolution?.sql ?? '',
        schema,
        'SELECT id, title FROM posts;',
      ].join('\n'),
    )
    const fresh = run([users, sqlite.createTable(posts, parseFields(after)), schema].join('\n'))
    expect(evolved).toBe(`${fresh}p1|title-1\n`)
  })

  it('fails loudly, rather than losing data, when a new unique index meets duplicates', () => {
    const before = parseFields(['title:string'])
    const sql = [
      sqlite.createTable(posts, before),
      "INSERT INTO posts VALUES ('p1', 'Same', 'now', 'now'), ('p2', 'Same', 'now', 'now');",
      evolveTableSql(posts, before, parseFields(['title:string!']))?.sql,
    ].join('\n')
    expect(() => run(sql)).toThrow('UNIQUE constraint failed')
  })
})
