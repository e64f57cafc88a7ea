/**
 * The data the resource templates render: names, and every snippet that depends on the field
 * types (row types, conversions, SQL, sample values for tests) computed here, so the
 * templates stay plain code with placeholders.
 */
import type { DataDialect } from './dialects/data.js'
import { dataDialects } from './dialects/index.js'
import type { Field } from './fields.js'
import type { Inflection } from './names.js'
import type { Database } from './project.js'
import type { EndpointMount } from './resource-endpoints.js'
import { filterModel } from './resource-filters.js'
import { exampleValue, recordSamples as samples } from './samples.js'
import { article, objectLiteral, quote, sentence } from './source-format.js'

/** A resource as the templates need it: its names, fields and access. */
export interface ResourceSpec {
  resource: Inflection
  fields: Field[]
  /** Behind `requireAuth`. */
  protected: boolean
  /** The scope its writes (POST, PATCH, DELETE) need, through `requireScope`. */
  scope?: string
}

export interface ResourceModelInput extends ResourceSpec {
  /** Endpoint modules mounted in the resource's router (`gen endpoint` under its path). */
  endpoints: EndpointMount[]
  /** Every resource this one references, directly or not, parents before children. */
  ancestors: ResourceSpec[]
  /** The service's database. */
  database: Database
}

/** A well-formed UUID that no record has: for 404 and foreign-key tests. */
const missingId = '0190a5e2-0000-7000-8000-000000000000'

/** Build the template data of `gen resource`. */
export function resourceModel(input: ResourceModelInput) {
  const { resource, fields } = input
  const data = dataDialects[input.database]
  const names = { ...resource, a: oneOf(resource), Plural: sentence(resource.plural) }
  const test = testModel(input)
  return {
    resource: names,
    protected: input.protected,
    scope: input.scope ?? '',
    /** The service reaches Postgres through postgres.js (else D1). */
    postgres: input.database === 'postgres',
    endpoints: input.endpoints,
    schemaImport: objectLiteral(
      ['', 'Create', 'List', 'ListQuery', 'Params', 'Update'].map((suffix) => `${resource.pascal}${suffix}`),
    ),
    fields: fields.map((field) => ({ name: field.name, zod: field.zod, fromRow: fromRow(field, data) })),
    db: dbModel(resource, fields, data),
    openapi: { conflict: conflictDescription(resource, fields), example: exampleBody(fields) },
    filters: filterModel(resource, fields, test.newBody),
    test,
  }
}

/** `an author`; `a news item` for a noun without a plural, where `a news` would read wrong. */
function oneOf(resource: Inflection): string {
  const noun = resource.uncountable ? `${resource.singular} item` : resource.singular
  return `${article(noun)} ${noun}`
}

/** The API value of a column, converted where the database stores it otherwise. */
function fromRow(field: Field, data: DataDialect): string {
  const value = `row.${field.column}`
  const convert = data.fromRow(field, value)
  if (!convert) return value
  return field.optional ? `${value} === null ? null : ${convert}` : convert
}

/** The stored value of a field of `input` (in `columnValue`), for the types that need converting. */
function toColumn(field: Field, data: DataDialect): string | undefined {
  const value = `input.${field.name}`
  const convert = data.toColumn(field, value)
  return convert && `${value} == null ? null : ${convert}`
}

/** The value of `input`'s field an insert binds (converted inline: the insert is its one use). */
function insertValue(field: Field, data: DataDialect): string {
  const value = `input.${field.name}`
  const convert = data.toColumn(field, value)
  if (field.optional) return convert ? `${value} == null ? null : ${convert}` : `${value} ?? null`
  return convert ?? value
}

function dbModel(resource: Inflection, fields: Field[], data: DataDialect) {
  const pascal = resource.pascal
  const rowMembers = [
    'id: string',
    ...fields.map((field) => `${field.column}: ${rowType(field, pascal, data)}`),
    `created_at: ${data.timestampType}`,
    `updated_at: ${data.timestampType}`,
  ]
  const conversions = fields.flatMap((field) => {
    const expression = toColumn(field, data)
    return expression ? [{ name: field.name, expression }] : []
  })
  const kinds = new Set(fields.filter((field) => toColumn(field, data)).map((field) => field.kind))

  const columns = ['id', ...fields.map((field) => field.column), 'created_at', 'updated_at']
  const now = fields.length + 2
  const placeholders = [...columns.slice(0, -1).map((_, i) => `?${i + 1}`), `?${now}`]
  const insert = `INSERT INTO ${resource.snake} (${columns.join(', ')}) VALUES (${placeholders.join(', ')}) RETURNING *`
  const values = [
    'uuidv7()',
    ...fields.map((field) =>
      toColumn(field, data)
        ? `columnValue(input, '${field.name}')`
        : field.optional
          ? `input.${field.name} ?? null`
          : `input.${field.name}`,
    ),
    'now',
  ]
  const updatable = fields.map((field) => `${field.name}: '${field.column}'`)
  return {
    rowType: objectLiteral(rowMembers, ';'),
    conversions,
    conversionNote: data.conversionNote(kinds),
    insertPrepare: `.prepare('${insert}')`,
    insertBind: `.bind(${values.join(', ')})`,
    /** The inserted row as an object of columns, for postgres.js's `sql(row)`. */
    insertRow: objectLiteral([
      'id: uuidv7()',
      ...fields.map((field) => `${field.column}: ${insertValue(field, data)}`),
      'created_at: now',
      'updated_at: now',
    ]),
    /** A field holds a JSON object. */
    json: fields.some((field) => field.kind === 'json'),
    updatable: objectLiteral(updatable),
    client: data.client,
  }
}

