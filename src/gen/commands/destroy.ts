/**
 * `honoforge destroy <generator> <name>`: undo a recorded run. Files still as generated are
 * deleted, changed ones are conflicts (--force deletes, --skip keeps them); route modules are
 * unwired; migrations are never deleted (one may be applied already): a resource gets a new
 * migration dropping its table instead.
 */
import { posix } from 'node:path'
import { formatFiles } from '../code-format.js'
import { dialectOf } from '../dialects/index.js'
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
import { inferMigration, migrationsDir } from '../migrations.js'
import { inflect } from '../names.js'
import { descriptorOf, type GenRuntime, type PlanFlags, settle, touchesRoutes, wire } from '../pipeline.js'
import type { Change } from '../plan.js'
import type { Project } from '../project.js'
import { endpointMount, endpointsUnder } from '../resource-endpoints.js'
import { wranglerConfigPath } from '../wrangler-config.js'
import { authEditsReversed, dropAuthMigration } from './auth.js'
import { migrationChange } from './migration.js'
import { referencingResources, resourceRouter } from './resource.js'

export async function destroy(
  project: Project,
  generator: GeneratorKind,
  input: string,
  flags: PlanFlags,
  runtime: GenRuntime,
): Promise<void> {
  const descriptor = descriptorOf(generator)
  const name = descriptor.recordName(input)
  const recorded = findGeneration(project.manifest, generator, name)
  if (!recorded) {
    throw new GenError(
      `No ${generator} "${name}" is recorded in ${manifestPath}: honoforge destroys only what it generated.`,
    )
  }
  const changes: Change[] = recorded.files
    .filter((file) => !file.path.startsWith(`${migrationsDir}/`))
    .map((file) => ({ path: file.path, delete: true as const }))
  const undo = await reversal(project, recorded)
  if (undo) changes.push(undo)
  if (recorded.generator === 'auth')
    changes.push(...(await formatFiles(project.root, await authEditsReversed(project))))
  const wiring = descriptor.wiring?.(name, recorded.args)
  if (wiring) changes.push(await wire(project, wiring, 'remove'))
  let manifest = removeGeneration(project.manifest, generator, name)
  const unmounted = await unmountFromResource(project, recorded)
  if (unmounted) {
    changes.push(unmounted.router)
    manifest = withFiles(manifest, 'resource', unmounted.resource.snake, manifestFiles([unmounted.router]))
  }
  changes.push(manifestChange(manifest))
  const next = [
    ...(undo ? [`${undo.path} drops what the ${generator} created: apply it like any other migration.`] : []),
    // The binding types (worker-configuration.d.ts) are wrangler's to write, from wrangler.jsonc.
    ...(changes.some((change) => change.path === wranglerConfigPath)
      ? ['Run `npm run cf-typegen` so the binding types follow wrangler.jsonc.']
      : []),
  ]
  // Removing or unmounting a route module rebuilds the document (once the plan is checked).
  await settle(project, changes, flags, runtime, { next, document: touchesRoutes(changes) })
}

/**
 * The migration that reverses a run's table, if it made one; refuses a destroy that would
 * leave the project broken (a resource others reference, a migration it cannot reverse).
 */
async function reversal(project: Project, recorded: Generation) {
  if (recorded.generator === 'resource') {
    const resource = inflect(recorded.name)
    const dependents = referencingResources(project.manifest, resource)
    if (dependents.length > 0) {
      throw new GenError(`Cannot destroy ${recorded.name}: ${dependents.join(', ')} reference it. Destroy them first.`)
    }
    const endpoints = endpointsUnder(project.manifest, resource)
    if (endpoints.length > 0) {
      const names = endpoints.map((mount) => mount.from.replace('../', '')).join(', ')
      throw new GenError(
        `Cannot destroy ${recorded.name}: its router mounts the endpoints ${names}. Destroy them first.`,
      )
    }
    return migrationChange(project, `drop_${resource.snake}`, [], dialectOf(project, 'resource'))
  }
  if (recorded.generator === 'auth') return dropAuthMigration(project)
  if (recorded.generator === 'migration') {
    const { intent } = inferMigration(recorded.name)
    if (intent.kind !== 'create-table') {
      throw new GenError(
        `Migrations are never deleted (${recorded.name} may be applied already), and honoforge reverses only create_<table> ones: ` +
          'write the reverse with honoforge gen migration <name>.',
      )
    }
    return migrationChange(project, `drop_${intent.table.snake}`, [], dialectOf(project, 'migration'))
  }
  if (recorded.generator === 'middleware') {
    const users = await importersOf(project, recorded)
    if (users.length > 0) {
      throw new GenError(
        `Cannot destroy the ${recorded.name} middleware: ${users.join(', ')} still import it. Remove those imports first.`,
      )
    }
  }
  return undefined
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

/** Source files outside the run that import one of its modules. */
async function importersOf(project: Project, recorded: Generation): Promise<string[]> {
  const own = new Set(recorded.files.map((file) => file.path))
  const modules = new Set([...own].map((path) => path.replace(/\.ts$/, '')))
  const found: string[] = []
  for (const path of await project.list('src')) {
    if (own.has(path) || !path.endsWith('.ts')) continue
    const source = (await project.read(path)) ?? ''
    const imports = [...source.matchAll(/from ['"](\.{1,2}\/[^'"]+)['"]/g)].map((match) =>
      posix.join(posix.dirname(path), match[1] ?? ''),
    )
    if (imports.some((target) => modules.has(target))) found.push(path)
  }
  return found
}
