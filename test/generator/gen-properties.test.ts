/**
 * Property-based tests of the generator commands, run in-process (`runCli`, as the other
 * generator tests do) on services rendered from the real template. Whatever names and field
 * specs fast-check comes up with (near-valid names with unicode, separators, `..`, reserved
 * and SQLite words, long strings, leading digits; field specs with random types, modifiers,
 * enum lists and references), a command either
 * - exits 1 with a message, leaving every file, directory and symlink byte-identical and no
 *   temp file or staging folder behind, or
 * - exits 0, and then every TypeScript file it wrote parses, has no duplicate top-level
 *   binding or object key, the registries, manifest, openapi.json and wrangler.jsonc still
 *   parse with the engine's own parsers, every registry import resolves, every migration
 *   runs in sqlite3, a new resource's schemas validate (an empty PATCH is fine), running it
 *   again changes nothing, and a new resource destroyed again leaves only its two
 *   migrations behind.
 * Inputs these tests once found are replayed first on every run (fast-check `examples`).
 *
 * Runs: HONOFORGE_PROPERTY_RUNS (default 100 resource commands, half that for the other
 * commands); HONOFORGE_PROPERTY_SEED replays a failure. The type-check of generated code
 * against real dependencies is test/e2e/gen-properties.test.ts.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, realpath, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, posix } from 'node:path'
import { pathToFileURL } from 'node:url'
import fc from 'fast-check'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseManifest } from '../../src/gen/manifest.js'
import { parseRegistry, routeRegistry } from '../../src/gen/registry.js'
import { parseWranglerConfig } from '../../src/gen/wrangler-config.js'
import { createProject, fullSnapshot, type TestProject, treeDiff } from './gen-project.js'

const runs = Number(process.env.HONOFORGE_PROPERTY_RUNS ?? 100)
const seed = process.env.HONOFORGE_PROPERTY_SEED === undefined ? undefined : Number(process.env.HONOFORGE_PROPERTY_SEED)
const fcOptions = <T>(numRuns: number, examples: T[] = []) => ({
  numRuns,
  seed,
  endOnFailure: true,
  examples: examples.map((example) => [example] as [T]),
})
const hasSqlite = (() => {
  try {
    execFileSync('sqlite3', ['-version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

// ---------------------------------------------------------------------------------------
// Inputs

/** Words a user might type, and words that are trouble: reserved in JS, TS, SQLite or the service. */
const words = [
  ...['post', 'posts', 'BlogPost', 'blog_posts', 'person', 'people', 'news', 'data', 'series', 'axis', 'canvas'],
  ...['status', 'title', 'body', 'label', 'author', 'authors', 'tag', 'tags', 'category', 'v2', 'item', 'a1'],
  ...['class', 'const', 'await', 'yield', 'enum', 'interface', 'let', 'static', 'null', 'true', 'arguments'],
  ...['type', 'async', 'of', 'declare', 'namespace', 'keyof', 'any', 'never', 'unknown', 'then', 'constructor'],
  ...['toString', 'prototype', '__proto__', 'hasOwnProperty', 'valueOf', 'undefined', 'NaN', 'Infinity'],
  ...['select', 'order', 'group', 'table', 'index', 'key', 'values', 'default', 'limit', 'offset', 'rowid', 'oid'],
  ...['sqlite_master', 'sqlite_sequence', 'd1_migrations', 'id', 'created_at', 'createdAt', 'updated_at'],
  ...['health', 'ready', 'docs', 'openapi', 'me', 'notes', 'note', 'Promise', 'Record', 'Hono', 'Request'],
  ...['Context', 'AppEnv', 'ProblemError', 'PathGroup', 'Partial', 'Readonly', 'Error', 'String', 'Object'],
  ...['json', 'jsonBody', 'valid', 'request', 'requireAuth', 'env', 'it', 'describe', 'expect', 'z', 'app'],
  ...['createMiddleware', 'uuidv7', 'updatable', 'columnValue', 'counter', 'unique', 'created', 'result', 'url'],
  ...['items', 'nextCursor', 'cursor', 'page', 'row', 'input', 'next', 'c', 'db', 'x'],
]
const separators = ['-', '_', '', '', '', '--', '__', '-_', '.', '..', '/', '\\', ' ', ':', '$']
const oddCharacters = [
  'é',
  'ß',
  'İ',
  'ı',
  'Ｐ',
  '😀',
  '\u200b',
  '\u202e',
  '\u00a0',
  '\0',
  '\n',
  '\t',
  "'",
  '"',
  '`',
  '${',
  '*/',
  '<',
  '&',
  '(',
  ')',
  '|',
  '?',
  '!',
  ',',
  '=',
  '%',
]

