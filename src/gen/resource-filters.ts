/**
 * The list filters of a generated resource: `GET /posts?authorId=…&status=live` selects by
 * equality on the fields a client filters by (see `Field.filter`). Schema members, the
 * column map of the data layer and the tests all come from here.
 */
import { type Field, queryZod } from './fields.js'
import type { Inflection } from './names.js'
import { querySample, recordSamples } from './samples.js'
import { objectLiteral } from './source-format.js'

/**
 * Template data of the filters. `newBody` is the test expression of a fresh valid body
 * (`newPost()` or `(await newPost())`).
 */
export function filterModel(resource: Inflection, fields: readonly Field[], newBody: string) {
  const filters = fields.filter((field) => field.filter)
  return {
    /** Members of the list query schema. */
    schema: filters.map((field) => ({ name: field.name, zod: `z.optional(${queryZod(field).input})` })),
    /** The data layer's map from query parameter to column. */
    columns: objectLiteral(filters.map((field) => `${field.name}: '${field.column}'`)),
    tests: {
      /** A parameter clients send by habit (offset paging) that is no filter here. */
      unknown: ['page', 'offset', 'sort'].find((name) => !filters.some((field) => field.name === name)),
      shared: filters.filter((field) => !field.unique).map((field) => sharedFilterTest(field, resource, newBody)),
      unique: filters
        .filter((field) => field.unique && recordSamples(field, resource).valid !== 'null')
        .map((field) => {
          const value = `created.${field.name}`
          // The fixture always sets a unique field, but an optional one is typed as nullable.
          return { name: field.name, text: isText(field) && !field.optional ? value : `String(${value})` }
        }),
      client: clientFilter(filters, resource),
      invalid: filters.flatMap((field) => {
        const invalid = querySample(field).invalid
        return invalid === undefined
          ? []
          : [{ path: `/${resource.kebab}?${field.name}=${encodeURIComponent(invalid)}`, name: field.name }]
      }),
    },
  }
}

/** The field's API value is a string (a number or boolean needs `String()` in a query). */
const isText = (field: Field) => field.kind !== 'integer' && field.kind !== 'number' && field.kind !== 'boolean'

/**
 * A filter many records share a value of: the test creates three with one value (so a page
 * of two has a next page) and one without it, then reads every page of the filtered list.
 */
function sharedFilterTest(field: Field, resource: Inflection, newBody: string) {
  const samples = recordSamples(field, resource)
  const create = `create${resource.pascal}`
  // A reference filter needs a record to point at; a fresh body references another one (or none).
  const value = field.target ? `(await create${field.target.pascal}()).id` : samples.valid
  const other = field.target
    ? `${create}()`
    : samples.other !== samples.valid
      ? `${create}({ ...${newBody}, ${field.name}: ${samples.other} })`
      : ''
  return { name: field.name, value, other }
}

/**
 * The filter the typed-client test lists with, its value read from `second`, a record the
 * client created: the first filter but a reference to the resource itself, whose sample is
 * null. Query strings carry booleans as text; an optional value is left out rather than null.
 */
function clientFilter(filters: readonly Field[], resource: Inflection): { name: string; value: string } | undefined {
  const field = filters.find((candidate) => candidate.target?.snake !== resource.snake)
  if (!field) return undefined
  const value = `second.${field.name}`
  if (field.kind === 'boolean') return { name: field.name, value: `String(${value})` }
  return { name: field.name, value: field.optional ? `${value} ?? undefined` : value }
}
