/**
 * What every generator command shares once its files are rendered: wiring the route module
 * into the route registry and rebuilding the OpenAPI document and client types, recording
 * the run in the manifest, then plan → print → apply. The plan's own checks come first, then
 * the document is built from the checked plan, then the whole plan is applied: nothing is
 * written before all of it, document included, is known and free of conflicts.
 */
import { applyPlan } from './apply.js'
import { advanceBase, basePath, parseBase, serializeBase } from './base.js'
import { formatFiles } from './code-format.js'
import { GenError } from './errors.js'
import { type GeneratorDescriptor, generators, type Wiring } from './generators.js'
import {
  type GeneratorKind,
  type JsonValue,
  manifestChange,
  manifestFiles,
  manifestPath,
  recordGeneration,
  withFiles,
} from './manifest.js'
import { plannedOpenApi } from './openapi-build.js'
import { type Change, type FileChange, formatPlan, type Plan, planChanges } from './plan.js'
import type { Project } from './project.js'
import { addEntry, parseRegistry, removeEntry, renderRegistry, routeRegistry } from './registry.js'
import { runsWith, sharedFiles } from './shared-files.js'
import { changesConfig, followConfig, type Typegen } from './typegen.js'

/** The flags every generator command takes. */
export interface PlanFlags {
  dryRun?: boolean
  force?: boolean
  skip?: boolean
}

/** What a command needs from its process. */
export interface GenRuntime {
  stdout: (text: string) => void
  /**
   * Regenerates the binding types after a run changed wrangler.jsonc: `npm run cf-typegen` in
   * the CLI, a stand-in in tests. Without it the command to run is printed.
   */
  typegen?: Typegen
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
  /** Files of other recorded runs rendered anew (a resource's router mounting a new endpoint). */
  rerendered?: Array<{ generator: GeneratorKind; name: string; files: FileChange[] }>
  /**
   * Structural edits of files the run does not own (a binding added to wrangler.jsonc):
   * applied, never recorded, so `destroy` reverses them instead of deleting the file.
   */
  edits?: FileChange[]
}

/** The table entry of a generator, typed for generic use. */
export function descriptorOf(generator: GeneratorKind): GeneratorDescriptor {
  return generators[generator]
}

/**
 * Lay out, wire, record and apply a generator run; a route module also rebuilds the document.
 * The files are recorded as the service's Biome lays them out, so a re-run is a no-op.
 */
export async function commitGeneration(
  project: Project,
  output: GeneratorOutput,
  flags: PlanFlags,
  runtime: GenRuntime,
): Promise<void> {
  const changes = await prepareGeneration(project, output)
  await settle(project, changes, flags, runtime, {
    overrides: output.overrides,
    next: output.next,
    document: touchesRoutes(changes),
  })
}

/**
 * A rendered run made ready to plan: the files every run of its generator shares, everything
 * laid out by the service's Biome, then wired and recorded (`planGeneration`).
 */
export async function prepareGeneration(project: Project, output: GeneratorOutput): Promise<Change[]> {
  const run = { name: output.name, args: output.args }
  const shared = (await sharedFiles(
    project,
    output.generator,
    runsWith(project.manifest, output.generator, run),
  )) as FileChange[]
  const withShared = shared.length > 0 ? { ...output, edits: [...(output.edits ?? []), ...shared] } : output
  return planGeneration(project, await formatted(project, withShared))
}

/**
 * Every change of a generator run but the OpenAPI document and client types: its files, the
 * files of other runs it renders anew, the route registry edit when it adds a route module,
 * and the manifest recording it. `settle` adds the document and types once the plan is
 * checked (create-honoforge leaves them to the service's own `npm run openapi`, once its
 * dependencies are installed).
 */
export async function planGeneration(project: Project, output: GeneratorOutput): Promise<Change[]> {
  const wiring = descriptorOf(output.generator).wiring?.(output.name, output.args)
  const rerendered = output.rerendered ?? []
  const changes: Change[] = [...output.files, ...rerendered.flatMap((run) => run.files), ...(output.edits ?? [])]
  if (wiring) changes.push(await wire(project, wiring, 'add'))
  let manifest = recordGeneration(project.manifest, {
    generator: output.generator,
    name: output.name,
    files: manifestFiles(output.files),
    args: output.args,
  })
  for (const run of rerendered) manifest = withFiles(manifest, run.generator, run.name, manifestFiles(run.files))
  changes.push(manifestChange(manifest))
  return changes
}

/** The run's files, those it renders anew and its edits, as the service's Biome lays them out. */
async function formatted(project: Project, output: GeneratorOutput): Promise<GeneratorOutput> {
  const runs = output.rerendered ?? []
  const edits = output.edits ?? []
  const all = await formatFiles(project.root, [...output.files, ...runs.flatMap((run) => run.files), ...edits])
  const take = (files: FileChange[]) => all.splice(0, files.length)
  return {
    ...output,
    files: take(output.files),
    rerendered: runs.map((run) => ({ ...run, files: take(run.files) })),
    edits: take(edits),
  }
}