function rowType(field: Field, pascal: string, data: DataDialect): string {
  // The CHECK constraint keeps enum columns to the listed values.
  if (field.kind === 'enum') return `${pascal}['${field.name}']`
  const type = data.rowType(field)
  return field.optional ? `${type} | null` : type
}

/** The 409 a create or update can answer, described for the OpenAPI document; '' for none. */
function conflictDescription(resource: Inflection, fields: Field[]): string {
  const unique = fields.filter((field) => field.unique).map((field) => field.name)
  const references = fields.filter((field) => field.target)
  const parts = [
    unique.length > 0 && `${sentence(oneOf(resource))} with this ${unique.join(' or ')} already exists`,
    references.length > 0 && `the ${references.map((field) => field.target?.singular).join(' or ')} does not exist`,
  ].filter(Boolean)
  return sentence(parts.join('; or '))
}

/** A request body for the OpenAPI document: every field with a plausible value, as source. */
function exampleBody(fields: Field[]): string {
  return objectLiteral(fields.map((field) => `${field.name}: ${exampleValue(field)}`))
}

/** `newAuthor` / `createAuthor` for one resource of the test file. */
function fixtureModel(spec: ResourceSpec, requestFn: string) {
  const { resource, fields } = spec
  const body = fields.map((field) => `${field.name}: ${samples(field, resource).valid}`)
  const async = fields.some((field) => field.target && field.target.snake !== resource.snake)
  return {
    ...resource,
    a: oneOf(resource),
    async,
    hasUnique: fields.some((field) => field.unique),
    body: objectLiteral(body),
    requestFn,
  }
}

function testModel(input: ResourceModelInput) {
  const { resource, fields } = input
  const pascal = resource.pascal
  // Parents a public resource's tests create need a token when they are protected.
  const requestFor = (spec: ResourceSpec) => (spec.protected && !input.protected ? 'authedRequest' : 'request')
  const fixtures = [...input.ancestors, input].map((spec) => fixtureModel(spec, requestFor(spec)))
  const required = fields.filter((field) => !field.optional)
  const optional = fields.filter((field) => field.optional)
  const updated = fields.find((field) => field.kind !== 'references') ?? fields[0]
  const value = (field: Field, kind: 'valid' | 'other' | 'invalid') =>
    `${field.name}: ${samples(field, resource)[kind]}`
  const schemaImports = [
    ...input.ancestors.map(({ resource: parent }) => ({
      kebab: parent.kebab,
      names: `${parent.pascal}, ${parent.pascal}Create`,
    })),
    { kebab: resource.kebab, names: `${pascal}, ${pascal}Create, ${pascal}List` },
  ].sort((a, b) => (a.kebab < b.kebab ? -1 : 1))
  const references = fields.flatMap(({ name, target, optional: clears }) => {
    if (!target) return []
    const parent = input.ancestors.find((spec) => spec.resource.snake === target.snake)
    const self = target.snake === resource.snake
    return [
      {
        name,
        target: { ...target, a: oneOf(target) },
        self,
        optional: clears,
        targetRequest: parent ? requestFor(parent) : 'request',
      },
    ]
  })
  // A token for these tests carries every scope they write with: this resource's and its parents'.
  const scopes = [
    ...new Set([...input.ancestors, input].flatMap((spec) => (spec.protected && spec.scope ? [spec.scope] : []))),
  ]
  return {
    missingId,
    /** The claims of the tests' token, as source (empty when no scope is needed). */
    claims: scopes.length > 0 ? `{ scope: ${quote(scopes.join(' '))} }` : '',
    /** Those scopes, as the claim lists them. */
    claimedScopes: scopes.join(' '),
    schemaImports,
    authedParents: fixtures.some((fixture) => fixture.requestFn === 'authedRequest'),
    usesUnique: fixtures.some((fixture) => fixture.hasUnique),
    fixtures,
    await: fixtures[fixtures.length - 1]?.async ? 'await ' : '',
    /** A new valid body as an expression to spread. */
    newBody: fixtures[fixtures.length - 1]?.async ? `(await new${pascal}())` : `new${pascal}()`,
    requiredBody: `const created = await create${pascal}(${objectLiteral(required.map((field) => value(field, 'valid')))})`,
    optionalNull:
      optional.length > 0
        ? `expect(created).toMatchObject(${objectLiteral(optional.map((field) => `${field.name}: null`))})`
        : '',
    patch: updated ? `{ ${value(updated, 'other')} }` : '{}',
    clearable: optional.find((field) => field.target?.snake !== resource.snake)?.name ?? '',
    invalidBody: objectLiteral([...fields.map((field) => value(field, 'invalid')), 'extra: true']),
    invalidPaths: [...fields.map((field) => quote(field.name)), "'(root)'"].join(', '),
    requiredPaths: required.map((field) => quote(field.name)).join(', '),
    unique: fields.some((field) => field.unique),
    references,
    ...checkModel(input, dataDialects[input.database], value),
  }
}

