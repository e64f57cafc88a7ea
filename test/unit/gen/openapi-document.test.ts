import { describe, expect, it } from 'vitest'
import { GenError } from '../../../src/gen/errors.js'
import { parseDocument, serializeDocument, withModule, withoutModule, type OpenApiDocument } from '../../../src/gen/openapi-document.js'

const problem = { type: 'object' }
const ref = (name: string) => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } })
const op = (tag: string, schema: string, secured = false) => ({
  tags: [tag],
  ...(secured && { security: [{ bearerAuth: [] }] }),
  responses: { 200: ref(schema), 500: { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } } },
})

/** What buildDocument writes for modules listed in order: [tag, path, schema name, secured]. */
function built(...modules: Array<[string, string, string, boolean?]>): OpenApiDocument {
  const document: OpenApiDocument = { openapi: '3.1.0', info: { title: 't' }, tags: [], paths: {}, components: { schemas: { Problem: problem } } }
  for (const [tag, path, schema, secured] of modules) {
    document.tags.push({ name: tag })
    document.paths[path] = { ...document.paths[path], get: op(tag, schema, secured) }
    document.components.schemas[schema] = { title: schema }
  }
  if (modules.some(([, , , secured]) => secured)) document.components.securitySchemes = { bearerAuth: { type: 'http' } }
  return document
}

describe('withModule / withoutModule', () => {
  it('Should add a module the way a full build lists it: last, its schemas after the others', () => {
    const merged = withModule(built(['notes', '/notes', 'Note']), 'tags', built(['tags', '/tags', 'Tag', true]))
    expect(serializeDocument(merged)).toBe(serializeDocument(built(['notes', '/notes', 'Note'], ['tags', '/tags', 'Tag', true])))
  })

  it('Should replace a module in place, dropping operations and schemas it no longer has', () => {
    const before = built(['a', '/a', 'A'], ['b', '/b', 'B'], ['c', '/c', 'C'])
    const part = built(['b', '/b2', 'B2'])
    const merged = withModule(before, 'b', part)
    expect(Object.keys(merged.paths)).toEqual(['/a', '/c', '/b2'])
    expect(Object.keys(merged.components.schemas)).toEqual(['Problem', 'A', 'C', 'B2'])
    expect(merged.tags).toEqual([{ name: 'a' }, { name: 'b' }, { name: 'c' }])
    expect(withModule(before, 'b', built(['b', '/b', 'B']))).toEqual(before)
  })

  it('Should take a module out, with its tag, schemas and a security scheme nothing needs any more', () => {
    const full = built(['notes', '/notes', 'Note'], ['tags', '/tags', 'Tag', true])
    expect(withoutModule(full, 'tags')).toEqual(built(['notes', '/notes', 'Note']))
    expect(full.paths['/tags']).toBeDefined()
  })

  it('Should keep a path shared with another module when one module goes', () => {
    const shared = built(['a', '/x', 'A'])
    shared.paths['/x'] = { ...shared.paths['/x'], post: op('b', 'B') }
    shared.tags.push({ name: 'b' })
    shared.components.schemas.B = { title: 'B' }
    expect(Object.keys(withoutModule(shared, 'b').paths['/x'] ?? {})).toEqual(['get'])
  })

  it('Should refuse an operation or a schema name another module owns', () => {
    const notes = built(['notes', '/notes', 'Note'])
    expect(() => withModule(notes, 'other', built(['other', '/notes', 'Other']))).toThrow('GET /notes is already served by the "notes" module')
    expect(() => withModule(notes, 'other', built(['other', '/other', 'Note']))).toThrow('The schema name "Note" is already used')
  })
})

describe('parseDocument', () => {
  it.each([[undefined, 'is missing'], ['{', 'is not valid JSON'], ['{"paths":{}}', 'lacks tags, paths or components.schemas']])(
    'Should refuse %j: %s',
    (text, message) => {
      expect(() => parseDocument(text)).toThrow(GenError)
      expect(() => parseDocument(text)).toThrow(message)
    },
  )
})
