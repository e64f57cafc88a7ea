/** `honoforge gen middleware <name>`: a typed middleware module and its test, ready to mount. */
import { generators } from '../generators.js'
import { moduleName } from '../names.js'
import type { GeneratorOutput } from '../pipeline.js'
import type { Project } from '../project.js'
import { renderTemplates } from '../render.js'
import { sentence } from '../source-format.js'

export async function generateMiddleware(project: Project, args: { name: string }): Promise<GeneratorOutput> {
  const names = moduleName(args.name, 'middleware name')
  const model = { middleware: { ...names, Words: sentence(names.words) } }
  const rendered = await renderTemplates(project.root, 'middleware', generators.middleware.templates, model)
  return {
    generator: 'middleware',
    name: names.kebab,
    files: rendered.files,
    args: {},
    overrides: rendered.overrides,
    next: [`Mount it where it applies, e.g. \`app.use(${names.camel}())\` in src/app.ts.`],
  }
}
