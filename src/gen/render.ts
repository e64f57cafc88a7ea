/**
 * Generator templates (`generator/<generator>/*.hbs`, shipped in the package) rendered into
 * memory through a node-plop generator. Plop only renders here: its custom action stages each
 * file as a plan change, and all writing goes through `planChanges`/`applyPlan`.
 *
 * A file of the same name under `.honoforge/templates/<generator>/` in the project shadows the
 * built-in template (`honoforge eject` copies the defaults there). Built-in templates are
 * precompiled in the published package; an override is compiled with node-plop's Handlebars.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  type CompilerLoader,
  type HandlebarsCompiler,
  renderHandlebars,
  shippedTemplates,
} from '../handlebars/index.js'
import { generatorTemplatesRoot } from '../package-info.js'
import { GenError } from './errors.js'
import { addResolveHook } from './module-hooks.js'
import type { FileChange } from './plan.js'

/** Where a project keeps its template overrides, relative to its root. */
export const overridesDir = '.honoforge/templates'

/** One template of a generator and the project file it renders to. */
export interface TemplateFile {
  /** File name under `generator/<generator>/`: `db.ts.hbs`. */
  template: string
  /** Project path, naming inputs of the same data: `src/routes/{{resource.kebab}}/db.ts`. */
  output: string
  /** Rendered only in services on this database (`--db`); by default in every service. */
  database?: string
  /** Rendered only when the run has this option on (gen auth `--alg es256`: `es256`); by default always. */
  option?: string
  /**
   * A section the generator inserts into `output`, a file it does not own (a README section),
   * rather than a file of its own.
   */
  section?: boolean
  /**
   * A file every run of the generator shares (the registry importing each run's module, a
   * helper they import): rendered with `runs`, the inputs of every recorded run, rewritten by
   * each run and deleted with the last (src/gen/shared-files.ts). Commands render the others.
   */
  shared?: boolean
}

export interface RenderOptions {
  /**
   * `false` renders the templates directly, without node-plop: what create-honoforge does
   * at create time, where node-plop (a devDependency of services) is not installed. The
   * output is the same: plop's render action renders them the same way.
   */
  plop?: boolean
}

export interface RenderResult {
  files: FileChange[]
  /** Project-relative paths of the overrides used instead of built-in templates. */
  overrides: string[]
}

/** The folder holding the built-in generator templates (`generator/` in the package). */
export function builtInTemplatesRoot(): string {
  return generatorTemplatesRoot()
}

/**
 * A template's output path with the inputs it names filled in. Paths name plain inputs only
 * (no helpers or blocks), so they need no template engine.
 *
 * @example fillPath('src/routes/{{resource.kebab}}/db.ts', { resource: { kebab: 'posts' } }) // 'src/routes/posts/db.ts'
 */
export function fillPath(path: string, data: object): string {
  return path.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => {
    const value = name.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], data)
    if (typeof value !== 'string' || value === '')
      throw new GenError(`The output path ${path} names ${name}, which has no text value.`)
    return value
  })
}

/**
 * Render templates of one generator with `data`, preferring the project's overrides.
 *
 * @param root The project root.
 * @throws GenError naming the template when one is missing or fails to render (an override
 *   that uses an input the generator does not provide, for example).
 */
export async function renderTemplates(
  root: string,
  generator: string,
  templates: readonly TemplateFile[],
  data: object,
  options: RenderOptions = {},
): Promise<RenderResult> {
  const sources = await Promise.all(templates.map((file) => readTemplate(root, generator, file.template)))
  const files: FileChange[] = []
  if (options.plop === false) {
    for (const [index, file] of templates.entries()) {
      files.push({ path: fillPath(file.output, data), content: await render(sources[index]?.text ?? '', data) })
    }
    return { files, overrides: sources.filter((source) => source.override).map((source) => source.label) }
  }
  const nodePlop = await loadNodePlop()
  const plop = await nodePlop(undefined, { destBasePath: root, force: false })
  // An override is compiled by the Handlebars node-plop carries (node-plop passes its instance through).
  const plopCompiler: CompilerLoader = async () => (plop as unknown as { handlebars: HandlebarsCompiler }).handlebars
  // Async, so a throw reaches plop as a rejection and is reported in `failures`.
  plop.setActionType('render', async (answers, config) => {
    const source = sources[config.index as number]
    const file = templates[config.index as number]
    if (!source || !file) throw new Error(`no template #${String(config.index)}`)
    const path = fillPath(file.output, answers)
    files.push({ path, content: await render(source.text, answers, plopCompiler) })
    return path
  })
  const actions = templates.map((_, index) => ({ type: 'render', index }))
  const runner = plop.setGenerator(generator, { description: generator, prompts: [], actions })
  const { failures } = await runner.runActions({ ...data })
  const [failure] = failures
  if (failure) {
    // Actions run in order and stop at the first failure: it is the template after the last staged one.
    const label = sources[files.length]?.label ?? 'a template'
    throw new GenError(`Cannot render ${label}: ${failure.error ?? 'unknown error'}`)
  }
  return { files, overrides: sources.filter((source) => source.override).map((source) => source.label) }
}

let inquirerStubbed = false

/**
 * node-plop (an optional peer dependency, so `npm create` does not download it), without
 * its prompt library where Node allows: node-plop imports inquirer at
 * load (~150 ms, most of a generator run) although honoforge never prompts (every input is a
 * flag). With module hooks (Node >= 22.15), node-plop gets a stand-in whose prompt throws;
 * older Nodes load inquirer as usual.
 */
export async function loadNodePlop() {
  if (!inquirerStubbed) {
    inquirerStubbed = true
    const stub = 'export default { registerPrompt() {}, prompt() { throw new Error("honoforge does not prompt") } }'
    addResolveHook((specifier, context, next) =>
      specifier === 'inquirer' && context.parentURL?.includes('/node-plop/')
        ? { url: `data:text/javascript,${encodeURIComponent(stub)}`, shortCircuit: true }
        : next(specifier, context),
    )
  }
  try {
    return (await import('node-plop')).default
  } catch (error) {
    // An optional peer dependency: `npm create` skips it, services list it as a devDependency.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error
    throw new GenError(
      "honoforge renders its templates with node-plop, a devDependency of services made by create-honoforge: run your package manager's install in the service (or add node-plop to its devDependencies).",
    )
  }
}

/**
 * Render a generator template: built-in ones are precompiled in the published package, so
 * only an override needs the compiler (`loadCompiler`; by default the handlebars package).
 */
function render(source: string, data: object, loadCompiler?: CompilerLoader): Promise<string> {
  return renderHandlebars(source, data, shippedTemplates.generator.options, loadCompiler)
}

/** A template's text: the project's override when there is one, else the built-in file. */
async function readTemplate(root: string, generator: string, name: string) {
  const override = `${overridesDir}/${generator}/${name}`
  const text = await readFile(join(root, ...override.split('/')), 'utf8').catch(() => undefined)
  if (text !== undefined) return { text, label: override, override: true }
  const builtIn = join(builtInTemplatesRoot(), generator, name)
  try {
    return { text: await readFile(builtIn, 'utf8'), label: `${generator}/${name}`, override: false }
  } catch {
    throw new GenError(`The ${generator} generator's template ${name} is missing from ${builtIn}; reinstall honoforge.`)
  }
}
