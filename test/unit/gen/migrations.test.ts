import { describe, expect, it } from 'vitest'
import { sqlite } from '../../../src/gen/dialects/sqlite.js'
import { GenError } from '../../../src/gen/errors.js'
import { parseFields } from '../../../src/gen/fields.js'
import {
  addColumnsSql,
  inferMigration,
  migrationPath,
  migrationSql,
  nextMigrationNumber,
  planMigration,
} from '../../../src/gen/migrations.js'
import { inflect } from '../../../src/gen/names.js'
import { hasSqlite, runSql } from './sqlite.js'

describe('numbering', () => {
  it.each([
    [[], 1],
    [['0001_create_notes.sql'], 2],
    [['0001_create_notes.sql', '0002_create_posts.sql'], 3],
    [['0001_a.sql', '0007_b.sql', '0003_c.sql'], 8],
    [['0001_a.sql', 'README.md', '0009_b.sql.bak', 'notes.sql', '12_short.sql'], 2],
    [['9999_a.sql'], 10000],
  ])('%j → %i', (files, next) => {
    expect(nextMigrationNumber(files)).toBe(next)
  })

  it('pads to four digits', () => {
    expect(migrationPath(['0001_create_notes.sql'], 'create_posts')).toBe('migrations/0002_create_posts.sql')
    expect(migrationPath(['0099_x.sql'], 'create_posts')).toBe('migrations/0100_create_posts.sql')
    expect(migrationPath(['9999_x.sql'], 'create_posts')).toBe('migrations/10000_create_posts.sql')
  })

  it('reuses an existing migration of the same name, so a re-run rewrites it instead of adding one', () => {
    const files = ['0001_create_notes.sql', '0002_create_posts.sql', '0003_create_users.sql']
    expect(migrationPath(files, 'create_posts')).toBe('migrations/0002_create_posts.sql')
  })

  it('numbers a new one when a later migration reversed the existing one', () => {
    const dropped = ['0001_create_notes.sql', '0002_create_posts.sql', '0003_drop_posts.sql']
    expect(migrationPath(dropped, 'create_posts')).toBe('migrations/0004_create_posts.sql')
    expect(migrationPath(dropped, 'drop_posts')).toBe('migrations/0003_drop_posts.sql')
    const recreated = [...dropped, '0004_create_posts.sql']
    expect(migrationPath(recreated, 'create_posts')).toBe('migrations/0004_create_posts.sql')
    expect(migrationPath(recreated, 'drop_posts')).toBe('migrations/0005_drop_posts.sql')
    const removed = ['0001_add_email_to_users.sql', '0002_remove_email_from_users.sql']
    expect(migrationPath(removed, 'add_email_to_users')).toBe('migrations/0003_add_email_to_users.sql')
  })
})

describe('inferMigration', () => {
  it.each([
    ['create_posts', 'create_posts', 'create-table', 'posts'],
    ['create_post', 'create_post', 'create-table', 'posts'],
    ['CreateBlogPosts', 'create_blog_posts', 'create-table', 'blog_posts'],
    ['create-people', 'create_people', 'create-table', 'people'],
    ['add_email_to_users', 'add_email_to_users', 'add-columns', 'users'],
    ['AddFirstNameAndLastNameToPeople', 'add_first_name_and_last_name_to_people', 'add-columns', 'people'],
    ['add_due_date_to_to_do_items', 'add_due_date_to_to_do_items', 'add-columns', 'do_items'],
    ['drop_posts', 'drop_posts', 'drop-table', 'posts'],
    ['remove_email_from_users', 'remove_email_from_users', 'remove-columns', 'users'],
    ['backfill_slugs', 'backfill_slugs', 'custom', undefined],
    ['add_index', 'add_index', 'custom', undefined],
  ])('%s', (input, name, kind, table) => {
    const inferred = inferMigration(input)
    expect(inferred.name).toBe(name)
    expect(inferred.intent.kind).toBe(kind)
    expect('table' in inferred.intent ? inferred.intent.table.snake : undefined).toBe(table)
  })

  it('splits the columns to remove on _and_', () => {
    expect(inferMigration('remove_first_name_and_nickname_from_people').intent).toMatchObject({
      columns: ['first_name', 'nickname'],
    })
  })

  it.each([
    ['', 'Invalid migration name "": it is empty.'],
    ['0001_create_posts', 'must not start with a digit'],
    ['create posts', 'may only contain letters'],
    ['../create_posts', 'must not contain ".."'],
    [
      'create_values',
      'Invalid resource name "values" in "create_values": its table name "values" is an SQLite keyword',
    ],
    ['create_1posts', 'Invalid resource name "1posts" in "create_1posts": it must not start with a digit'],
    ['remove_id_from_posts', 'Migration remove_id_from_posts: "id" cannot be removed'],
    ['remove_created_at_from_posts', '"created_at" cannot be removed'],
  ])('refuses %j', (input, message) => {
    expect(() => inferMigration(input)).toThrow(GenError)
    expect(() => inferMigration(input)).toThrow(message)
  })
})

