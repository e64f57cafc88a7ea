import { describe, expect, it } from 'vitest'
import { endpointModel, parseMethod, pathParams } from '../../../src/gen/endpoint-model.js'
import { parseFields } from '../../../src/gen/fields.js'
import { moduleName } from '../../../src/gen/names.js'
import { article, objectLiteral } from '../../../src/gen/source-format.js'

describe('pathParams', () => {
  it.each([
    ['/stats', []],
    ['/books/:id/publish', ['id']],
    ['/users/:userId/books/:bookId', ['userId', 'bookId']],
    ['/v1/files/report.csv', []],
  ])('%s has parameters %j', (path, params) => {
    expect(pathParams(path)).toEqual(params)
  })

  it.each([
    ['books', 'must start with "/"'],
    ['/', 'the root path is taken'],
    ['/books//x', 'empty segment'],
    ['/books/', 'empty segment'],
    ['/books/:1st', 'must be a letter'],
    ['/books/:id/:id', 'appears twice'],
    ['/books/*', 'may only contain'],
    ['/books/a b', 'may only contain'],
  ])('refuses %s', (path, message) => {
    expect(() => pathParams(path)).toThrow(message)
  })
})

describe('parseMethod', () => {
  it('accepts any case and suggests the nearest method', () => {
    expect(parseMethod('PATCH')).toBe('patch')
    expect(() => parseMethod('gett')).toThrow('Did you mean "get"?')
  })
})

describe('endpointModel', () => {
  const model = (path: string, query: string[] = [], body: string[] = [], protect = false) =>
    endpointModel({
      names: moduleName('publish-book', 'endpoint name'),
      method: 'post',
      path,
      query: parseFields(query, { columns: false }),
      body: parseFields(body, { columns: false }),
      protected: protect,
    })

  it('types ids in the path as UUIDs and coerces query values', () => {
    const m = model('/shelves/:shelfId/books/:slug', ['limit:integer?', 'draft:boolean', 'order:enum(asc|desc)'])
    expect(m.params).toEqual([
      { name: 'shelfId', zod: 'z.uuid()' },
      { name: 'slug', zod: 'z.string()' },
    ])
    expect(m.query.map((field) => [field.zod, field.output])).toEqual([
      ['z.optional(z.coerce.number().check(z.int()))', 'z.optional(z.int())'],
      ['z.stringbool()', 'z.boolean()'],
      ["z.enum(['asc', 'desc'])", "z.enum(['asc', 'desc'])"],
    ])
    expect(m.test.url).toBe("'/shelves/0190a5e2-0000-7000-8000-000000000001/books/sample?limit=1&draft=true&order=asc'")
  })

  it('chains auth before the validators and echoes the validated parts in the handler', () => {
    expect(model('/x', [], ['title:string']).handler.chain).toEqual(['jsonBody(PublishBookBody)'])
    expect(model('/x/:id', ['term:string'], ['title:string'], true).handler.chain).toEqual([
      'requireAuth',
      "valid('param', PublishBookParams)",
      "valid('query', PublishBookQuery)",
      'jsonBody(PublishBookBody)',
    ])
    expect(model('/x', [], ['title:string']).handler.result).toBe("{ ...c.req.valid('json') }")
    expect(model('/x').handler.schemaImports).toBe('PublishBookResult')
  })

  it('gives a body a request example with a plausible value per field', () => {
    expect(model('/x', [], ['title:string', 'count:integer?']).openapi.example).toBe(
      "{ title: 'Sample title', count: 1 }",
    )
    expect(model('/x').openapi.example).toBe('')
  })
})

describe('source formatting', () => {
  it('writes an object or type literal on one line, leaving the layout to the formatter', () => {
    expect(objectLiteral(['a: 1', 'b: 2'])).toBe('{ a: 1, b: 2 }')
    expect(objectLiteral(['a: string', 'b: number'], ';')).toBe('{ a: string; b: number }')
    expect(objectLiteral([])).toBe('{}')
  })

  it.each([
    ['author', 'an'],
    ['user', 'a'],
    ['umbrella', 'an'],
    ['book', 'a'],
    ['hour', 'an'],
    ['enum', 'an'],
    ['json', 'a'],
  ])('says "%s" with the article "%s"', (word, expected) => {
    expect(article(word)).toBe(expected)
  })
})

describe('moduleName', () => {
  it('keeps the words as given', () => {
    expect(moduleName('publishBooks', 'endpoint name')).toMatchObject({
      kebab: 'publish-books',
      camel: 'publishBooks',
      pascal: 'PublishBooks',
    })
  })

  it.each([
    ['delete', 'endpoint name', 'JavaScript reserved word'],
    ['health', 'endpoint name', 'built-in route module'],
    ['promise', 'middleware name', 'would shadow the built-in one'],
    ['../x', 'middleware name', 'must not contain ".."'],
  ] as const)('refuses %s as %s', (name, label, message) => {
    expect(() => moduleName(name, label)).toThrow(message)
  })
})
