/**
 * `honoforge gen resource <name> <field:type...>`: composed of the migration generator (the
 * table), the handler templates (schema, data access, routes, OpenAPI) and the test template,
 * all rendered from one model; the pipeline wires the routes in. Run again with other fields,
 * it evolves the resource: a migration for the difference, the code rendered anew.
 */
import { type Dialect, dialects } from '../dialects/index.js'
import { GenError } from '../errors.js'
import { type Field, parseFields } from '../fields.js'
import { generators } from '../generators.js'
import { findGeneration, type Manifest } from '../manifest.js'
import { migrationsDir } from '../migrations.js'
import { type Inflection, inflect } from '../names.js'
import type { GeneratorOutput } from '../pipeline.js'
import type { FileChange } from '../plan.js'
import { type Project, requireDatabase } from '../project.js'
import { type RenderOptions, renderTemplates, type TemplateFile } from '../render.js'
import { type EndpointMount, endpointsUnder } from '../resource-endpoints.js'
import { type ResourceSpec, resourceModel } from '../resource-model.js'
import { planEvolution } from '../table-evolution.js'
import { migrationChange } from './migration.js'

export interface ResourceArgs {
  name: string
  fields: string[]
  /** Leave the routes open even though the service has auth. */
  public?: boolean
  /** The scope a token needs to create, update or delete (reads need only a token). */
  scope?: string
}

/** How a run renders: see RenderOptions; `endpoints` replaces the ones recorded under the resource. */
export interface ResourceRunOptions {
  render?: RenderOptions
  endpoints?: EndpointMount[]
}

export async function generateResource(
  project: Project,
  args: ResourceArgs,
  options: ResourceRunOptions = {},
): Promise<GeneratorOutput> {
  const database = requireDatabase(project, 'resource')
  const dialect = dialects[database]
  const resource = inflect(args.name)
  if (args.fields.length === 0) {
    throw new GenError(`A resource needs at least one field: honoforge gen resource ${args.name} title:string`)
  }
  const fields = parseFields(args.fields)
  const spec: ResourceSpec = {
    resource,
    fields,
    protected: project.auth && !args.public,
    scope: writeScope(project, args),
  }
  const endpoints = options.endpoints ?? endpointsUnder(project.manifest, resource)
  const model = resourceModel({ ...spec, ancestors: ancestorsOf(project, spec), endpoints, database })
  const { migrations, added } = await tableMigrations(project, dialect, resource, fields)
  const templates = (generators.resource.templates as readonly TemplateFile[]).filter(
    (file) => file.database === undefined || file.database === database,
  )
  const rendered = await renderTemplates(project.root, 'resource', templates, model, options.render)
  const dependents = referencingResources(project.manifest, resource)
  return {
    generator: 'resource',
    name: resource.snake,
    files: [...migrations, ...rendered.files],
    args: { fields: args.fields, public: Boolean(args.public), ...(spec.scope && { scope: spec.scope }) },
    overrides: rendered.overrides,
    next: [
      added
        ? `Apply ${added.path} locally with \`npm run db:migrate:local\` (tests apply every migration themselves);`
        : 'The table is unchanged: no new migration;',
      'then `npm test` runs the new tests.',
      ...(added && dependents.length > 0
        ? [
            `The tests of ${dependents.join(', ')} create ${resource.plural} too: re-run honoforge gen resource for them to refresh those.`,
          ]
        : []),
    ],
  }
}

/**
 * The migrations a run records. The first run writes `create_<table>`. A later run keeps the
 * recorded migrations as they are on disk (one may be applied already) and adds one for the
 * difference between the recorded fields and these, if there is any.
 */
async function tableMigrations(
  project: Project,
  dialect: Dialect,
  resource: Inflection,
  fields: Field[],
): Promise<{ migrations: FileChange[]; added?: FileChange }> {
  const recorded = findGeneration(project.manifest, 'resource', resource.snake)
  if (!recorded || !Array.isArray(recorded.args.fields)) {
    const created = migrationChange(project, `create_${resource.snake}`, fields, dialect)
    return { migrations: [created], added: created }
  }
  const kept: FileChange[] = []
  for (const file of recorded.files.filter((entry) => entry.path.startsWith(`${migrationsDir}/`))) {
    const content = await project.read(file.path)
    if (content !== undefined) kept.push({ path: file.path, content, once: true })
  }
  const before = parseFields(recorded.args.fields.map(String))
  const added = planEvolution(project.migrations, resource, before, fields, dialect)
  return { migrations: added ? [...kept, added] : kept, added }
}