describe('SQL', () => {
  const fields = parseFields([
    'title:string!',
    'body:text?',
    'views:integer',
    'rating:number?',
    'published:boolean',
    'published_at:datetime?',
    'external_id:uuid?',
    'settings:json?',
    'status:enum(draft|published)',
    'author:references(users)',
    'editor:references(users)?',
  ])

  it('creates a table with the automatic columns, a unique index per unique field and one per foreign key or filter', () => {
    expect(
      sqlite.createTable(inflect('blog_posts'), fields),
    ).toBe(`-- Blog posts. Ids are UUIDv7 strings generated by the Worker,
-- so ordering by id is creation order; timestamps are ISO 8601 UTC.
CREATE TABLE blog_posts (
  id TEXT PRIMARY KEY NOT NULL,
  title TEXT NOT NULL,
  body TEXT,
  views INTEGER NOT NULL,
  rating REAL,
  published INTEGER NOT NULL CHECK (published IN (0, 1)),
  published_at TEXT,
  external_id TEXT,
  settings TEXT CHECK (settings IS NULL OR json_valid(settings)),
  status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
  author_id TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
  editor_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE UNIQUE INDEX idx_blog_posts_title ON blog_posts (title);
CREATE INDEX idx_blog_posts_published ON blog_posts (published, id);
CREATE INDEX idx_blog_posts_external_id ON blog_posts (external_id, id);
CREATE INDEX idx_blog_posts_status ON blog_posts (status, id);
CREATE INDEX idx_blog_posts_author_id ON blog_posts (author_id, id);
CREATE INDEX idx_blog_posts_editor_id ON blog_posts (editor_id, id);
`)
  })

  it('creates a table without fields or indexes', () => {
    expect(sqlite.createTable(inflect('tags'), [])).toBe(`-- Tags. Ids are UUIDv7 strings generated by the Worker,
-- so ordering by id is creation order; timestamps are ISO 8601 UTC.
CREATE TABLE tags (
  id TEXT PRIMARY KEY NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`)
  })

  it('adds optional columns, turning UNIQUE into a unique index', () => {
    const added = parseFields(['email:string?!', 'active:boolean?', 'team:references(teams)?'])
    expect(addColumnsSql('add_email_to_users', inflect('users'), added)).toBe(`ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN active INTEGER CHECK (active IN (0, 1));
ALTER TABLE users ADD COLUMN team_id TEXT REFERENCES teams(id) ON DELETE SET NULL;
CREATE UNIQUE INDEX idx_users_email ON users (email);
CREATE INDEX idx_users_active ON users (active, id);
CREATE INDEX idx_users_team_id ON users (team_id, id);
`)
  })

  it.each([
    [
      'add_email_to_users',
      [],
      'Migration add_email_to_users needs field specs, e.g. honoforge gen migration add_email_to_users email:string?',
    ],
    [
      'add_email_to_users',
      ['email:string'],
      'SQLite cannot add a NOT NULL column to a table that may have rows; make "email:string" optional (email:string?).',
    ],
    ['drop_posts', ['title:string'], 'Migration drop_posts takes no field specs; remove them.'],
    ['remove_title_from_posts', ['title:string?'], 'takes no field specs'],
    ['backfill_slugs', ['slug:string?'], 'Cannot tell what migration backfill_slugs should do with fields'],
  ])('refuses %s with %j', (name, specs, message) => {
    const { intent } = inferMigration(name)
    expect(() => migrationSql(name, intent, parseFields(specs))).toThrow(GenError)
    expect(() => migrationSql(name, intent, parseFields(specs))).toThrow(message)
  })

  it('drops tables and columns, and leaves custom migrations to the user', () => {
    expect(planMigration(['0001_create_posts.sql'], 'drop_posts', [])).toEqual({
      path: 'migrations/0002_drop_posts.sql',
      content: 'DROP TABLE posts;\n',
      once: true,
    })
    expect(planMigration([], 'remove_body_and_views_from_posts', []).content).toBe(
      '-- SQLite refuses to drop a column that is indexed, UNIQUE or a foreign key: drop its index first.\n' +
        'ALTER TABLE posts DROP COLUMN body;\nALTER TABLE posts DROP COLUMN views;\n',
    )
    expect(planMigration([], 'backfill_slugs', [])).toEqual({
      path: 'migrations/0001_backfill_slugs.sql',
      content: '-- Write the SQL for this migration here; apply it with `wrangler d1 migrations apply`.\n',
      once: true,
    })
  })

  it('is deterministic: the same inputs give the same file', () => {
    const a = planMigration(['0001_create_notes.sql'], 'create_posts', fields)
    const b = planMigration(['0001_create_notes.sql'], 'create_posts', parseFields(fields.map((f) => f.spec)))
    expect(a).toEqual(b)
  })
})

