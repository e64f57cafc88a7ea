import { createHash } from 'node:crypto'
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseFields } from '../../src/gen/fields.js'
import { inflect } from '../../src/gen/names.js'
import { createInstalledService, output, run, serviceEnv, workRoot } from './toolchain.js'

// fast-check-generated resource specs that the generator's own parsers accept, each generated
// with the packed `honoforge` into ONE installed service, which must then pass its own
// type-check (wrangler types + tsc, as `npm run typecheck` runs it). The in-process
// properties (test/generator/gen-properties.test.ts) check that output parses; this checks
// that it type-checks against the real hono, zod and Workers types.
const count = Number(process.env.HONOFORGE_E2E_SPECS ?? 16)
const seed = Number(process.env.HONOFORGE_PROPERTY_SEED ?? Date.now() % 2 ** 31)
const dir = join(workRoot, 'services', 'svc-props')
const npm = (...args: string[]) => run('npm', args, { cwd: dir, env: serviceEnv() })
const honoforge = (...args: string[]) =>
  run(join(dir, 'node_modules', '.bin', 'honoforge'), args, { cwd: dir, env: serviceEnv() })

/** Every file outside node_modules, hashed: a refused command must leave it identical. */
function snapshot(root: string, prefix = ''): Record<string, string> {
  const tree: Record<string, string> = {}
  for (const name of readdirSync(root).sort()) {
    if (name === 'node_modules' || (prefix === '' && name === '.wrangler')) continue
    const path = join(root, name)
    const info = lstatSync(path)
    if (info.isSymbolicLink()) tree[`${prefix}${name}`] = `link ${readlinkSync(path)}`
    else if (info.isDirectory()) Object.assign(tree, snapshot(path, `${prefix}${name}/`))
    else tree[`${prefix}${name}`] = createHash('sha256').update(readFileSync(path)).digest('hex')
  }
  return tree
}

// ---------------------------------------------------------------------------------------
// Specs: names and fields a user might type, including the ones that are valid but easy to
// get wrong (uncountables, digits, Object.prototype keys, words the templates use).

const names = [
  ...['posts', 'BlogPost', 'people', 'news', 'data', 'series', 'axes', 'v2-items', 'lineItems', 'order_lines'],
  ...['invoice', 'photo', 'reviews', 'shipment', 'profiles', 'categories', 'tags', 'comments', 'stories', 'boxes'],
  ...[
    'analytics',
    'feedback',
    'media',
    'statuses',
    'addresses',
    'children',
    'matrix',
    'quizzes',
    'crises',
    'then-items',
  ],
]
const fieldNames = [
  ...['title', 'body', 'label', 'rating', 'email', 'isbn', 'ab1', 'v2', 'x2y', 'publishedAt', 'then', 'constructor'],
  ...[
    'toString',
    'valueOf',
    'nextCursor',
    'items',
    'result',
    'cursor',
    'page',
    'count',
    'created',
    'row',
    'input',
    'json',
  ],
  ...['request', 'unique', 'counter', 'db', 'now', 'fields', 'updatable', 'results', 'author', 'parent', 'owner'],
]
const kinds = [
  'string',
  'text',
  'integer',
  'number',
  'boolean',
  'datetime',
  'date',
  'email',
  'url',
  'uuid',
  'json',
  'enum',
  'ref',
  'self',
] as const

const fieldArb = fc.record({
  name: fc.constantFrom(...fieldNames),
  kind: fc.constantFrom(...kinds),
  optional: fc.boolean(),
  unique: fc.nat(3).map((n) => n === 0),
  values: fc.uniqueArray(fc.constantFrom('draft', 'live', 'a', 'b-c', 'd_e', 'F1', 'constructor'), {
    minLength: 1,
    maxLength: 4,
  }),
  target: fc.nat(),
})
const resourceArb = fc.record({
  name: fc.constantFrom(...names),
  fields: fc.array(fieldArb, { minLength: 1, maxLength: 7 }),
  public: fc.boolean(),
})

interface Spec {
  name: string
  fields: string[]
  public: boolean
}

/**
 * Turn samples into specs the generator should accept: references point at resources
 * generated earlier (or, optionally, at their own table), and anything the engine's own
 * parsers refuse (a duplicate column or property, a keyword) is dropped, as are names whose
 * forms clash with an earlier resource's.
 */
type Sample = typeof resourceArb extends fc.Arbitrary<infer T> ? T : never

function toSpecs(samples: Sample[]): Spec[] {
  const specs: Spec[] = []
  const taken = new Set(['notes', 'Note', 'note'])
  for (const sample of samples) {
    if (specs.length === count) break
    const forms = inflect(sample.name)
    const keys = [forms.snake, forms.pascal, forms.pascalPlural, forms.camelPlural, forms.kebab]
    if (keys.some((key) => taken.has(key))) continue
    const fields: string[] = []
    for (const field of sample.fields) {
      const modifiers = `${field.optional ? '?' : ''}${field.unique ? '!' : ''}`
      const type =
        field.kind === 'enum'
          ? `enum(${field.values.join('|')})`
          : field.kind === 'ref'
            ? specs.length === 0
              ? 'string'
              : `references(${specs[field.target % specs.length]?.name})`
            : field.kind === 'self'
              ? `references(${sample.name})`
              : field.kind
      const spec = `${field.name}:${type}${field.kind === 'self' ? '?' : modifiers}`
      try {
        parseFields([...fields, spec])
        fields.push(spec)
      } catch {
        // Refused by the engine's parser: not a valid spec.
      }
    }
    if (fields.length === 0) fields.push('title:string')
    for (const key of keys) taken.add(key)
    specs.push({ name: sample.name, fields, public: sample.public })
  }
  return specs
}

const specs = toSpecs(fc.sample(resourceArb, { seed, numRuns: 400 }))
const replay = `replay with HONOFORGE_PROPERTY_SEED=${seed}`

beforeAll(() => {
  createInstalledService('svc-props')
})

describe(`${count} generated resource specs in one service (${replay})`, () => {
  it('Should generate every accepted spec with the packed honoforge', () => {
    expect(specs.length, replay).toBe(count)
    for (const spec of specs) {
      const args = ['gen', 'resource', spec.name, ...spec.fields, ...(spec.public ? ['--public'] : [])]
      const before = snapshot(dir)
      const result = honoforge(...args)
      expect(result.status, `honoforge ${args.join(' ')}\n${replay}\n${output(result)}`).toBe(0)
      expect(Object.keys(snapshot(dir)).length).toBeGreaterThan(Object.keys(before).length)
    }
  })

  it('Should still pass its own type-check', () => {
    const typecheck = npm('run', 'typecheck')
    const generated = specs
      .map((spec) => `  ${spec.name} ${spec.fields.join(' ')}${spec.public ? ' --public' : ''}`)
      .join('\n')
    expect(typecheck.status, `${replay}\nspecs:\n${generated}\n${output(typecheck)}`).toBe(0)
  })

  it("Should pass the service's whole test suite, generated tests included", () => {
    const tests = npm('test')
    expect(tests.status, `${replay}\n${output(tests)}`).toBe(0)
  })

  it('Should keep openapi.json and the client types as npm run openapi writes them', () => {
    const files = [join(dir, 'public', 'openapi.json'), join(dir, 'client', 'api.d.ts')]
    const before = files.map((file) => readFileSync(file, 'utf8'))
    const rebuilt = npm('run', 'openapi')
    expect(rebuilt.status, output(rebuilt)).toBe(0)
    expect(
      files.map((file) => readFileSync(file, 'utf8')),
      replay,
    ).toEqual(before)
  })
})