/** A number as the service's source writes it: `10_001`. */
const numeral = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, '_')

/** The longest value a text field takes, and one character more, in emoji (two UTF-16 units, four UTF-8 bytes each). */
const textLimits = { string: 200, text: 10_000 } as const

/**
 * What the data-path checks of the test file need: the D1 row an API item must be stored as,
 * bad values for its fields, and the fields that can carry hostile text.
 */
function checkModel(
  input: ResourceModelInput,
  data: DataDialect,
  value: (field: Field, kind: 'valid' | 'other' | 'invalid') => string,
) {
  const { resource, fields } = input
  const first = fields[0]
  const required = fields.find((field) => !field.optional)
  // z.record takes any object, so `{ $ne: '' }` is bad only for the other types.
  const notObject = fields.find((field) => field.kind !== 'json')
  const texts = fields.filter(
    (field): field is Field & { kind: 'string' | 'text' } => field.kind === 'string' || field.kind === 'text',
  )
  const words = (field: Field) => field.name.replace(/([A-Z])/g, ' $1').toLowerCase()
  // A PATCH whose every field differs from request to request (`i`), so a torn update shows.
  const variant = fields.flatMap((field) => {
    if (field.kind === 'references') return []
    if (field.unique) return [value(field, 'other')]
    switch (field.kind) {
      case 'string':
      case 'text':
        return [`${field.name}: \`Changed ${words(field)} \${i}\``]
      case 'email':
        return [`${field.name}: \`changed-\${i}@example.com\``]
      case 'url':
        return [`${field.name}: \`https://example.com/changed/\${i}\``]
      case 'integer':
      case 'number':
        return [`${field.name}: i`]
      case 'boolean':
        return [`${field.name}: i % 2 === 0`]
      case 'enum':
        return field.values.length > 1
          ? [`${field.name}: i % 2 === 0 ? ${quote(field.values[0] ?? '')} : ${quote(field.values[1] ?? '')}`]
          : [value(field, 'other')]
      default:
        return [value(field, 'other')]
    }
  })
  const rowEntries = [
    'id: item.id',
    ...fields.map((field) => {
      const api = `item.${field.name}`
      const stored = data.stored(field, api)
      if (!stored) return `${field.column}: ${api}`
      return `${field.column}: ${field.optional ? `${api} === null ? null : ${stored}` : stored}`
    }),
    `created_at: ${data.storedTimestamp('item.createdAt')}`,
    `updated_at: ${data.storedTimestamp('item.updatedAt')}`,
  ]
  return {
    table: resource.snake,
    // The resource's own columns: a column a later `gen migration` adds is none of these checks' business.
    columns: ['id', ...fields.map((field) => field.column), 'created_at', 'updated_at'].map(quote).join(', '),
    rowOf: objectLiteral(rowEntries),
    /** The same, one entry a line (Postgres rows have longer conversions). */
    rowEntries,
    /** `title: 42`: the first field with a value of the wrong type. */
    wrongType: first ? value(first, 'invalid') : 'extra: true',
    wrongTypePath: first ? quote(first.name) : "'(root)'",
    firstField: first?.name ?? '',
    required: required?.name ?? '',
    notObject: notObject?.name ?? '',
    variant: `(_, i) => (${objectLiteral(variant)})`,
    blank: texts.find((field) => field.kind === 'string')?.name ?? '',
    texts: texts.map((field) => ({
      name: field.name,
      longest: `'😀'.repeat(${numeral(textLimits[field.kind])})`,
      tooLong: `'😀'.repeat(${numeral(textLimits[field.kind] + 1)})`,
    })),
    /** The hostile pairs go to the text fields in turn: first, second, first... */
    hostile: texts.map((field, index) => ({ name: field.name, pick: index % 2 === 0 ? 'first' : 'second' })),
  }
}