/** Whether the changes add, edit or remove a route module, so the document and types follow. */
export function touchesRoutes(changes: readonly Change[]): boolean {
  return changes.some((change) => change.path.startsWith('src/routes/'))
}

/** The edit that adds a route module to (or removes it from) the route registry. */
export async function wire(project: Project, wiring: Wiring, mode: 'add' | 'remove'): Promise<FileChange> {
  const format = routeRegistry
  const registry = parseRegistry((await project.read(format.path)) ?? missing(format.path), format)
  const entries = [wiring.route, ...(wiring.also ?? [])]
  const edited = entries.reduce(
    (current, entry) => (mode === 'add' ? addEntry(current, entry) : removeEntry(current, entry.name)),
    registry,
  )
  return { path: format.path, content: renderRegistry(edited), edit: true }
}

/**
 * Plan the changes, print the plan, and apply it unless this is a dry run.
 *
 * @param notes.handsOver The changes are the user's to keep from now on (eject writes them):
 *   `.honoforge/base.json` does not follow them, so `upgrade` treats them as the user's own.
 * @param notes.document Rebuild the OpenAPI document and client types from the tree as the
 *   plan leaves it: after the plan's checks (so a path it refuses is refused with its own
 *   message), and from what the apply will write (a file kept with --skip stays as it is).
 */
export async function settle(
  project: Project,
  changes: readonly Change[],
  flags: PlanFlags,
  runtime: GenRuntime,
  notes: { overrides?: string[]; next?: string[]; document?: boolean; handsOver?: boolean } = {},
): Promise<void> {
  const options = { force: flags.force, skip: flags.skip }
  let planned = changes
  let plan = await planChanges(project.root, planned, project.manifest, options)
  if (notes.document) {
    const built = await plannedOpenApi(project, applied(plan, changes)).catch((error: unknown) => {
      const kept = plan.entries.filter((entry) => entry.outcome === 'skip').map((entry) => entry.path)
      if (!(error instanceof GenError) || kept.length === 0) throw error
      throw new GenError(`${error.message}\nThe build used the files --skip keeps as they are: ${kept.join(', ')}.`)
    })
    planned = beforeManifest(changes, built)
    plan = await planChanges(project.root, planned, project.manifest, options)
  }
  // The pristine copies follow the same changes (a service made before they were kept has none),
  // unless the changes hand files over to the user (eject): upgrade then counts them as the user's.
  const baseText =
    notes.handsOver || planned.some((change) => change.path === basePath) ? undefined : await project.read(basePath)
  const base = baseText === undefined ? undefined : serializeBase(advanceBase(parseBase(baseText), plan, planned))
  // Compared as LF, like the manifest's hashes: a checkout that made it CRLF is not a change.
  if (base !== undefined && base !== baseText?.replace(/\r\n/g, '\n')) {
    plan = await planChanges(
      project.root,
      beforeManifest(planned, [{ path: basePath, content: base, edit: true }]),
      project.manifest,
      options,
    )
  }
  const overrides = (notes.overrides ?? []).map((path) => `using override ${path}`)
  const printed = formatPlan(plan, { diff: flags.dryRun }).trimEnd()
  runtime.stdout([...overrides, printed].join('\n'))
  if (flags.dryRun) {
    runtime.stdout('Dry run: nothing was written.')
    return
  }
  await applyPlan(plan)
  // A run that changed nothing has nothing to follow up.
  const changed = plan.entries.some((entry) => entry.outcome !== 'identical')
  if (changed && notes.next?.length) runtime.stdout(notes.next.join('\n'))
  // One place for every generator: whatever changed wrangler.jsonc, the binding types follow.
  if (changesConfig(plan)) runtime.stdout(await followConfig(plan.root, runtime.typegen))
}

/** The changes an apply of `plan` writes or deletes (not those it keeps as they are). */
function applied(plan: Plan, changes: readonly Change[]): Change[] {
  const kept = new Set(
    plan.entries
      .filter((entry) => entry.outcome === 'skip' || entry.outcome === 'identical')
      .map((entry) => entry.path),
  )
  return changes.filter((change) => !kept.has(change.path))
}

/** The changes with `added` (the built document and types, the base) before the manifest entry that closes a run. */
function beforeManifest(changes: readonly Change[], added: readonly FileChange[]): Change[] {
  const at = changes.findIndex((change) => change.path === manifestPath)
  return at === -1 ? [...changes, ...added] : [...changes.slice(0, at), ...added, ...changes.slice(at)]
}

function missing(path: string): never {
  throw new GenError(`${path} is missing: honoforge wires route modules into it; restore it from git.`)
}
