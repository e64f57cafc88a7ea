/**
 * `honoforge eject <generator>`: copy a generator's built-in templates into
 * `.honoforge/templates/<generator>/`, where they shadow the built-in ones file by file.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { GenError } from '../errors.js'
import type { GeneratorKind } from '../manifest.js'
import { descriptorOf, type GenRuntime, type PlanFlags, settle } from '../pipeline.js'
import type { FileChange } from '../plan.js'
import type { Project } from '../project.js'
import { builtInTemplatesRoot, overridesDir } from '../render.js'

export async function eject(
  project: Project,
  generator: GeneratorKind,
  flags: PlanFlags,
  runtime: GenRuntime,
): Promise<void> {
  const { templates, inputs } = descriptorOf(generator)
  if (templates.length === 0) {
    throw new GenError(`The ${generator} generator has no templates to eject: its SQL follows from the field types.`)
  }
  const changes: FileChange[] = []
  for (const { template } of templates) {
    const content = await readFile(join(builtInTemplatesRoot(), generator, template), 'utf8')
    changes.push({ path: `${overridesDir}/${generator}/${template}`, content })
  }
  const next = [
    `Edit the templates in ${overridesDir}/${generator}/; delete one to go back to the built-in version.`,
    'They are Handlebars (no HTML escaping) and receive:',
    ...Object.entries(inputs).map(([name, description]) => `  ${name}: ${description}`),
  ]
  await settle(project, changes, flags, runtime, { next, handsOver: true })
}