/**
 * The resources `spec` references, directly or through them, parents first: its tests
 * create a parent record before each record that needs one. Each must have been generated
 * (the manifest says how to create one).
 */
function ancestorsOf(project: Project, spec: ResourceSpec): ResourceSpec[] {
  const ordered: ResourceSpec[] = []
  const visit = (current: ResourceSpec, path: string[]) => {
    for (const field of current.fields) {
      const target = field.target
      if (!target) continue
      if (target.snake === current.resource.snake) {
        if (!field.optional) throw selfReference(field)
        continue
      }
      if (path.includes(target.snake))
        throw new GenError(`References go round in a circle: ${[...path, target.snake].join(' → ')}.`)
      if (ordered.some((known) => known.resource.snake === target.snake)) continue
      const parent = recordedResource(project, target, field)
      visit(parent, [...path, target.snake])
      ordered.push(parent)
    }
  }
  visit(spec, [spec.resource.snake])
  return ordered
}

function recordedResource(project: Project, target: Inflection, field: Field): ResourceSpec {
  const recorded = findGeneration(project.manifest, 'resource', target.snake)
  const specs = recorded?.args.fields
  if (!recorded || !Array.isArray(specs)) {
    throw new GenError(
      `${JSON.stringify(field.spec)} references ${target.plural}, which is not a resource generated in this project. ` +
        `Generate it first (honoforge gen resource ${target.kebab} ...).`,
    )
  }
  return {
    resource: target,
    fields: parseFields(specs.map(String)),
    protected: project.auth && recorded.args.public !== true,
    scope: typeof recorded.args.scope === 'string' ? recorded.args.scope : undefined,
  }
}

/** An OAuth scope token as services name them: `notes:write`, `admin`, `api.read/notes`. */
const scopePattern = /^[A-Za-z0-9][\w.:/-]*$/

/** `--scope`, checked: it needs a service with auth, routes that require a token, and a plain name. */
function writeScope(project: Project, args: ResourceArgs): string | undefined {
  if (args.scope === undefined) return undefined
  if (!project.auth) {
    throw new GenError(
      '--scope needs a service with auth (created with --auth jwt or --auth jwks): without tokens there are no scopes.',
    )
  }
  if (args.public)
    throw new GenError('--scope and --public contradict each other: a public resource asks for no token.')
  if (!scopePattern.test(args.scope)) {
    throw new GenError(
      `${JSON.stringify(args.scope)} is not a scope name: use letters, digits and . _ : / - (say, notes:write).`,
    )
  }
  return args.scope
}

function selfReference(field: Field): GenError {
  return new GenError(
    `${JSON.stringify(field.spec)} references its own table, so it must be optional (add "?"): the first record could not have one.`,
  )
}

/** The resources whose fields reference `resource` (destroying it would break them). */
export function referencingResources(manifest: Manifest, resource: Inflection): string[] {
  return manifest.generated
    .filter((entry) => entry.generator === 'resource' && entry.name !== resource.snake)
    .filter(
      (entry) =>
        Array.isArray(entry.args.fields) &&
        parseFields(entry.args.fields.map(String)).some((f) => f.target?.snake === resource.snake),
    )
    .map((entry) => entry.name)
}

/**
 * A recorded resource's route module rendered again with `endpoints` mounted in it: what
 * `gen endpoint` and `destroy endpoint` change when the endpoint lives under the resource.
 */
export async function resourceRouter(
  project: Project,
  resource: Inflection,
  endpoints: EndpointMount[],
): Promise<FileChange> {
  const recorded = findGeneration(project.manifest, 'resource', resource.snake)
  if (!recorded || !Array.isArray(recorded.args.fields))
    throw new GenError(`No resource "${resource.snake}" is recorded.`)
  const args = {
    name: resource.snake,
    fields: recorded.args.fields.map(String),
    public: recorded.args.public === true,
    scope: typeof recorded.args.scope === 'string' ? recorded.args.scope : undefined,
  }
  const output = await generateResource(project, args, { endpoints })
  const router = output.files.find((file) => file.path === `src/routes/${resource.kebab}/index.ts`)
  if (!router) throw new GenError(`The resource generator rendered no src/routes/${resource.kebab}/index.ts.`)
  return router
}
