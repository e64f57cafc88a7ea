/**
 * `honoforge gen queue <name>`: a queue with its typed message, `send<Name>` and a consumer.
 * Besides its own files (and the registry and helper all queues share) the run edits three
 * files it does not own, each reversed by `destroy queue`: wrangler.jsonc (producers and
 * consumer in every scope), the Worker entry (its `queue` handler) and the README (a section
 * under "Queues").
 */

import { GenError } from '../errors.js'
import { generators } from '../generators.js'
import { findGeneration, type Generation } from '../manifest.js'
import { moduleName } from '../names.js'
import type { GeneratorOutput } from '../pipeline.js'
import type { FileChange } from '../plan.js'
import { type Project, readRequired } from '../project.js'
import { batching, type QueueConfig, queueClash, queueNames, withoutQueue, withQueue } from '../queues-config.js'
import { readmeEdit, splitSection, withoutSection, withSection } from '../readme.js'
import { type RenderOptions, renderTemplates, type TemplateFile } from '../render.js'
import { runsWithout } from '../shared-files.js'
import {
  addWorkerHandler,
  parseWorkerExports,
  removeWorkerHandler,
  renderWorkerExports,
  workerEntryPath,
} from '../worker-exports.js'
import { wranglerConfigPath } from '../wrangler-config.js'

/** The README heading the queues' sections go under. */
const readmeHeading = 'Queues'

/** The Worker entry's queue handler: the registry of src/queues/index.ts. */
const queueHandler = { name: 'queue', from: './queues' } as const

/**
 * Cloudflare documents no limit on queue names; honoforge keeps them within a Worker name's
 * (63 characters of lowercase letters, digits and dashes), which its names are made of.
 */
const maxQueueNameLength = 63

export interface QueueArgs {
  name: string
}

/** Every name a queue's templates and edits use, from the name as typed. */
export function queueNamesOf(input: string) {
  const queue = moduleName(input, 'queue name')
  const constant = queue.words.replaceAll(' ', '_').toUpperCase()
  const config: QueueConfig = {
    kebab: queue.kebab,
    binding: `${constant}_QUEUE`,
    deadLetterBinding: `${constant}_DLQ`,
  }
  return { queue, config }
}

type QueueNames = ReturnType<typeof queueNamesOf>

/**
 * Render a queue and the edits that declare it.
 *
 * @throws GenError for an invalid name, a queue name past 63 characters in some scope, a
 *   wrangler.jsonc binding or consuming it already, or a Worker entry honoforge cannot read.
 */
export async function generateQueue(
  project: Project,
  args: QueueArgs,
  options: { render?: RenderOptions } = {},
): Promise<GeneratorOutput> {
  const names = queueNamesOf(args.name)
  const { queue, config: queueConfig } = names
  const config = await readRequired(project, wranglerConfigPath)
  const scoped = queueNames(config, queue.kebab)
  const long = scoped.find((scope) => scope.deadLetter.length > maxQueueNameLength)
  if (long) {
    throw new GenError(
      `The dead-letter queue name "${long.deadLetter}" is longer than ${maxQueueNameLength} characters: choose a shorter queue name.`,
    )
  }
  const clash = queueClash(config, queueConfig, findGeneration(project.manifest, 'queue', queue.kebab) !== undefined)
  if (clash) {
    throw new GenError(`${wranglerConfigPath} ${clash}: honoforge gen queue ${queue.kebab} cannot add it.`)
  }
  const rendered = await render(project, names, config, options.render)
  const entry = parseWorkerExports(await readRequired(project, workerEntryPath))
  const deployed = scoped.slice(1)
  return {
    generator: 'queue',
    name: queue.kebab,
    files: rendered.files,
    args: {},
    overrides: rendered.overrides,
    edits: [
      { path: wranglerConfigPath, content: withQueue(config, queueConfig), edit: true },
      { path: workerEntryPath, content: renderWorkerExports(addWorkerHandler(entry, queueHandler)), edit: true },
      ...(await readmeEdit(project, (source) => withSection(source, readmeHeading, rendered.section))),
    ],
    next: [
      `Send with send${queue.pascal}(c.env, message) from src/queues/${queue.kebab}/consumer.ts; write the work in its handle().`,
      ...(deployed.length > 0 ? ['Before the first deploy, create the queues of each environment:'] : []),
      ...deployed
        .flatMap((scope) => [scope.queue, scope.deadLetter])
        .map((name) => `  npx wrangler queues create ${name}`),
    ],
  }
}

/**
 * What `destroy queue` edits back: wrangler.jsonc without the queue's producers and consumer,
 * the Worker entry without its `queue` handler once no queue is left, the README without its
 * section.
 */
export async function queueEditsReversed(project: Project, recorded: Generation): Promise<FileChange[]> {
  const names = queueNamesOf(recorded.name)
  const config = await readRequired(project, wranglerConfigPath)
  const rendered = await render(project, names, config)
  const entry = parseWorkerExports(await readRequired(project, workerEntryPath))
  const last = runsWithout(project.manifest, 'queue', recorded.name).length === 0
  return [
    { path: wranglerConfigPath, content: withoutQueue(config, names.config), edit: true },
    ...(last
      ? [{ path: workerEntryPath, content: renderWorkerExports(removeWorkerHandler(entry, 'queue')), edit: true }]
      : []),
    ...(await readmeEdit(project, (source) => withoutSection(source, readmeHeading, rendered.section))),
  ]
}

/**
 * What to run after `destroy queue`: a deploy removes neither the Worker's consumer of a queue
 * nor the queues themselves.
 */
export async function queueDestroyedNext(project: Project, recorded: Generation): Promise<string[]> {
  const config = await readRequired(project, wranglerConfigPath)
  const deployed = queueNames(config, recorded.name).slice(1)
  if (deployed.length === 0) return []
  const commands = deployed.flatMap((scope) => [
    `npx wrangler queues consumer remove ${scope.queue} ${scope.worker}`,
    `npx wrangler queues delete ${scope.queue}`,
    `npx wrangler queues delete ${scope.deadLetter}`,
  ])
  return [
    "A deploy removes neither the Worker's consumer of the queue nor the queues: once it is deployed without them, run",
    ...commands.map((command) => `  ${command}`),
  ]
}

/** The queue's files, and apart from them the README section the templates render. */
async function render(project: Project, names: QueueNames, config: string, options?: RenderOptions) {
  const scoped = queueNames(config, names.queue.kebab)
  const [local] = scoped
  const model = {
    ...names.config,
    queue: names.queue,
    queueName: local?.queue,
    queueNames: scoped.map((scope) => scope.queue),
    deployedQueues: scoped.slice(1).flatMap((scope) => [scope.queue, scope.deadLetter]),
    batch: { ...batching, deliveries: batching.retries + 1 },
    postgres: project.database === 'postgres',
    d1: project.database === 'd1',
  }
  const all: readonly TemplateFile[] = generators.queue.templates
  const templates = all.filter((file) => !file.shared)
  return splitSection(await renderTemplates(project.root, 'queue', templates, model, options), templates)
}
