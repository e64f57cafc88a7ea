/**
 * `honoforge destroy <generator> <name>`: undo a recorded run. Files still as generated are
 * deleted, changed ones are conflicts (--force deletes, --skip keeps them); route modules are
 * unwired; what else each generator undoes (a drop migration, edits of files the run does
 * not own) is in ./reversals.ts. Migrations are never deleted (one may be applied already).
 */
import { formatFiles } from '../code-format.js'
import { GenError } from '../errors.js'
import {
  findGeneration,
  type Generation,
  type GeneratorKind,
  manifestChange,
  manifestFiles,
  manifestPath,
  removeGeneration,
  withFiles,
} from '../manifest.js'
import { migrationsDir } from '../migrations.js'
import { inflect } from '../names.js'
import { descriptorOf, type GenRuntime, type PlanFlags, settle, touchesRoutes, wire } from '../pipeline.js'
import type { Change, FileChange } from '../plan.js'
import type { Project } from '../project.js'
import { endpointMount, endpointsUnder } from '../resource-endpoints.js'
import { runsWithout, sharedFiles } from '../shared-files.js'
import { resourceRouter } from './resource.js'
import { reversals } from './reversals.js'

export async function destroy(
  project: Project,
  generator: GeneratorKind,
  input: string,
  flags: PlanFlags,
  runtime: GenRuntime,
): Promise<void> {
  const name = descriptorOf(generator).recordName(input)
  const { changes, next, document } = await planDestroy(project, generator, name)
  await settle(project, changes, flags, runtime, { next, document })
}

/** A destroy's plan: its changes, what is left to do by hand, and whether it rebuilds the document. */
export interface DestroyPlan {
  changes: Change[]
  next: string[]
  /** True when route modules go or are unmounted (the document is rebuilt once the plan is checked). */
  document: boolean
}

/**
 * Plan undoing the recorded run `name` of `generator`, writing nothing: `destroy` settles it,
 * upgrade's replay applies it to a rendered tree (an example run create made, destroyed since).
 *
 * @throws GenError when no such run is recorded, or its reversal refuses (a run still in use).
 */
export async function planDestroy(project: Project, generator: GeneratorKind, name: string): Promise<DestroyPlan> {
  const recorded = findGeneration(project.manifest, generator, name)
  if (!recorded) {
    throw new GenError(
      `No ${generator} "${name}" is recorded in ${manifestPath}: honoforge destroys only what it generated.`,
    )
  }
  const changes: Change[] = recorded.files
    .filter((file) => !file.path.startsWith(`${migrationsDir}/`))
    .map((file) => ({ path: file.path, delete: true as const }))
  const reversal = reversals[generator]
  await reversal?.check?.(project, recorded)
  const undo = reversal?.migration?.(project, recorded)
  if (undo) changes.push(undo)
  changes.push(...(await formatFiles(project.root, (await reversal?.edits?.(project, recorded)) ?? [])))
  // Files all runs share follow the runs that remain (deleted with the last).
  const shared = await sharedFiles(project, generator, runsWithout(project.manifest, generator, name))
  changes.push(...shared.filter((change) => 'delete' in change))
  changes.push(
    ...(await formatFiles(
      project.root,
      shared.filter((change): change is FileChange => !('delete' in change)),
    )),
  )
  const wiring = descriptorOf(generator).wiring?.(name, recorded.args)
  if (wiring) changes.push(await wire(project, wiring, 'remove'))
  let manifest = removeGeneration(project.manifest, generator, name)
  const unmounted = await unmountFromResource(project, recorded)
  if (unmounted) {
    changes.push(unmounted.router)
    manifest = withFiles(manifest, 'resource', unmounted.resource.snake, manifestFiles([unmounted.router]))
  }
  changes.push(manifestChange(manifest))
  const next = undo ? [`${undo.path} drops what the ${generator} created: apply it like any other migration.`] : []
  next.push(...((await reversal?.next?.(project, recorded)) ?? []))
  // Removing or unmounting a route module rebuilds the document (once the plan is checked).
  return { changes, next, document: touchesRoutes(changes) }
}

/** An endpoint mounted in a resource's router: that router rendered again without it. */
async function unmountFromResource(project: Project, recorded: Generation) {
  if (recorded.generator !== 'endpoint' || typeof recorded.args.under !== 'string') return undefined
  const resource = inflect(recorded.args.under)
  const mounts = endpointsUnder(project.manifest, resource).filter(
    (mount) => mount.from !== endpointMount(recorded.name).from,
  )
  const [router] = await formatFiles(project.root, [await resourceRouter(project, resource, mounts)])
  return router && { resource, router }
}
