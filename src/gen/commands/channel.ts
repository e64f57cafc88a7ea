/**
 * `honoforge gen channel <name>`: a WebSocket channel served by a Durable Object class, one
 * object per room. Besides its own files the run edits three files it does not own, each
 * reversed by `destroy channel`: wrangler.jsonc (binding and idle-grace var in every scope,
 * the class's migration), the Worker entry (the class exported by name) and the README (a
 * section under "Realtime channels").
 */

import {
  type DurableObjectConfig,
  durableObjectClash,
  withDurableObject,
  withoutDurableObject,
} from '../durable-objects.js'
import { GenError } from '../errors.js'
import { generators } from '../generators.js'
import { findGeneration, type Generation } from '../manifest.js'
import { moduleName } from '../names.js'
import type { GeneratorOutput } from '../pipeline.js'
import type { FileChange } from '../plan.js'
import { type Project, readRequired } from '../project.js'
import { readmeEdit, splitSection, withoutSection, withSection } from '../readme.js'
import { parseRegistry, routeRegistry } from '../registry.js'
import { type RenderOptions, renderTemplates, type TemplateFile } from '../render.js'
import {
  addWorkerExport,
  parseWorkerExports,
  removeWorkerExport,
  renderWorkerExports,
  workerEntryPath,
} from '../worker-exports.js'
import { wranglerConfigPath } from '../wrangler-config.js'

/** The README heading the channels' sections go under. */
const readmeHeading = 'Realtime channels'

/** How long a socket may stay silent before the alarm closes it, unless its var says otherwise. */
export const defaultIdleTimeoutMs = '60000'

export interface ChannelArgs {
  name: string
  /** No token needed to connect, even though the service has auth. */
  public?: boolean
}

/** Every name a channel's templates and edits use, from the name as typed. */
function channelNames(input: string) {
  const channel = moduleName(input, 'channel name')
  const binding = `${channel.words.replaceAll(' ', '_').toUpperCase()}_CHANNEL`
  return {
    channel,
    className: `${channel.pascal}Channel`,
    binding,
    idleVar: `${binding}_IDLE_TIMEOUT_MS`,
    mount: `/channels/${channel.kebab}`,
  }
}

type ChannelNames = ReturnType<typeof channelNames>

/**
 * Render a channel and the edits that declare it.
 *
 * @throws GenError for an invalid name, a route module where the channel would be mounted, a
 *   wrangler.jsonc that declares Durable Objects in `exports` or this class or binding by hand,
 *   or a Worker entry without its `export default createApp()` line.
 */
export async function generateChannel(
  project: Project,
  args: ChannelArgs,
  options: { render?: RenderOptions } = {},
): Promise<GeneratorOutput> {
  const names = channelNames(args.name)
  const { channel } = names
  const recorded = findGeneration(project.manifest, 'channel', channel.kebab)
  const config = await readRequired(project, wranglerConfigPath)
  const clash = durableObjectClash(config, durableObject(names), recorded !== undefined)
  if (clash)
    throw new GenError(
      `${wranglerConfigPath} ${clash}: honoforge gen channel ${channel.kebab} cannot add ${names.className}.`,
    )
  await refuseTakenMount(project, names)
  const rendered = await render(project, names, project.auth && !args.public, options.render)
  const entry = parseWorkerExports(await readRequired(project, workerEntryPath))
  return {
    generator: 'channel',
    name: channel.kebab,
    files: rendered.files,
    args: { public: Boolean(args.public) },
    overrides: rendered.overrides,
    edits: [
      { path: wranglerConfigPath, content: withDurableObject(config, durableObject(names)), edit: true },
      {
        path: workerEntryPath,
        content: renderWorkerExports(addWorkerExport(entry, classExport(names))),
        edit: true,
      },
      ...(await readmeEdit(project, (source) => withSection(source, readmeHeading, rendered.section))),
    ],
    next: [
      `Clients connect with a WebSocket to ${names.mount}/<room>; docs/channels/${channel.kebab}.md describes the protocol.`,
      `Run \`npm test\`. ${names.idleVar} in wrangler.jsonc sets how long a silent socket is kept (ms).`,
    ],
  }
}

/**
 * What `destroy channel` edits back: wrangler.jsonc without the binding and var, with a
 * migration deleting the class appended (a deployed Worker has the class; it must be deleted,
 * not forgotten), the Worker entry without its export, the README without its section.
 */
export async function channelEditsReversed(project: Project, recorded: Generation): Promise<FileChange[]> {
  const names = channelNames(recorded.name)
  const rendered = await render(project, names, project.auth && recorded.args.public !== true)
  const entry = parseWorkerExports(await readRequired(project, workerEntryPath))
  return [
    {
      path: wranglerConfigPath,
      content: withoutDurableObject(await readRequired(project, wranglerConfigPath), durableObject(names)),
      edit: true,
    },
    { path: workerEntryPath, content: renderWorkerExports(removeWorkerExport(entry, names.className)), edit: true },
    ...(await readmeEdit(project, (source) => withoutSection(source, readmeHeading, rendered.section))),
  ]
}

/** The channel's files, and apart from them the README section the templates render. */
async function render(project: Project, names: ChannelNames, isProtected: boolean, options?: RenderOptions) {
  const model = { ...names, protected: isProtected }
  const templates: readonly TemplateFile[] = generators.channel.templates
  return splitSection(await renderTemplates(project.root, 'channel', templates, model, options), templates)
}

function durableObject(names: ChannelNames): DurableObjectConfig {
  return {
    className: names.className,
    binding: names.binding,
    vars: { [names.idleVar]: defaultIdleTimeoutMs },
    tagPrefix: `${names.channel.kebab}-channel`,
  }
}

function classExport(names: ChannelNames) {
  return { name: names.className, from: `./channels/${names.channel.kebab}/channel` }
}

/** A route module mounted at the channel's path or under it would shadow its routes or be shadowed. */
async function refuseTakenMount(project: Project, names: ChannelNames): Promise<void> {
  const source = await project.read(routeRegistry.path)
  if (source === undefined) return
  const own = `${names.channel.camel}Channel`
  const taken = parseRegistry(source, routeRegistry).entries.find(
    (entry) => entry.name !== own && (entry.mount === names.mount || entry.mount?.startsWith(`${names.mount}/`)),
  )
  if (taken) {
    throw new GenError(
      `${routeRegistry.path} mounts "${taken.name}" at '${taken.mount}', where the ${names.channel.words} channel ` +
        `would serve ${names.mount}/:room: choose another channel name.`,
    )
  }
}
