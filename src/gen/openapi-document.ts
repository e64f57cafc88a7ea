/**
 * Keeping the service's `openapi.json` current without rebuilding it whole: a generator adds
 * (or replaces) one route module's part of the document and `destroy` takes one out, so the
 * cost does not grow with the number of modules.
 *
 * The part comes from the service's own `buildDocument` run on that module alone; merged
 * here, the result is what `npm run openapi` writes (the service's test/openapi.test.ts
 * compares the two): paths and tags in module order, components in order of first use, each
 * operation tagged with its module's tag.
 */
import { GenError } from './errors.js'

/** The document in the service, relative to its root. */
export const openapiDocumentPath = 'public/openapi.json'

type Json = Record<string, unknown>

/** The parts of an OpenAPI document the merge touches; everything else is kept as it is. */
export interface OpenApiDocument {
  tags: Array<{ name: string }>
  paths: Record<string, Record<string, Json & { tags?: string[]; security?: unknown }>>
  components: { schemas: Record<string, unknown>; securitySchemes?: unknown }
  [key: string]: unknown
}

/** The component every document has: the problem+json body of error responses. */
const problemComponent = 'Problem'

/**
 * Parse the service's openapi.json.
 *
 * @throws GenError when it is not a document `npm run openapi` could have written.
 */
export function parseDocument(text: string | undefined): OpenApiDocument {
  const fail = (problem: string): never => {
    throw new GenError(`${openapiDocumentPath} ${problem}; rebuild it with \`npm run openapi\` and run the command again.`)
  }
  if (text === undefined) return fail('is missing')
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch {
    return fail('is not valid JSON')
  }
  const { tags, paths, components } = (document ?? {}) as Partial<OpenApiDocument>
  if (!Array.isArray(tags) || !isObject(paths) || !isObject(components) || !isObject(components.schemas)) {
    return fail('lacks tags, paths or components.schemas')
  }
  return document as OpenApiDocument
}

/** The file's text, formatted exactly as the service's scripts/openapi.ts writes it. */
export function serializeDocument(document: OpenApiDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`
}

/**
 * The document with the module tagged `tag` described by `part` (the module's own document):
 * its operations replace the ones it had, a new module's go after the others.
 *
 * @throws GenError when one of its operations or schema names belongs to another module.
 */
export function withModule(document: OpenApiDocument, tag: string, part: OpenApiDocument): OpenApiDocument {
  for (const [path, operations] of Object.entries(part.paths)) {
    for (const method of Object.keys(operations)) {
      const owner = document.paths[path]?.[method]?.tags?.[0]
      if (owner !== undefined && owner !== tag) {
        throw new GenError(`${method.toUpperCase()} ${path} is already served by the "${owner}" module; choose another path.`)
      }
    }
  }
  const taken = usedSchemas(document, tag)
  for (const name of Object.keys(part.components.schemas)) {
    if (name !== problemComponent && taken.has(name)) {
      throw new GenError(`The schema name "${name}" is already used by another route module; choose another name.`)
    }
  }
  const next = withoutOperations(document, tag, part)
  if (!next.tags.some((entry) => entry.name === tag)) next.tags.push({ name: tag })
  for (const [path, operations] of Object.entries(part.paths)) {
    const target = (next.paths[path] ??= {})
    for (const [method, operation] of Object.entries(operations)) target[method] = operation
  }
  for (const [name, schema] of Object.entries(part.components.schemas)) {
    if (name !== problemComponent) next.components.schemas[name] = schema
  }
  if (part.components.securitySchemes !== undefined) next.components.securitySchemes ??= part.components.securitySchemes
  return prune(next)
}

/** The document without the module tagged `tag`: its operations, its tag, and schemas only it used. */
export function withoutModule(document: OpenApiDocument, tag: string): OpenApiDocument {
  const next = withoutOperations(document, tag)
  next.tags = next.tags.filter((entry) => entry.name !== tag)
  return prune(next)
}

/**
 * A copy without the operations tagged `tag` (except those `keep` has too), nor paths left
 * empty. Only the containers a merge changes are copied: operations and schemas are replaced
 * whole, never edited, so they are shared (a deep copy of a large document costs more than
 * the rest of a generator run).
 */
function withoutOperations(document: OpenApiDocument, tag: string, keep?: OpenApiDocument): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {}
  for (const [path, operations] of Object.entries(document.paths)) {
    const kept = Object.entries(operations).filter(
      ([method, operation]) => !operation.tags?.includes(tag) || keep?.paths[path]?.[method] !== undefined,
    )
    if (kept.length > 0) paths[path] = Object.fromEntries(kept)
  }
  const components = { ...document.components, schemas: { ...document.components.schemas } }
  return { ...document, tags: [...document.tags], paths, components }
}

/**
 * Keeps the components `buildDocument` would emit: Problem, the schemas operations refer
 * to, and the security scheme while an operation needs it.
 */
function prune(document: OpenApiDocument): OpenApiDocument {
  const used = usedSchemas(document)
  const { schemas } = document.components
  document.components.schemas = Object.fromEntries(
    Object.entries(schemas).filter(([name]) => name === problemComponent || used.has(name)),
  )
  const secured = Object.values(document.paths).some((operations) =>
    Object.values(operations).some((operation) => operation.security !== undefined),
  )
  if (!secured) delete document.components.securitySchemes
  return document
}

/** Names of the component schemas operations refer to (`#/components/schemas/<name>`), but those tagged `exceptTag`. */
function usedSchemas(document: OpenApiDocument, exceptTag?: string): Set<string> {
  const operations = Object.values(document.paths).flatMap((byMethod) => Object.values(byMethod))
  const counted = operations.filter((operation) => exceptTag === undefined || !operation.tags?.includes(exceptTag))
  const refs = JSON.stringify(counted).matchAll(/"#\/components\/schemas\/([^"]+)"/g)
  return new Set([...refs].map((match) => match[1] ?? ''))
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