const word = fc.constantFrom(...words)
const casing = (text: string, style: number) =>
  style === 1
    ? text.toUpperCase()
    : style === 2
      ? text.charAt(0).toUpperCase() + text.slice(1)
      : style === 3
        ? text.toLowerCase()
        : text

/** Words joined by separators, in some casing: mostly valid names, often reserved ones. */
const nearValid = fc
  .tuple(fc.array(word, { minLength: 1, maxLength: 3 }), fc.constantFrom(...separators), fc.nat(4))
  .map(([parts, separator, style]) => casing(parts.join(separator), style))

/** A near-valid name with something odd before, inside or after it. */
const mutated = fc
  .tuple(
    nearValid,
    fc.constantFrom(...oddCharacters, '0', '9', '-', '_', '..', '.', 'ä'),
    fc.constantFrom('prefix', 'suffix', 'inside'),
  )
  .map(([name, odd, where]) =>
    where === 'prefix'
      ? `${odd}${name}`
      : where === 'suffix'
        ? `${name}${odd}`
        : `${name.slice(0, 2)}${odd}${name.slice(2)}`,
  )

const longName = fc
  .tuple(word, fc.integer({ min: 40, max: 60 }))
  .map(([w, length]) => w.repeat(Math.ceil(length / w.length)).slice(0, length))

/** Ordinary words, plus a few that are valid but easy to get wrong (digits, uncountables, Object.prototype keys). */
const plainWords = [
  ...['post', 'blog', 'comment', 'book', 'invoice', 'profile', 'photo', 'video', 'review', 'shipment', 'line', 'user'],
  ...['person', 'news', 'data', 'axis', 'series', 'ab1', 'v2', 'x2y', 'then', 'constructor', 'item', 'story', 'box'],
]
/** One or two plain words in kebab, snake, camel or Pascal case: mostly accepted names. */
const plainName = fc
  .tuple(
    fc.array(fc.constantFrom(...plainWords), { minLength: 1, maxLength: 2 }),
    fc.constantFrom('-', '_', 'camel', 'pascal'),
  )
  .map(([parts, style]) =>
    style === 'camel' || style === 'pascal'
      ? parts.map((w, i) => (i === 0 && style === 'camel' ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('')
      : parts.join(style),
  )

/** Biased toward near-valid names; sometimes anything at all. */
const nameArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: plainName },
  { weight: 4, arbitrary: nearValid },
  { weight: 3, arbitrary: mutated },
  { weight: 1, arbitrary: longName },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 12 }) },
)

/** Field names: plain ones (including pairs that differ only by a separator before a digit), or any name. */
const fieldNameArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'title',
      'body',
      'label',
      'rating',
      'email',
      'isbn',
      'ab1',
      'ab-1',
      'ab_1',
      'v2',
      'v-2',
      'publishedAt',
      'published_at',
      'userId',
      'then',
      'constructor',
      'toString',
      'nextCursor',
      'items',
      'result',
      'cursor',
      'page',
      'count',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('id', 'createdAt', 'limit', 'key', 'rowid', 'order', 'user_id') },
  { weight: 3, arbitrary: nameArb },
)

const enumValue = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom('draft', 'live', 'a', 'b', 'c', 'x-y', 'x_y', 'A1', 'constructor', '__proto__'),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      "o'reilly",
      'a b',
      'é',
      '1a',
      "'); DROP TABLE notes; --",
      '\\',
      '${x}',
      '*/',
      'x'.repeat(65),
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
)

