import { describe, expect, it } from 'vitest'
import { closest, levenshtein } from '../../../src/gen/did-you-mean.js'
import { GenError } from '../../../src/gen/errors.js'
import { parseField, parseFields, queryZod } from '../../../src/gen/fields.js'

describe('parseField', () => {
  const str = 'z.string().check(z.trim(), z.minLength(1), z.maxLength(200))'
  it.each([
    // spec, column DDL, zod input, zod output
    ['title:string', 'title TEXT NOT NULL', str, 'z.string()'],
    ['body:text', 'body TEXT NOT NULL', 'z.string().check(z.maxLength(10_000))', 'z.string()'],
    ['views:integer', 'views INTEGER NOT NULL', 'z.int()', 'z.int()'],
    ['price:number', 'price REAL NOT NULL', 'z.number()', 'z.number()'],
    ['published:boolean', 'published INTEGER NOT NULL CHECK (published IN (0, 1))', 'z.boolean()', 'z.boolean()'],
    ['published_at:datetime', 'published_at TEXT NOT NULL', 'z.iso.datetime()', 'z.iso.datetime()'],
    ['external_id:uuid', 'external_id TEXT NOT NULL', 'z.uuid()', 'z.uuid()'],
    ['born_on:date', 'born_on TEXT NOT NULL', 'z.iso.date()', 'z.iso.date()'],
    ['contact:email', 'contact TEXT NOT NULL', 'z.email().check(z.maxLength(254))', 'z.email()'],
    [
      'site:url?',
      'site TEXT',
      'z.optional(z.nullable(z.url({ protocol: /^https?$/ }).check(z.maxLength(2048))))',
      'z.nullable(z.url())',
    ],
    [
      'settings:json',
      'settings TEXT NOT NULL CHECK (json_valid(settings))',
      'z.record(z.string(), z.unknown())',
      'z.record(z.string(), z.unknown())',
    ],
    [
      'status:enum(draft|published|archived)',
      "status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'archived'))",
      "z.enum(['draft', 'published', 'archived'])",
      "z.enum(['draft', 'published', 'archived'])",
    ],
    [
      'stage:enum(in-progress|done)',
      "stage TEXT NOT NULL CHECK (stage IN ('in-progress', 'done'))",
      "z.enum(['in-progress', 'done'])",
      "z.enum(['in-progress', 'done'])",
    ],
    [
      'author:references(users)',
      'author_id TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT',
      'z.uuid()',
      'z.uuid()',
    ],
    [
      'author_id:references(user)',
      'author_id TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT',
      'z.uuid()',
      'z.uuid()',
    ],
    [
      'parent:references(BlogPosts)?',
      'parent_id TEXT REFERENCES blog_posts(id) ON DELETE SET NULL',
      'z.optional(z.nullable(z.uuid()))',
      'z.nullable(z.uuid())',
    ],
    // Uniqueness is a named index of the migration, not a constraint of the column.
    ['email:string!', 'email TEXT NOT NULL', str, 'z.string()'],
    ['nickname:string?', 'nickname TEXT', `z.optional(z.nullable(${str}))`, 'z.nullable(z.string())'],
    ['slug:string?!', 'slug TEXT', `z.optional(z.nullable(${str}))`, 'z.nullable(z.string())'],
    ['slug:string!?', 'slug TEXT', `z.optional(z.nullable(${str}))`, 'z.nullable(z.string())'],
    ['rank:integer?', 'rank INTEGER', 'z.optional(z.nullable(z.int()))', 'z.nullable(z.int())'],
    [
      'meta:json?',
      'meta TEXT CHECK (meta IS NULL OR json_valid(meta))',
      'z.optional(z.nullable(z.record(z.string(), z.unknown())))',
      'z.nullable(z.record(z.string(), z.unknown()))',
    ],
    [
      'flag:boolean?',
      'flag INTEGER CHECK (flag IN (0, 1))',
      'z.optional(z.nullable(z.boolean()))',
      'z.nullable(z.boolean())',
    ],
    [
      'kind:enum(a)?',
      "kind TEXT CHECK (kind IN ('a'))",
      "z.optional(z.nullable(z.enum(['a'])))",
      "z.nullable(z.enum(['a']))",
    ],
    ['firstName:string', 'first_name TEXT NOT NULL', str, 'z.string()'],
    ['ZipCode:string', 'zip_code TEXT NOT NULL', str, 'z.string()'],
  ])('%s', (spec, ddl, input, output) => {
    const field = parseField(spec)
    expect(field.ddl).toBe(ddl)
    expect(field.zod).toEqual({ input, output })
  })

  it('names the column in snake case and the property in camel case', () => {
    expect(parseField('firstName:string')).toMatchObject({ column: 'first_name', name: 'firstName' })
    expect(parseField('author:references(users)')).toMatchObject({
      column: 'author_id',
      name: 'authorId',
      indexed: true,
    })
    expect(parseField('author:references(users)').target?.snake).toBe('users')
  })

  it('gives the column parts for ALTER TABLE', () => {
    expect(parseField('status:enum(a|b)?').sql).toEqual({
      type: 'TEXT',
      notNull: false,
      check: "status IN ('a', 'b')",
      references: undefined,
    })
    expect(parseField('views:integer!')).toMatchObject({ optional: false, unique: true, kind: 'integer', values: [] })
  })

  it.each([
    // spec, filters the list, gets an index of (column, id)
    ['status:enum(a|b)', true, true],
    ['done:boolean?', true, true],
    ['external_id:uuid', true, true],
    ['author:references(users)?', true, true],
    // Unique fields filter too; their unique index serves the filter.
    ['slug:string!', true, false],
    ['count:integer!', true, false],
    ['title:string', false, false],
    ['born_on:date', false, false],
    ['meta:json?', false, false],
  ])('%s: filter %s, indexed %s', (spec, filter, indexed) => {
    expect(parseField(spec)).toMatchObject({ filter, indexed })
  })

  it('parses query strings as text: numbers coerced, booleans from "true"/"false", others as in bodies', () => {
    expect(queryZod(parseField('count:integer!'))).toEqual({
      input: 'z.coerce.number().check(z.int())',
      output: 'z.int()',
    })
    expect(queryZod(parseField('done:boolean?'))).toEqual({ input: 'z.stringbool()', output: 'z.boolean()' })
    // Never null: an absent parameter is how a query leaves a filter out.
    expect(queryZod(parseField('status:enum(a|b)?'))).toEqual({
      input: "z.enum(['a', 'b'])",
      output: "z.enum(['a', 'b'])",
    })
  })

  it('keeps the enum values in order', () => {
    expect(parseField('size:enum(s|m|l|xl)').values).toEqual(['s', 'm', 'l', 'xl'])
  })

  it.each([
    ['title', 'it has no type; write it as name:type, e.g. title:string.'],
    ['', 'e.g. title:string'],
    ['title:', 'it has no type after ":"; e.g. title:string.'],
    [':string', 'Invalid field name "" in ":string": it is empty.'],
    ['title:strng', 'unknown type "strng". Did you mean "string"?'],
    ['title:txt', 'Did you mean "text"?'],
    ['views:int', 'Did you mean "integer"?'],
    ['views:integr', 'Did you mean "integer"?'],
    ['price:float', 'Did you mean "number"?'],
    ['price:decimal', 'Did you mean "number"?'],
    ['done:bool', 'Did you mean "boolean"?'],
    ['done:bolean', 'Did you mean "boolean"?'],
    ['at:timestamp', 'Did you mean "datetime"?'],
    ['at:time', 'Did you mean "datetime"?'],
    ['contact:mail', 'Did you mean "email"?'],
    ['site:uri', 'Did you mean "url"?'],
    ['meta:object', 'Did you mean "json"?'],
    ['status:enumm(a|b)', 'Did you mean "enum"?'],
    ['author:ref(users)', 'Did you mean "references"?'],
    ['author:refrences(users)', 'Did you mean "references"?'],
    ['cursor:uuid', 'the list route would filter by "cursor", but ?cursor= pages the list'],
    [
      'x1:blob',
      'unknown type "blob". Types: string, text, integer, number, boolean, datetime, date, email, url, uuid, json, enum, references.',
    ],
    ['title:String', 'write the type in lowercase: "string".'],
    ['title: string', 'write the type as type, type? (optional)'],
    ['title:string??', 'the modifier "?" is repeated.'],
    ['title:string!!', 'the modifier "!" is repeated.'],
    ['title:string*', 'write the type as type'],
    ['title:string(20)', 'the type string takes no arguments.'],
    ['status:enum', 'enum needs its values: enum(draft|published).'],
    ['status:enum()', 'enum() needs at least one value'],
    ['status:enum(a||b)', 'enum value "" is not valid'],
    ['status:enum(a|a)', 'enum value "a" is listed twice.'],
    ['status:enum(1st|2nd)', 'enum value "1st" is not valid'],
    ["status:enum(it's|ok)", `enum value "it's" is not valid`],
    ['status:enum(a b|c)', 'enum value "a b" is not valid'],
    ['status:enum(a|b', 'write the type as type'],
    ['author:references', 'references needs the referenced resource: references(users).'],
    ['author:references()', 'references needs the referenced resource'],
    [
      'author:references(1users)',
      'Invalid resource name "1users" in "author:references(1users)": it must not start with a digit.',
    ],
    ['author:references(values)', 'SQLite keyword'],
    ['done:boolean!', 'a boolean field cannot be unique ("!").'],
    ['meta:json!', 'a json field cannot be unique ("!").'],
    ['id:uuid', '"id" is added to every table automatically; remove it.'],
    ['created_at:datetime', '"created_at" is added to every table automatically'],
    ['updatedAt:datetime', '"updated_at" is added to every table automatically'],
    ['order:integer', '"order" is an SQLite keyword; choose another column name.'],
    ['group:string', '"group" is an SQLite keyword'],
    ['key:string', '"key" is an SQLite keyword'],
    ['user:string', '"user" is reserved in Postgres; choose another column name.'],
    ['only:boolean', '"only" is reserved in Postgres'],
    ['1st:string', 'Invalid field name "1st" in "1st:string": it must not start with a digit.'],
    ['first name:string', 'may only contain letters, digits'],
    ['first__name:string', 'consecutive separators'],
    ['naïve:string', 'must be ASCII'],
    ['a/b:string', 'path separators'],
  ])('refuses %j: %s', (spec, message) => {
    expect(() => parseField(spec)).toThrow(GenError)
    expect(() => parseField(spec)).toThrow(message)
  })

  it('quotes the whole spec in the message', () => {
    expect(() => parseField('title:strng')).toThrow(/^Invalid field "title:strng": unknown type "strng"\./)
  })
})

describe('parseFields', () => {
  it('parses every spec, in order', () => {
    expect(parseFields(['title:string', 'body:text?']).map((field) => field.column)).toEqual(['title', 'body'])
  })

  it.each([
    [['title:string', 'title:text'], '"title:string" and "title:text" both use the column "title"'],
    [['firstName:string', 'first_name:string'], 'both use the column "first_name"'],
    [['author:references(users)', 'author_id:uuid'], 'both use the column "author_id"'],
  ])('refuses duplicates %j', (specs, message) => {
    expect(() => parseFields(specs)).toThrow(`Duplicate field: ${''}`)
    expect(() => parseFields(specs)).toThrow(message)
  })
})

describe('did you mean', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['string', 'strng', 1],
    ['flaw', 'lawn', 2],
  ])('levenshtein(%j, %j) = %i', (a, b, distance) => {
    expect(levenshtein(a, b)).toBe(distance)
    expect(levenshtein(b, a)).toBe(distance)
  })

  it('suggests only close candidates', () => {
    expect(closest('strng', ['string', 'text'])).toBe('string')
    expect(closest('STRNG', ['string'])).toBe('string')
    expect(closest('xyz', ['string', 'text'])).toBeUndefined()
  })
})
