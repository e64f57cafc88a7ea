/**
 * What every generator command shares once its files are rendered: wiring the route module
 * into both registries and openapi.json, recording the run in the manifest, then plan →
 * print → apply. Nothing is written before the whole plan is known and free of conflicts.
 */
import { posix } from 'node:path'
import { applyPlan } from './apply.js'
import { GenError } from './errors.js'
import { generators, type GeneratorDescriptor, type Wiring } from './generators.js'
import { manifestChange, manifestFiles, recordGeneration, type GeneratorKind, type JsonValue } from './manifest.js'
import { importProjectModules, type ModuleLoader } from './module-loader.js'
import { openapiDocumentPath, parseDocument, serializeDocument, withModule, withoutModule, type OpenApiDocument } from './openapi-document.js'
import { formatPlan, planChanges, type Change, type FileChange } from './plan.js'
import type { Project } from './project.js'
import {
  addEntry,
  openapiRegistry,
  parseRegistry,
  removeEntry,
  renderRegistry,
  routeRegistry,
  type AddOptions,
  type RegistryFormat,
} from './registry.js'

/** The flags every generator command takes. */
export interface PlanFlags {
  dryRun?: boolean
  force?: boolean
  skip?: boolean
}

/** What a command needs from its process. */
export interface GenRuntime {
  stdout: (text: string) => void
  /** How the service's TypeScript is imported (default: Node's type stripping, else the project's tsx). */
  loadModule?: ModuleLoader
}

/** One generator run, rendered but not yet compared with the tree. */
export interface GeneratorOutput {
  generator: GeneratorKind
  /** The name the run is recorded under. */
  name: string
  files: FileChange[]
  /** The normalized arguments, recorded so the run can be understood and undone. */
  args: { [key: string]: JsonValue }
  /** Template overrides used (project-relative). */
  overrides: string[]
  /** Printed after a successful apply. */
  next?: string[]
}

/** The table entry of a generator, typed for generic use. */
export function descriptorOf(generator: GeneratorKind): GeneratorDescriptor {
  return generators[generator]
}

/** Wire, record and apply a generator run. */
export async function commitGeneration(project: Project, output: GeneratorOutput, flags: PlanFlags, runtime: GenRuntime): Promise<void> {
  const wiring = descriptorOf(output.generator).wiring?.(output.name)
  const changes: Change[] = [...output.files]
  if (wiring) changes.push(...(await wire(project, wiring, 'add', output.files, runtime.loadModule)))
  const manifest = recordGeneration(project.manifest, {
    generator: output.generator,
    name: output.name,
    files: manifestFiles(output.files),
    args: output.args,
  })
  changes.push(manifestChange(manifest))
  await settle(project, changes, flags, runtime, { overrides: output.overrides, next: output.next })
}

/**
 * The edits that add a route module to (or remove it from) the route registry, the OpenAPI
 * registry and openapi.json. Adding runs the service's own OpenAPI builder on the module as
 * the plan would write it.
 */
export async function wire(
  project: Project,
  wiring: Wiring,
  mode: 'add' | 'remove',
  planned: readonly FileChange[] = [],
  loader?: ModuleLoader,
): Promise<FileChange[]> {
  const edit = async (format: RegistryFormat, entry: Wiring['route'], options: AddOptions = {}): Promise<FileChange> => {
    const registry = parseRegistry((await project.read(format.path)) ?? missing(format.path), format)
    const edited = mode === 'add' ? addEntry(registry, entry, options) : removeEntry(registry, entry.name)
    return { path: format.path, content: renderRegistry(edited), edit: true }
  }
  const document = parseDocument(await project.read(openapiDocumentPath))
  const updated =
    mode === 'add'
      ? withModule(document, wiring.tag, await modulePart(project, wiring, document, planned, loader))
      : withoutModule(document, wiring.tag)
  return [
    await edit(routeRegistry, wiring.route, { before: wiring.mountBefore }),
    await edit(openapiRegistry, wiring.openapi),
    { path: openapiDocumentPath, content: serializeDocument(updated), edit: true },
  ]
}

/** The service's `buildDocument` run on one route module alone. */
async function modulePart(
  project: Project,
  wiring: Wiring,
  document: OpenApiDocument,
  planned: readonly FileChange[],
  loader: ModuleLoader | undefined,
): Promise<OpenApiDocument> {
  const contents = new Map(planned.map((file) => [file.path, file.content]))
  const read = async (path: string) => contents.get(path) ?? (await project.read(path))
  const modulePath = `${posix.join(posix.dirname(openapiRegistry.path), wiring.openapi.from)}.ts`
  const builder = 'src/openapi/build.ts'
  const [build, module] = await importProjectModules(project.root, [builder, modulePath], read, loader)
  const buildDocument = build?.buildDocument
  const group = module?.[wiring.openapi.name]
  if (typeof buildDocument !== 'function') throw new GenError(`${builder} no longer exports buildDocument.`)
  if (group === undefined) throw new GenError(`${modulePath} does not export ${wiring.openapi.name}.`)
  return buildDocument(document.info, [group]) as OpenApiDocument
}

/** Plan the changes, print the plan, and apply it unless this is a dry run. */
export async function settle(
  project: Project,
  changes: readonly Change[],
  flags: PlanFlags,
  runtime: GenRuntime,
  notes: { overrides?: string[]; next?: string[] } = {},
): Promise<void> {
  const plan = await planChanges(project.root, changes, project.manifest, { force: flags.force, skip: flags.skip })
  const overrides = (notes.overrides ?? []).map((path) => `using override ${path}`)
  const printed = formatPlan(plan, { diff: flags.dryRun }).trimEnd()
  runtime.stdout([...overrides, printed].join('\n'))
  if (flags.dryRun) {
    runtime.stdout('Dry run: nothing was written.')
    return
  }
  await applyPlan(plan)
  if (notes.next?.length) runtime.stdout(notes.next.join('\n'))
}

function missing(path: string): never {
  throw new GenError(`${path} is missing: honoforge wires route modules into it; restore it from git.`)
}