/** `references(...)` targets: resources seeded in the project, the template's notes (not generated), anything. */
const targetArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom('authors', 'author', 'Author', 'tags', 'categories', 'notes', 'users', 'posts'),
  },
  { weight: 2, arbitrary: nameArb },
)

const plainTypeArb = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom('string', 'text', 'integer', 'number', 'boolean', 'datetime', 'uuid', 'json'),
  },
  {
    weight: 2,
    arbitrary: fc
      .uniqueArray(fc.constantFrom('draft', 'live', 'a', 'b-c', 'd_e', 'F1'), { minLength: 1, maxLength: 4 })
      .map((values) => `enum(${values.join('|')})`),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('authors', 'author', 'Author', 'tags', 'categories')
      .map((target) => `references(${target})`),
  },
)

const typeArb = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom('string', 'text', 'integer', 'number', 'boolean', 'datetime', 'uuid', 'json'),
  },
  {
    weight: 3,
    arbitrary: fc.array(enumValue, { minLength: 0, maxLength: 4 }).map((values) => `enum(${values.join('|')})`),
  },
  { weight: 3, arbitrary: targetArb.map((target) => `references(${target})`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'int',
      'bool',
      'String',
      'INTEGER',
      'strng',
      'date',
      'enum',
      'references',
      'references()',
      'enum()',
      'string(5)',
      'enum(a|a)',
      'enum(a||b)',
      'references(a)(b)',
      'json[]',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
)

const modifiersArb = fc.constantFrom('', '', '', '?', '!', '?!', '!?', '??', '!!', ' ?', '?x')

/** Field specs: mostly name:type[mods], sometimes missing parts or nonsense. */
const specArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 16,
    arbitrary: fc
      .tuple(fieldNameArb, plainTypeArb, fc.constantFrom('', '', '?', '!'))
      .map(([n, t, m]) => `${n}:${t}${m}`),
  },
  { weight: 4, arbitrary: fc.tuple(fieldNameArb, typeArb, modifiersArb).map(([n, t, m]) => `${n}:${t}${m}`) },
  { weight: 1, arbitrary: fieldNameArb },
  { weight: 1, arbitrary: typeArb.map((t) => `:${t}`) },
  { weight: 1, arbitrary: fieldNameArb.map((n) => `${n}:`) },
  { weight: 1, arbitrary: fc.tuple(fieldNameArb, typeArb, typeArb).map(([n, a, b]) => `${n}:${a}:${b}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
)

const flagsArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant<string[]>([]) },
  { weight: 1, arbitrary: fc.subarray(['--public', '--dry-run', '--force', '--skip']) },
)

/** A spec the generator should accept on its own (references name the resources seeded in the project). */
const plainSpecArb = fc
  .tuple(
    fc.constantFrom(
      'title',
      'body',
      'label',
      'rating',
      'email',
      'isbn',
      'ab1',
      'ab-1',
      'ab_1',
      'v2',
      'v-2',
      'x2y',
      'publishedAt',
      'then',
      'constructor',
      'toString',
      'nextCursor',
      'items',
      'result',
      'cursor',
      'page',
      'count',
      'author',
      'parent',
    ),
    plainTypeArb,
    fc.constantFrom('', '', '?', '!'),
  )
  .map(([n, t, m]) => `${n}:${t}${m}`)

/** Half plain commands (mostly accepted, so the success checks get exercised), half anything. */
const resourceCommandArb = fc
  .oneof(
    {
      weight: 1,
      arbitrary: fc.record({
        name: fc.oneof({ weight: 4, arbitrary: plainName }, { weight: 1, arbitrary: nearValid }),
        fields: fc.array(plainSpecArb, { minLength: 1, maxLength: 5 }),
        flags: flagsArb,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        name: nameArb,
        fields: fc.oneof(
          { weight: 12, arbitrary: fc.array(specArb, { minLength: 1, maxLength: 5 }) },
          { weight: 1, arbitrary: fc.constant([]) },
        ),
        flags: flagsArb,
      }),
    },
  )
  .map(({ name, fields, flags }) => ({ name, fields, flags, args: ['gen', 'resource', name, ...fields, ...flags] }))

// ---------------------------------------------------------------------------------------
// Checks

type Tree = Record<string, string>

/**
 * What a careful reviewer would reject in generated TypeScript without a type-checker:
 * syntax errors, two top-level bindings of one name (an import shadowed by a declaration is
 * a SyntaxError when the module loads) and object literals with a key twice.
 */
function moduleProblems(fileName: string, text: string): string[] {
  const problems: string[] = []
  const { diagnostics = [] } = ts.transpileModule(text, {
    // A declaration file (the client types) emits nothing, which transpileModule takes for a
    // failure: read as a module, its syntax is checked the same and its types erased.
    fileName: fileName.replace(/\.d\.ts$/, '.ts'),
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false },
  })
  for (const d of diagnostics) problems.push(`syntax: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`)
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS)
  const imports: string[] = []
  const values: string[] = []
  const types: string[] = []
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause
      if (clause?.name) imports.push(clause.name.text)
      const bindings = clause?.namedBindings
      if (bindings && ts.isNamespaceImport(bindings)) imports.push(bindings.name.text)
      if (bindings && ts.isNamedImports(bindings)) imports.push(...bindings.elements.map((e) => e.name.text))
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) values.push(declaration.name.text)
      }
    } else if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      values.push(statement.name.text)
    } else if ((ts.isTypeAliasDeclaration(statement) || ts.isInterfaceDeclaration(statement)) && statement.name) {
      types.push(statement.name.text)
    }
  }
  const twice = (names: string[]) => names.filter((name, i) => names.indexOf(name) !== i)
  for (const name of twice(imports)) problems.push(`"${name}" is imported twice`)
  for (const name of imports.filter((n) => values.includes(n) || types.includes(n)))
    problems.push(`the import "${name}" is redeclared`)
  for (const name of twice(values)) problems.push(`"${name}" is declared twice`)
  for (const name of twice(types)) problems.push(`the type "${name}" is declared twice`)
  const visit = (node: ts.Node) => {
    if (ts.isObjectLiteralExpression(node)) {
      const keys = node.properties.flatMap((p) => {
        const name = p.name
        return name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? [name.text] : []
      })
      for (const key of twice(keys))
        problems.push(
          `an object literal has the key "${key}" twice (line ${source.getLineAndCharacterOfPosition(node.pos).line + 1})`,
        )
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return problems.map((problem) => `${fileName}: ${problem}`)
}

/** Everything generator-owned still parses with the engine's parsers, and the registries point at real modules. */
async function projectProblems(root: string): Promise<string[]> {
  const problems: string[] = []
  const read = (path: string) => readFile(join(root, path), 'utf8')
  const attempt = async (what: string, check: () => Promise<unknown> | unknown) => {
    try {
      await check()
    } catch (error) {
      problems.push(`${what}: ${(error as Error).message}`)
    }
  }
  await attempt('manifest', async () => {
    const manifest = parseManifest(await read('.honoforge/manifest.json'))
    for (const run of manifest.generated) {
      for (const file of run.files)
        if (!existsSync(join(root, file.path))) problems.push(`manifest lists missing ${file.path}`)
    }
  })
  await attempt('public/openapi.json', async () => JSON.parse((await read('public/openapi.json')) ?? ''))
  await attempt('wrangler.jsonc', async () => parseWranglerConfig(await read('wrangler.jsonc')))
  for (const format of [routeRegistry]) {
    await attempt(format.path, async () => {
      const registry = parseRegistry(await read(format.path), format)
      for (const entry of registry.entries) {
        const base = posix.join(posix.dirname(format.path), entry.from)
        if (![`${base}.ts`, `${base}/index.ts`].some((path) => existsSync(join(root, path)))) {
          problems.push(`${format.path} imports ${entry.from}, which does not exist`)
        }
      }
    })
  }
  return problems
}

/** Every migration, in order, run in a fresh in-memory SQLite database. */
async function migrationProblems(root: string): Promise<string[]> {
  if (!hasSqlite) return []
  const dir = join(root, 'migrations')
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort()
  const sql = [
    'PRAGMA foreign_keys = ON;',
    ...(await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')))),
  ].join('\n')
  try {
    execFileSync('sqlite3', ['-bail', ':memory:'], { input: sql, stdio: ['pipe', 'ignore', 'pipe'] })
    return []
  } catch (error) {
    return [`migrations do not run in sqlite3: ${String((error as { stderr?: Buffer }).stderr ?? error)}`]
  }
}

let loads = 0

/**
 * The generated schemas, loaded: an empty PATCH body is valid (every field of an update is
 * optional), an empty POST body is valid exactly when no field is required, and the other
 * schemas the routes use are there. Catches what parses and type-checks but validates wrong.
 */
async function schemaProblems(root: string, path: string): Promise<string[]> {
  const module = (await import(`${pathToFileURL(join(root, path)).href}?load=${++loads}`)) as Record<string, unknown>
  type Schema = { safeParse: (value: unknown) => { success: boolean; error?: unknown } }
  const schema = (suffix: string) =>
    Object.entries(module).find(([name]) => name.endsWith(suffix) && !name.endsWith(`List${suffix}`))?.[1] as
      | Schema
      | undefined
  const names = Object.keys(module)
  const base = names.find((name) => names.includes(`${name}Create`) && names.includes(`${name}Update`))
  if (!base) return [`${path}: no <Name>, <Name>Create and <Name>Update exports (${names.join(', ')})`]
  const problems: string[] = []
  const update = module[`${base}Update`] as Schema
  const create = module[`${base}Create`] as Schema
  const emptyPatch = update.safeParse({})
  if (!emptyPatch.success) problems.push(`${path}: an empty PATCH body is refused: ${JSON.stringify(emptyPatch.error)}`)
  const shape =
    (create as unknown as { def?: { shape?: Record<string, { def?: { type?: string } }> } }).def?.shape ?? {}
  const required = Object.values(shape).some((field) => field.def?.type !== 'optional')
  if (create.safeParse({}).success === required)
    problems.push(
      `${path}: an empty POST body is ${required ? 'accepted with required fields' : 'refused without any'}`,
    )
  for (const suffix of ['Params', 'ListQuery', 'List'])
    if (!schema(suffix) && !module[`${base}${suffix}`]) problems.push(`${path}: no ${base}${suffix}`)
  return problems
}

/** Temp files of an interrupted write, or staging folders of the OpenAPI step, left behind. */
async function leftovers(tree: Tree, scratch: string): Promise<string[]> {
  const temp = Object.keys(tree).filter((path) => path.endsWith('.honoforge-tmp'))
  const staged = (await readdir(scratch)).filter((name) => name.startsWith('honoforge-stage-'))
  return [...temp, ...staged]
}

// ---------------------------------------------------------------------------------------
// Harness

/** TMPDIR for this file only, so staging folders the OpenAPI step leaves can be seen. */
let scratch: string
let savedTmp: string | undefined
beforeAll(async () => {
  savedTmp = process.env.TMPDIR
  scratch = await realpath(await mkdtemp(join(tmpdir(), 'honoforge-props-')))
  process.env.TMPDIR = scratch
})
afterAll(async () => {
  if (savedTmp === undefined) delete process.env.TMPDIR
  else process.env.TMPDIR = savedTmp
  await rm(scratch, { recursive: true, force: true })
})

const stats = { runs: 0, succeeded: 0, refused: 0, destroyed: 0 }

interface Outcome {
  code: number
  stdout: string
  stderr: string
  before: Tree
  after: Tree
}

/**
 * Run one command and hold it to the contract: exit 0, or exit 1 with a message and the tree
 * untouched; never an unexpected error, never a leftover. Returns what happened for more checks.
 */
async function runChecked(project: TestProject, args: string[]): Promise<Outcome> {
  stats.runs++
  const before = await fullSnapshot(project.root)
  const result = await project.run(...args)
  const after = await fullSnapshot(project.root)
  const context = `honoforge ${JSON.stringify(args)}\nexit ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`
  expect([0, 1], context).toContain(result.code)
  expect(await leftovers(after, scratch), context).toEqual([])
  if (result.code === 1) {
    stats.refused++
    expect(result.stderr.trim(), context).not.toBe('')
    // A refusal the generator foresaw, not a crash it did not (those say "Unexpected error").
    expect(result.stderr, context).not.toMatch(/^Unexpected error/)
    expect(treeDiff(before, after), context).toEqual({ added: [], removed: [], changed: [] })
  } else {
    stats.succeeded++
    const { added, changed } = treeDiff(before, after)
    const problems: string[] = []
    for (const path of [...added, ...changed].filter((p) => p.endsWith('.ts'))) {
      problems.push(...moduleProblems(path, await readFile(join(project.root, path), 'utf8')))
    }
    problems.push(...(await projectProblems(project.root)))
    expect(problems, context).toEqual([])
  }
  return { ...result, before, after }
}

/** Inputs found by these properties once, replayed on every run before the random ones. */
const resourceExamples = [
  // Two columns (ab1, ab_1) but one TypeScript property (ab1).
  { name: 'boxes', fields: ['ab1:string', 'ab_1:string'], flags: [] as string[] },
  { name: 'lines', fields: ['v2:integer', 'v-2:text?'], flags: [] as string[] },
  // An inherited property as a field: parses and type-checks, but an empty PATCH is a 400.
  { name: 'axes', fields: ['constructor:string', 'label:string?'], flags: [] as string[] },
  // Its test's fixture `createApp` once clashed with the app factory the test imported.
  { name: 'app', fields: ['title:string'], flags: [] as string[] },
].map((example) => ({ ...example, args: ['gen', 'resource', example.name, ...example.fields, ...example.flags] }))

describe('honoforge gen resource, property-based', () => {
  let project: TestProject
  beforeAll(async () => {
    project = await createProject()
    // Targets for references(...): generated resources (notes ships with the template, unrecorded).
    for (const seedArgs of [
      ['authors', 'name:string!'],
      ['tags', 'label:string', '--public'],
      ['categories', 'name:string', 'parent:references(categories)?'],
    ]) {
      expect((await project.run('gen', 'resource', ...seedArgs)).code).toBe(0)
    }
  })
  afterAll(async () => {
    await project.remove()
  })

  it(`Should exit 0 with a sound project, or 1 with a message and the tree unchanged (${runs} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(resourceCommandArb, async ({ args, flags }) => {
        const outcome = await runChecked(project, args)
        if (outcome.code !== 0) return
        const { added } = treeDiff(outcome.before, outcome.after)
        if (added.length > 0) {
          expect(await migrationProblems(project.root), args.join(' ')).toEqual([])
        }
        for (const path of added.filter((p) => /^src\/routes\/[^/]+\/schema\.ts$/.test(p))) {
          expect(await schemaProblems(project.root, path), args.join(' ')).toEqual([])
        }
        // Idempotent: the same command again writes nothing.
        const again = await project.run(...args)
        expect(again.code, `${args.join(' ')} (again)\n${again.stderr}`).toBe(0)
        expect(treeDiff(outcome.after, await fullSnapshot(project.root)), `${args.join(' ')} (again)`).toEqual({
          added: [],
          removed: [],
          changed: [],
        })
        // A resource that did not exist before, destroyed again: only its create and drop migrations stay.
        const module = added.find((path) => /^src\/routes\/[^/]+\/index\.ts$/.test(path))
        if (!module || flags.includes('--dry-run')) return
        const manifest = parseManifest(await readFile(join(project.root, '.honoforge/manifest.json'), 'utf8'))
        const run = manifest.generated.find((g) => g.generator === 'resource' && g.files.some((f) => f.path === module))
        expect(run, module).toBeDefined()
        const destroyed = await runChecked(project, ['destroy', 'resource', run?.name ?? ''])
        expect(destroyed.code, destroyed.stderr).toBe(0)
        stats.destroyed++
        const left = treeDiff(outcome.before, destroyed.after)
        expect(left.removed, 'destroy removed files it did not create').toEqual([])
        expect(left.changed, 'destroy left changes behind').toEqual([])
        expect(
          left.added.filter((p) => !p.startsWith('migrations/')),
          'destroy left files behind',
        ).toEqual([])
        expect(left.added.map((p) => p.replace(/^migrations\/\d+_/, ''))).toEqual([
          `create_${run?.name}.sql`,
          `drop_${run?.name}.sql`,
        ])
      }),
      fcOptions(runs, resourceExamples),
    )
    // The inputs are meant to reach both outcomes; a generator that refused everything would pass vacuously.
    expect(stats.succeeded, JSON.stringify(stats)).toBeGreaterThan(runs / 10)
    expect(stats.refused, JSON.stringify(stats)).toBeGreaterThan(runs / 10)
    console.info(`gen resource properties: ${JSON.stringify(stats)}`)
  }, 240_000)
})

