/**
 * What `destroy` does for each generator beyond deleting the run's files and unwiring its
 * route modules, as data: the checks that refuse a destroy leaving the service broken, the
 * migration reversing what the run created in the database, and the edits of files the run
 * does not own, reversed. One table, read by `destroy`; a generator without an entry needs none.
 */
import { posix } from 'node:path'
import { dialectOf } from '../dialects/index.js'
import { GenError } from '../errors.js'
import type { Generation, GeneratorKind } from '../manifest.js'
import { inferMigration } from '../migrations.js'
import { inflect } from '../names.js'
import type { FileChange } from '../plan.js'
import type { Project } from '../project.js'
import { endpointsUnder } from '../resource-endpoints.js'
import { authEditsReversed, dropAuthMigration } from './auth.js'
import { channelEditsReversed } from './channel.js'
import { cronDestroyedNext, cronEditsReversed, refuseWhileAuthCleanup } from './cron.js'
import { migrationChange } from './migration.js'
import { queueDestroyedNext, queueEditsReversed } from './queue.js'
import { referencingResources } from './resource.js'

export interface Reversal {
  /** Refuses (throws a GenError) a destroy that would leave the service broken. */
  check?: (project: Project, recorded: Generation) => Promise<void> | void
  /** The migration reversing what the run created in the database (migrations are never deleted). */
  migration?: (project: Project, recorded: Generation) => FileChange
  /** The edits the run made to files it does not own, reversed. */
  edits?: (project: Project, recorded: Generation) => Promise<FileChange[]>
  /** What is left to do by hand once the files are gone (printed after the apply: what a deploy does not undo). */
  next?: (project: Project, recorded: Generation) => string[] | Promise<string[]>
}

export const reversals: { readonly [Kind in GeneratorKind]?: Reversal } = {
  resource: {
    check: (project, recorded) => {
      const resource = inflect(recorded.name)
      const dependents = referencingResources(project.manifest, resource)
      if (dependents.length > 0) {
        throw new GenError(
          `Cannot destroy ${recorded.name}: ${dependents.join(', ')} reference it. Destroy them first.`,
        )
      }
      const endpoints = endpointsUnder(project.manifest, resource)
      if (endpoints.length > 0) {
        const names = endpoints.map((mount) => mount.from.replace('../', '')).join(', ')
        throw new GenError(
          `Cannot destroy ${recorded.name}: its router mounts the endpoints ${names}. Destroy them first.`,
        )
      }
    },
    migration: (project, recorded) =>
      migrationChange(project, `drop_${inflect(recorded.name).snake}`, [], dialectOf(project, 'resource')),
  },
  migration: {
    check: (_project, recorded) => {
      if (createdTable(recorded) === undefined) {
        throw new GenError(
          `Migrations are never deleted (${recorded.name} may be applied already), and honoforge reverses only create_<table> ones: ` +
            'write the reverse with honoforge gen migration <name>.',
        )
      }
    },
    migration: (project, recorded) =>
      migrationChange(project, `drop_${createdTable(recorded)}`, [], dialectOf(project, 'migration')),
  },
  middleware: {
    check: async (project, recorded) => {
      const users = await importersOf(project, recorded)
      if (users.length > 0) {
        throw new GenError(
          `Cannot destroy the ${recorded.name} middleware: ${users.join(', ')} still import it. Remove those imports first.`,
        )
      }
    },
  },
  auth: {
    check: refuseWhileAuthCleanup,
    migration: (project) => dropAuthMigration(project),
    edits: (project) => authEditsReversed(project),
  },
  channel: { edits: channelEditsReversed },
  cron: { edits: cronEditsReversed, next: (_project, recorded) => cronDestroyedNext(recorded) },
  queue: { edits: queueEditsReversed, next: queueDestroyedNext },
}

/** The table a create_<table> migration created, else undefined. */
function createdTable(recorded: Generation): string | undefined {
  const { intent } = inferMigration(recorded.name)
  return intent.kind === 'create-table' ? intent.table.snake : undefined
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
