import { describe, expect, it } from 'vitest'
import { parseFields } from '../../../src/gen/fields.js'
import { inflect } from '../../../src/gen/names.js'
import type { Database } from '../../../src/gen/project.js'
import { resourceModel } from '../../../src/gen/resource-model.js'

// Every field type, required and optional, as the data-access module and the tests see it.
const fields = parseFields([
  'title:string!',
  'rank:integer',
  'score:number?',
  'done:boolean',
  'meta:json?',
  'at:datetime',
  'born:date?',
  'status:enum(on|off)',
  'ref:uuid?',
])

const model = (database: Database) =>
  resourceModel({ resource: inflect('posts'), fields, protected: false, endpoints: [], ancestors: [], database })

const fromRow = (database: Database) =>
  Object.fromEntries(model(database).fields.map((field) => [field.name, field.fromRow]))

describe('resource data access per database', () => {
  it('reads D1 rows: booleans from 0/1, JSON from text, everything else as stored', () => {
    expect(fromRow('d1')).toEqual({
      title: 'row.title',
      rank: 'row.rank',
      score: 'row.score',
      done: 'row.done === 1',
      meta: 'row.meta === null ? null : JSON.parse(row.meta)',
      at: 'row.at',
      born: 'row.born',
      status: 'row.status',
      ref: 'row.ref',
    })
    const { db } = model('d1')
    expect(db.client).toBe('c.env.DB')
    expect(db.rowType).toContain('done: number; meta: string | null; at: string;')
    expect(db.rowType).toContain('created_at: string; updated_at: string')
    expect(db.conversionNote).toBe('booleans as 0/1, JSON as text')
  })

  it('reads Postgres rows as postgres.js returns them: bigint as text, dates as Date, jsonb parsed', () => {
    expect(fromRow('postgres')).toEqual({
      title: 'row.title',
      rank: 'Number(row.rank)',
      score: 'row.score',
      done: 'row.done',
      meta: 'row.meta',
      at: 'row.at.toISOString()',
      born: 'row.born === null ? null : row.born.toISOString().slice(0, 10)',
      status: 'row.status',
      ref: 'row.ref',
    })
    const { db } = model('postgres')
    expect(db.client).toBe('db(c)')
    expect(db.rowType).toContain(
      'rank: string; score: number | null; done: boolean; meta: Record<string, unknown> | null; at: Date; born: Date | null;',
    )
    expect(db.rowType).toContain('created_at: Date; updated_at: Date')
    expect(db.json).toBe(true)
  })

  it('inserts Postgres rows with every column named, JSON typed for postgres.js and nothing else converted', () => {
    expect(model('postgres').db.insertRow).toBe(
      '{ id: uuidv7(), title: input.title, rank: input.rank, score: input.score ?? null, done: input.done, ' +
        'meta: input.meta == null ? null : input.meta as JSONValue, at: input.at, born: input.born ?? null, ' +
        'status: input.status, ref: input.ref ?? null, created_at: now, updated_at: now }',
    )
  })

  it('expects the tests to read back each database the way its driver returns rows', () => {
    expect(model('d1').test.rowEntries).toEqual(
      expect.arrayContaining([
        'done: Number(item.done)',
        'meta: item.meta === null ? null : JSON.stringify(item.meta)',
        'created_at: item.createdAt',
      ]),
    )
    expect(model('postgres').test.rowEntries).toEqual([
      'id: item.id',
      'title: item.title',
      'rank: String(item.rank)',
      'score: item.score',
      'done: item.done',
      'meta: item.meta',
      'at: new Date(item.at)',
      'born: item.born === null ? null : new Date(item.born)',
      'status: item.status',
      'ref: item.ref',
      'created_at: new Date(item.createdAt)',
      'updated_at: new Date(item.updatedAt)',
    ])
  })

  it('quotes the columns the tests read', () => {
    expect(model('postgres').test.columns).toBe(
      "'id', 'title', 'rank', 'score', 'done', 'meta', 'at', 'born', 'status', 'ref', 'created_at', 'updated_at'",
    )
  })
})