describe('honoforge gen endpoint, middleware, migration and destroy, property-based', () => {
  let project: TestProject
  beforeAll(async () => {
    project = await createProject()
  })
  afterAll(async () => {
    await project.remove()
  })

  const methodArb = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom('get', 'post', 'put', 'patch', 'delete', 'POST') },
    { weight: 1, arbitrary: fc.constantFrom('head', 'options', 'gett', '', 'get post') },
  )
  const segmentArb = fc.oneof(
    {
      weight: 5,
      arbitrary: fc.constantFrom('books', 'stats', 'v1', 'a.b', 'x~y', ':id', ':bookId', ':slug', 'publish'),
    },
    { weight: 1, arbitrary: fc.constantFrom('', '..', '.', ':', ':1a', ':id', 'é', 'a b', '%2e%2e', '{id}', '*') },
  )
  const pathArb = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.array(segmentArb, { minLength: 1, maxLength: 4 }).map((segments) => `/${segments.join('/')}`),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('/', '', 'books', '//books', '/books/', '/health', '/notes', '/notes/:id', '/../etc'),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 15 }) },
  )
  const plainPathArb = fc
    .array(fc.constantFrom('books', 'stats', 'v1', 'reports', ':id', ':bookId', ':slug', 'publish'), {
      minLength: 1,
      maxLength: 3,
    })
    .map((segments) => `/${segments.join('/')}`)
  const endpointArb = fc
    .oneof(
      {
        weight: 1,
        arbitrary: fc.record({
          name: plainName,
          method: fc.constantFrom('get', 'post', 'put', 'patch', 'delete'),
          path: plainPathArb,
          query: fc.array(
            plainSpecArb.map((spec) => spec.replace(/!$/, '')),
            { maxLength: 2 },
          ),
          body: fc.array(
            plainSpecArb.map((spec) => spec.replace(/!$/, '')),
            { maxLength: 3 },
          ),
          flags: flagsArb,
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          name: nameArb,
          method: methodArb,
          path: pathArb,
          query: fc.array(specArb, { maxLength: 3 }),
          body: fc.array(specArb, { maxLength: 3 }),
          flags: flagsArb,
        }),
      },
    )
    .map(({ name, method, path, query, body, flags }) => [
      'gen',
      'endpoint',
      name,
      '--method',
      method,
      '--path',
      path,
      ...(query.length ? ['--query', ...query] : []),
      // Usually no body on GET and DELETE (refused, as it should be, but once is enough).
      ...(body.length && (!['get', 'delete'].includes(method) || body.length === 3) ? ['--body', ...body] : []),
      ...flags,
    ])
  const middlewareArb = fc
    .tuple(fc.oneof(plainName, nameArb), flagsArb)
    .map(([name, flags]) => ['gen', 'middleware', name, ...flags])
  const migrationNameArb = fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.constantFrom('create', 'add_x_to', 'drop', 'remove_x_from', 'add_email_and_name_to', 'rename'),
          fc.oneof(plainName, nameArb),
        )
        .map(([verb, table]) => `${verb}_${table}`),
    },
    { weight: 1, arbitrary: nameArb },
  )
  const migrationArb = fc
    .tuple(migrationNameArb, fc.array(fc.oneof(plainSpecArb, specArb), { maxLength: 3 }), flagsArb)
    .map(([name, fields, flags]) => ['gen', 'migration', name, ...fields, ...flags])
  const destroyArb = fc
    .tuple(fc.constantFrom('resource', 'endpoint', 'middleware', 'migration', 'widget'), fc.oneof(plainName, nameArb))
    .map(([kind, name]) => ['destroy', kind, name])
  const commandArb = fc.oneof(endpointArb, middlewareArb, migrationArb, destroyArb)
  /** Names the templates import themselves: a module of that name would redeclare the import. */
  const otherExamples = [
    ['gen', 'middleware', 'env'],
    ['gen', 'middleware', 'create-middleware'],
    ['gen', 'middleware', 'describe'],
    ['gen', 'endpoint', 'valid', '--method', 'post', '--path', '/valid', '--body', 'note:string'],
    ['gen', 'endpoint', 'require-auth', '--method', 'get', '--path', '/who'],
    ['gen', 'endpoint', 'lookup', '--method', 'get', '--path', '/lookup', '--query', 'ab1:string', 'ab-1:integer'],
  ]

  it(`Should hold the same contract for every other command (${Math.ceil(runs / 2)} runs)`, async () => {
    const before = { ...stats }
    await fc.assert(
      fc.asyncProperty(commandArb, async (args) => {
        const outcome = await runChecked(project, args)
        if (outcome.code !== 0 || args[0] !== 'gen') return
        const again = await project.run(...args)
        expect(again.code, `${args.join(' ')} (again)\n${again.stderr}`).toBe(0)
        expect(treeDiff(outcome.after, await fullSnapshot(project.root)), `${args.join(' ')} (again)`).toEqual({
          added: [],
          removed: [],
          changed: [],
        })
      }),
      fcOptions(Math.ceil(runs / 2), otherExamples),
    )
    const mine = { succeeded: stats.succeeded - before.succeeded, refused: stats.refused - before.refused }
    expect(mine.succeeded, JSON.stringify(mine)).toBeGreaterThan(1)
    console.info(`other commands: ${JSON.stringify(mine)}`)
  }, 120_000)
})

