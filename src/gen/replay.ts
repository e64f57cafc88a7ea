/**
 * The service as the installed honoforge would make it today: create rendered again with
 * the recorded options, then every recorded generator run replayed on that tree, in the
 * order the runs happened, with their recorded arguments. Nothing touches the disk: the
 * result is the "theirs" side of `honoforge upgrade`'s merge.
 */

import { chooseHonoforgeDependency, type HonoforgeDependency } from '../create/honoforge-dependency.js'
import { packageManagers } from '../create/package-manager.js'
import { createTemplateContext, renderTemplate } from '../create/render.js'
import { authChoices, dbChoices, serviceTemplate } from '../create/template.js'
import { packageInfo } from '../package-info.js'
import { generateAuth } from './commands/auth.js'
import { generateChannel } from './commands/channel.js'
import { generateCron } from './commands/cron.js'
import { planDestroy } from './commands/destroy.js'
import { generateEndpoint } from './commands/endpoint.js'
import { generateMiddleware } from './commands/middleware.js'
import { generateQueue } from './commands/queue.js'
import { generateResource } from './commands/resource.js'
import { GenError } from './errors.js'
import {
  type CreateRecord,
  findGeneration,
  type Generation,
  type GeneratorKind,
  runsInOrder,
  teamKind,
} from './manifest.js'
import { type GeneratorOutput, prepareGeneration } from './pipeline.js'
import type { Project } from './project.js'
import { reconcileConfig } from './replay-config.js'
import { actionsOf, playActions } from './team/actions.js'
import { teamGenerators } from './team/plopfiles.js'
import { applyToTree, type TextTree, treeProject } from './tree-project.js'
import { wranglerConfigPath } from './wrangler-config.js'

type Replayer = (project: Project, run: Generation) => Promise<GeneratorOutput>

const text = (value: unknown) => (typeof value === 'string' ? value : undefined)
const texts = (value: unknown) => (Array.isArray(value) ? value.map(String) : [])

/**
 * Each generator called again from its recorded name and arguments. Migrations are not
 * replayed: a migration is never rewritten, so the one on disk stays the one recorded.
 */
const replayers: { readonly [Kind in GeneratorKind]?: Replayer } = {
  resource: (project, { name, args }) =>
    generateResource(project, {
      name,
      fields: texts(args.fields),
      public: args.public === true,
      scope: text(args.scope),
    }),
  endpoint: (project, { name, args }) =>
    generateEndpoint(project, {
      name,
      method: text(args.method) ?? '',
      path: text(args.path) ?? '',
      query: texts(args.query),
      body: texts(args.body),
      public: args.public === true,
    }),
  middleware: (project, { name }) => generateMiddleware(project, { name }),
  auth: (project, { args }) => generateAuth(project, { cookie: args.cookie === true, alg: text(args.alg) }),
  channel: (project, { name, args }) => generateChannel(project, { name, public: args.public === true }),
  cron: (project, { name, args }) => generateCron(project, { name, schedule: text(args.schedule) }),
  queue: (project, { name }) => generateQueue(project, { name }),
}

/**
 * Render the service the project's manifest records with the installed templates.
 *
 * @throws GenError when the manifest does not record how the service was created.
 */
export async function replayService(project: Project): Promise<TextTree> {
  const made = project.manifest.create
  if (!made) throw new GenError('The manifest does not record how this service was created.')
  const tree = await renderCreate(made, await dependencyOf(project))
  await undoDestroyed(tree, project)
  for (const run of runsInOrder(project.manifest)) {
    if (run.generator === teamKind) {
      await replayTeam(tree, project, run)
      continue
    }
    const replay = replayers[run.generator]
    // Create already ran this one (the example resource) with the same arguments.
    const done = findGeneration(treeProject(tree, project.root).manifest, run.generator, run.name)
    if (!replay || (done && JSON.stringify(done.args) === JSON.stringify(run.args))) continue
    const onTree = treeProject(tree, project.root)
    applyToTree(tree, await prepareGeneration(onTree, await replay(onTree, run)))
  }
  const config = tree.get(wranglerConfigPath)
  const history = await project.read(wranglerConfigPath)
  if (config !== undefined && history !== undefined) {
    tree.set(wranglerConfigPath, reconcileConfig(config, history))
  }
  return tree
}

/**
 * The runs create made (the example resource) that the service has destroyed since, undone
 * on the rendering the way `destroy` undid them, so the replay does not bring them back.
 */
async function undoDestroyed(tree: TextTree, project: Project): Promise<void> {
  for (const run of treeProject(tree, project.root).manifest.generated) {
    if (run.generator === teamKind || findGeneration(project.manifest, run.generator, run.name)) continue
    const { changes } = await planDestroy(treeProject(tree, project.root), run.generator, run.name)
    applyToTree(tree, changes)
  }
}

/**
 * A team generator's run played again on the new rendering with its recorded answers. Its
 * templates are the team's, not honoforge's: playing them again carries what it added, and
 * its modify/append edits, over to the files as the installed honoforge renders them.
 *
 * @throws GenError when no plopfile of the service defines the generator any more.
 */
async function replayTeam(tree: TextTree, project: Project, run: Generation): Promise<void> {
  const root = project.root
  const name = String(run.args.generator ?? run.name)
  const generator = (await teamGenerators(root)).find((candidate) => candidate.name === name)
  if (!generator) {
    throw new GenError(
      `The manifest records a run of the team generator ${name} (${run.name}), which no plopfile of this service ` +
        `defines any more: restore it, or undo the run with honoforge destroy ${name} first.`,
    )
  }
  const answers = (run.args.answers ?? {}) as Record<string, unknown>
  const played = await playActions(generator, actionsOf(generator, answers), answers, {
    root,
    // A file of the user's own, which the new rendering does not have, is read where it is.
    read: async (path) => tree.get(path) ?? (await project.read(path)),
    owned: new Set(run.files.map((file) => file.path)),
  })
  // Only what is honoforge's to merge: the run's own files and its edits of rendered ones.
  for (const [path, content] of played.files) {
    if (played.added.has(path) || tree.has(path)) tree.set(path, content)
  }
}

/**
 * How the service depends on the installed honoforge: a `file:` spec is an unpublished build
 * carried in vendor/ (create renders a README paragraph about it), anything else the registry.
 */
async function dependencyOf(project: Project): Promise<HonoforgeDependency> {
  const manifest = JSON.parse((await project.read('package.json')) ?? '{}') as {
    devDependencies?: Record<string, string>
  }
  const spec = manifest.devDependencies?.['create-honoforge'] ?? ''
  return chooseHonoforgeDependency(packageInfo().version, !spec.startsWith('file:'))
}

/** create-honoforge's rendering for the recorded options, as text files. */
async function renderCreate(made: CreateRecord, dependency: HonoforgeDependency): Promise<TextTree> {
  const options = {
    name: made.name,
    db: recorded('db', made.db, dbChoices),
    auth: recorded('auth', made.auth, authChoices),
    docs: made.docs,
    pm: recorded('pm', made.pm, packageManagers),
  }
  return new Map(await renderTemplate(serviceTemplate, createTemplateContext(options, dependency)))
}

/** A recorded create option this honoforge still offers. */
function recorded<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new GenError(
    `The manifest records --${option} ${value}, which this honoforge does not offer (${allowed.join(', ')}).`,
  )
}
