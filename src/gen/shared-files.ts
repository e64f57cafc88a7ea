/**
 * Files every run of one generator shares — the registry importing each run's module and
 * dispatching to it (`src/queues/index.ts`), a helper the runs' modules import — described as
 * templates marked `shared` in the generator table. They are the generator's own: rendered
 * from the list of its recorded runs (`runs`), rewritten whole by every run and by every
 * destroy, created by the first run and deleted with the last, never a conflict.
 */
import { type GeneratorDescriptor, generators } from './generators.js'
import type { GeneratorKind, JsonValue, Manifest } from './manifest.js'
import type { Change, FileChange } from './plan.js'
import type { Project } from './project.js'
import { type RenderOptions, renderTemplates, type TemplateFile } from './render.js'

/** A run as the shared templates see it: its recorded name and arguments. */
export interface SharedRun {
  name: string
  args: { [key: string]: JsonValue }
}

function descriptorOf(generator: GeneratorKind): GeneratorDescriptor {
  return generators[generator]
}

function sharedTemplates(generator: GeneratorKind): TemplateFile[] {
  return descriptorOf(generator).templates.filter((file) => file.shared)
}

/** The runs of `generator` the manifest records, with `run` in place of its earlier record. */
export function runsWith(manifest: Manifest, generator: GeneratorKind, run: SharedRun): SharedRun[] {
  const others = manifest.generated.filter((entry) => entry.generator === generator && entry.name !== run.name)
  return [...others.map(({ name, args }) => ({ name, args })), run]
}

/** The runs of `generator` the manifest records, but the one named `name`. */
export function runsWithout(manifest: Manifest, generator: GeneratorKind, name: string): SharedRun[] {
  return manifest.generated
    .filter((entry) => entry.generator === generator && entry.name !== name)
    .map((entry) => ({ name: entry.name, args: entry.args }))
}

/**
 * The generator's shared files for these runs: rendered with `runs` (each run's inputs, in
 * recorded-name order) when there are runs, deleted when there are none left.
 */
export async function sharedFiles(
  project: Project,
  generator: GeneratorKind,
  runs: readonly SharedRun[],
  options: RenderOptions = {},
): Promise<Change[]> {
  const templates = sharedTemplates(generator)
  if (templates.length === 0) return []
  if (runs.length === 0) {
    const present = await Promise.all(templates.map(async (file) => (await project.read(file.output)) !== undefined))
    return templates
      .filter((_, index) => present[index])
      .map((file) => ({ path: file.output, delete: true as const, owned: true }))
  }
  const inputsOf = descriptorOf(generator).runInputs
  if (!inputsOf) throw new Error(`The ${generator} generator has shared templates but no runInputs.`)
  const sorted = [...runs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const model = { runs: sorted.map((run) => inputsOf(run.name, run.args)) }
  const rendered = await renderTemplates(project.root, generator, templates, model, options)
  return rendered.files.map((file): FileChange => ({ ...file, edit: true }))
}