describe('inputs these tests found, refused since', () => {
  let project: TestProject
  beforeAll(async () => {
    project = await createProject()
  })
  afterAll(async () => {
    await project.remove()
  })

  it.each([
    [
      ['gen', 'resource', 'boxes', 'ab1:string', 'ab_1:string'],
      'Duplicate field: "ab1:string" and "ab_1:string" both use the property "ab1".',
    ],
    [
      ['gen', 'endpoint', 'lookup', '--method', 'get', '--path', '/lookup', '--query', 'v2:string', 'v-2:integer'],
      'both use the property "v2"',
    ],
    [['gen', 'middleware', 'env'], 'Invalid middleware name "env": the generated code already imports "env"'],
    [['gen', 'middleware', 'create-middleware'], 'the generated code already imports "createMiddleware"'],
    [
      ['gen', 'endpoint', 'valid', '--method', 'post', '--path', '/valid', '--body', 'note:string'],
      'the generated code already imports "valid"',
    ],
    // Found by the e2e run of the generated tests: zod saw the inherited Object.prototype.constructor.
    [
      ['gen', 'resource', 'axes', 'constructor:string', 'label:string?'],
      'every JavaScript object already has a "constructor" property',
    ],
    [
      ['gen', 'endpoint', 'lookup', '--method', 'get', '--path', '/lookup', '--query', 'valueOf:string?'],
      'every JavaScript object already has a "valueOf" property',
    ],
  ])('Should refuse %j with exit 1', async (args, message) => {
    const before = await fullSnapshot(project.root)
    const result = await project.run(...args)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(message)
    expect(await fullSnapshot(project.root)).toEqual(before)
  })
})

describe('the checks themselves', () => {
  it('Should catch a redeclared import, a duplicate key and a syntax error', () => {
    expect(moduleProblems('a.ts', "import { env } from 'x'\nexport function env() {}\n")).toEqual([
      'a.ts: the import "env" is redeclared',
    ])
    expect(moduleProblems('b.ts', 'export const A = { ab1: 1, ab1: 2 }\n')).toEqual([
      'b.ts: an object literal has the key "ab1" twice (line 1)',
    ])
    expect(moduleProblems('c.ts', 'export const = 1\n')[0]).toMatch(/^c\.ts: syntax: /)
    expect(
      moduleProblems(
        'd.ts',
        "import * as z from 'zod/mini'\nexport const A = z.object({})\nexport type A = z.infer<typeof A>\n",
      ),
    ).toEqual([])
  })
})