describe.skipIf(!hasSqlite)('the SQL runs in SQLite (sqlite3 CLI)', () => {
  const run = runSql

  const users = sqlite.createTable(inflect('users'), parseFields(['email:string!']))
  const posts = sqlite.createTable(
    inflect('posts'),
    parseFields([
      'title:string',
      'published:boolean',
      'settings:json?',
      'status:enum(draft|published)',
      'author:references(users)',
      'editor:references(users)?',
    ]),
  )
  const user = "INSERT INTO users VALUES ('u1', 'a@example.com', 'now', 'now');"
  const post = (values: string) => `INSERT INTO posts VALUES ('p1', 'Hi', ${values}, 'now', 'now');`

  it('creates, constrains, alters and drops', () => {
    const sql = [
      users,
      posts,
      user,
      post(`1, '{"a":1}', 'draft', 'u1', NULL`),
      addColumnsSql('add_nickname_to_users', inflect('users'), parseFields(['nickname:string?!', 'admin:boolean?'])),
      planMigration([], 'remove_title_from_posts', []).content,
      "SELECT count(*) FROM posts WHERE status = 'draft';",
      planMigration([], 'drop_posts', []).content,
    ].join('\n')
    expect(run(sql)).toBe('1\n')
  })

  it.each([
    [
      'a duplicate unique value',
      `${user}\nINSERT INTO users VALUES ('u2', 'a@example.com', 'now', 'now');`,
      'UNIQUE constraint failed',
    ],
    ['a boolean other than 0/1', `${user}\n${post(`2, NULL, 'draft', 'u1', NULL`)}`, 'CHECK constraint failed'],
    ['a value outside the enum', `${user}\n${post(`1, NULL, 'gone', 'u1', NULL`)}`, 'CHECK constraint failed'],
    ['invalid JSON', `${user}\n${post(`1, '{oops', 'draft', 'u1', NULL`)}`, 'CHECK constraint failed'],
    ['a missing reference', post(`1, NULL, 'draft', 'nobody', NULL`), 'FOREIGN KEY constraint failed'],
    [
      'deleting a referenced row',
      `${user}\n${post(`1, NULL, 'draft', 'u1', NULL`)}\nDELETE FROM users;`,
      'FOREIGN KEY constraint failed',
    ],
    ['a NULL id', "INSERT INTO users VALUES (NULL, 'b@example.com', 'now', 'now');", 'NOT NULL constraint failed'],
  ])('rejects %s', (_, statements, message) => {
    expect(() => run(`${users}\n${posts}\n${statements}`)).toThrow(message)
  })

  it('sets an optional reference to NULL when its row is deleted', () => {
    const sql = [
      users,
      posts,
      user,
      "INSERT INTO users VALUES ('u2', 'b@example.com', 'now', 'now');",
      post(`1, NULL, 'draft', 'u1', 'u2'`),
      "DELETE FROM users WHERE id = 'u2';",
      "SELECT coalesce(editor_id, 'null') FROM posts;",
    ].join('\n')
    expect(run(sql)).toBe('null\n')
  })
})
