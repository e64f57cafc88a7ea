import { parse } from 'jsonc-parser'
import { describe, expect, it } from 'vitest'
import { GenError } from '../../../src/gen/errors.js'
import {
  configScopes,
  ensureArrayItem,
  ensureD1Binding,
  ensureVar,
  parseWranglerConfig,
  setIfAbsent,
} from '../../../src/gen/wrangler-config.js'
import { template } from './wrangler-template.js'

const db = { binding: 'DB', database_name: 'api', migrations_dir: 'migrations' }
/** The parts of a parsed config the tests read (`parse` checks no shape; the expectations do). */
interface Scope {
  vars: Record<string, string>
  d1_databases: unknown[]
}
const value = (source: string) => parse(source) as Scope & { env: Record<'staging' | 'production', Scope> }

describe('the service template config', () => {
  it('has a top level and two environments', async () => {
    expect(configScopes(await template({ jwt: true, d1: true }))).toEqual([
      [],
      ['env', 'staging'],
      ['env', 'production'],
    ])
  })

  it('adds a var to every scope, keeping comments and one-line objects', async () => {
    const source = await template({ jwt: true, d1: true })
    let edited = source
    for (const scope of configScopes(source)) edited = ensureVar(edited, 'FEATURE_FLAGS', 'beta', scope)
    const config = value(edited)
    expect(config.vars).toEqual({ CORS_ORIGINS: 'http://localhost:5173', FEATURE_FLAGS: 'beta' })
    expect(config.env.staging.vars.FEATURE_FLAGS).toBe('beta')
    expect(config.env.production.vars.FEATURE_FLAGS).toBe('beta')
    expect(edited).toContain(
      '    // Comma-separated origins allowed to call the API from a browser.\n    "CORS_ORIGINS": "http://localhost:5173",\n    "FEATURE_FLAGS": "beta"\n  },',
    )
    expect(edited).toContain('"vars": { "CORS_ORIGINS": "", "FEATURE_FLAGS": "beta" },')
    // Everything else is untouched.
    const removed = edited.replaceAll(',\n    "FEATURE_FLAGS": "beta"', '').replaceAll(', "FEATURE_FLAGS": "beta"', '')
    expect(removed).toBe(source)
  })

  it('adds the D1 binding to every scope of a service made without D1', async () => {
    const source = await template({ jwt: false, d1: false })
    let edited = source
    for (const scope of configScopes(source)) edited = ensureD1Binding(edited, db, scope)
    const config = value(edited)
    expect(config.d1_databases).toEqual([db])
    expect(config.env.staging.d1_databases).toEqual([db])
    expect(config.env.production.d1_databases).toEqual([db])
    expect(edited).toContain(
      '"ratelimits": [{ "name": "RATE_LIMITER", "namespace_id": "1001", "simple": { "limit": 100, "period": 60 } }],',
    )
    expect(edited.startsWith('// Worker configuration:')).toBe(true)
  })

  it('changes nothing when the binding or var is already there (the user’s value wins)', async () => {
    const source = await template({ jwt: true, d1: true })
    for (const scope of configScopes(source)) {
      expect(ensureD1Binding(source, { ...db, database_name: 'other' }, scope)).toBe(source)
      expect(ensureVar(source, 'CORS_ORIGINS', 'https://evil.example', scope)).toBe(source)
    }
  })

  it('is idempotent', async () => {
    const source = await template({ jwt: false, d1: false })
    const once = ensureVar(ensureD1Binding(source, db), 'A', 'b')
    expect(ensureVar(ensureD1Binding(once, db), 'A', 'b')).toBe(once)
  })
})

describe('structural edits', () => {
  it('appends to a one-line array on the same line', () => {
    const source = '{\n  "d1_databases": [{ "binding": "DB" }]\n}\n'
    expect(ensureArrayItem(source, ['d1_databases'], 'binding', { binding: 'CACHE', database_name: 'c' })).toBe(
      '{\n  "d1_databases": [{ "binding": "DB" }, { "binding": "CACHE", "database_name": "c" }]\n}\n',
    )
  })

  it('appends to a multi-line array with the file’s indentation', () => {
    const source = '{\n\t"d1_databases": [\n\t\t{ "binding": "DB" } // main\n\t]\n}\n'
    const edited = ensureArrayItem(source, ['d1_databases'], 'binding', { binding: 'CACHE' })
    expect(value(edited).d1_databases).toEqual([{ binding: 'DB' }, { binding: 'CACHE' }])
    expect(edited).toContain('// main')
    expect(edited).toContain('\t\t{\n\t\t\t"binding": "CACHE"\n\t\t}')
  })

  it('keeps CRLF line endings', () => {
    const source = '{\r\n  "name": "api"\r\n}\r\n'
    const edited = setIfAbsent(source, ['vars', 'A'], 'b')
    expect(value(edited).vars).toEqual({ A: 'b' })
    expect(edited.replaceAll('\r\n', '')).not.toContain('\n')
  })

  it('creates missing containers', () => {
    expect(value(setIfAbsent('{}', ['vars', 'A'], 'b'))).toEqual({ vars: { A: 'b' } })
    expect(value(ensureD1Binding('{ "name": "x" }', db))).toEqual({ name: 'x', d1_databases: [db] })
  })
})

describe('refuses a config of an unexpected shape', () => {
  it.each([
    [
      'a syntax error',
      '{\n  "name": "api"\n  "main": "x"\n}',
      () => undefined,
      'has a syntax error at line 3, column 3 (CommaExpected)',
    ],
    ['an array at the root', '[]', () => undefined, 'must contain a JSON object'],
    ['an empty file', '', () => undefined, 'has a syntax error at line 1, column 1 (ValueExpected)'],
    ['a string at the root', '"api"', () => undefined, 'must contain a JSON object'],
    [
      'd1_databases that is not an array',
      '{ "d1_databases": {} }',
      (s: string) => ensureD1Binding(s, db),
      '"d1_databases" should be an array',
    ],
    [
      'vars that is not an object',
      '{ "vars": "A=b" }',
      (s: string) => ensureVar(s, 'A', 'b'),
      '"vars" should be an object',
    ],
    [
      'env that is not an object',
      '{ "env": [] }',
      (s: string) => configScopes(s),
      '"env" should be an object of environments',
    ],
    [
      'a missing environment',
      '{ "env": {} }',
      (s: string) => ensureVar(s, 'A', 'b', ['env', 'staging']),
      'has no "env.staging" environment object',
    ],
  ])('%s', (_, source, edit, message) => {
    const run = () => {
      parseWranglerConfig(source)
      edit(source)
    }
    expect(run).toThrow(GenError)
    expect(run).toThrow(`wrangler.jsonc ${message}; fix it and run the command again.`)
  })
})
