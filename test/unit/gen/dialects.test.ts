import { describe, expect, it } from 'vitest'
import { type Dialect, dialects, sqlite } from '../../../src/gen/dialects/index.js'
import { parseFields } from '../../../src/gen/fields.js'
import { migrationSql } from '../../../src/gen/migrations.js'
import { inflect } from '../../../src/gen/names.js'
import { evolveTableSql } from '../../../src/gen/table-evolution.js'

const posts = inflect('posts')

/**
 * A dialect that can make a kept column nullable in place, as Postgres can: the generators
 * must write what it says, not what SQLite would.
 */
const relaxing: Dialect = {
  ...sqlite,
  label: 'Relaxed SQL',
  changeColumn: (table, before, after) =>
    before.optional && !after.optional
      ? { refused: `${after.column} cannot become required` }
      : before.optional === after.optional
        ? []
        : [`ALTER TABLE ${table.snake} ALTER COLUMN ${after.column} DROP NOT NULL;`],
  dropTable: (table) => `DROP TABLE IF EXISTS ${table.snake};`,
  customMigration: '-- Relaxed.\n',
}

describe('dialects', () => {
  it('writes D1 SQL through the SQLite dialect', () => {
    expect(dialects.d1).toBe(sqlite)
    expect(parseFields(['done:boolean?']).map((field) => sqlite.column(field))).toEqual([
      { type: 'INTEGER', notNull: false, check: 'done IN (0, 1)', references: undefined },
    ])
  })

  it('lets a dialect write the statements of every migration intent', () => {
    expect(migrationSql('drop_posts', { kind: 'drop-table', table: posts }, [], relaxing)).toBe(
      'DROP TABLE IF EXISTS posts;\n',
    )
    expect(migrationSql('backfill', { kind: 'custom' }, [], relaxing)).toBe('-- Relaxed.\n')
    expect(() =>
      migrationSql('add_body_to_posts', { kind: 'add-columns', table: posts }, parseFields(['body:text']), relaxing),
    ).toThrow('Migration add_body_to_posts: Relaxed SQL cannot add a NOT NULL column')
  })

  it('changes a kept column in place when the dialect can, as an alter_ migration', () => {
    expect(evolveTableSql(posts, parseFields(['title:string']), parseFields(['title:string?']), relaxing)).toEqual({
      name: 'alter_posts',
      sql: 'ALTER TABLE posts ALTER COLUMN title DROP NOT NULL;\n',
    })
    expect(() =>
      evolveTableSql(posts, parseFields(['title:string?']), parseFields(['title:string']), relaxing),
    ).toThrow('title cannot become required')
  })
})
