/**
 * Rendering Handlebars templates without shipping the Handlebars compiler. Every template the
 * package ships is precompiled at build time (scripts/build.ts) into a table keyed by its
 * content, so the published CLI renders them with the small Handlebars runtime; only a source
 * the table does not hold (a project's own template override, or any template when running
 * from source) is compiled, by a compiler loaded on demand.
 */
import HandlebarsRuntime from 'handlebars/runtime'
import { compileOptions, type TemplateOptions, templateKey } from './options.js'
import { precompiledTemplates } from './precompiled.js'

export { shippedTemplates, type TemplateOptions } from './options.js'

/** A precompiled template: the object literal `Handlebars.precompile` writes as source. */
export type TemplateSpec = object

/** Precompiled templates by `templateKey`. */
export type PrecompiledTemplates = Readonly<Record<string, TemplateSpec>>

type Template = (data: object) => string

interface Environment {
  registerHelper(name: string, helper: (...args: never[]) => unknown): void
}

/** What compiling needs from the `handlebars` package (or from a copy of it, such as node-plop's). */
export interface HandlebarsCompiler {
  create(): Environment & { compile(source: string, options: object): Template }
}

/** Loads the compiler, called only for a source with no precompiled template. */
export type CompilerLoader = () => Promise<HandlebarsCompiler>

/** The helpers templates may use, registered on every instance. */
function withHelpers<T extends Environment>(environment: T): T {
  environment.registerHelper('eq', (a: unknown, b: unknown) => a === b)
  return environment
}

interface Runtime {
  template(spec: TemplateSpec): Template
}

// Per table, so a table given explicitly (a test's) never sees templates made from another.
const caches = new WeakMap<PrecompiledTemplates, Map<string, Template>>()
let runtime: Runtime | undefined
const compilers = new WeakMap<CompilerLoader, ReturnType<HandlebarsCompiler['create']>>()

/**
 * Render a template's text with `data`: through its precompiled form when `table` holds it,
 * else compiled by the compiler `loadCompiler` provides. Each text is made into a template
 * once per process.
 *
 * @throws when the template needs compiling and no compiler can be loaded, or when it does
 *   not compile or render (with `strict`, an input it names is missing).
 */
export async function renderHandlebars(
  source: string,
  data: object,
  options: TemplateOptions,
  loadCompiler: CompilerLoader = loadHandlebars,
  table: PrecompiledTemplates = precompiledTemplates,
): Promise<string> {
  const key = templateKey(source, options)
  let cache = caches.get(table)
  if (!cache) {
    cache = new Map()
    caches.set(table, cache)
  }
  let template = cache.get(key)
  if (!template) {
    const spec = Object.hasOwn(table, key) ? table[key] : undefined
    if (spec) {
      runtime ??= withHelpers((HandlebarsRuntime as unknown as { create(): Runtime & Environment }).create())
      template = runtime.template(spec)
    } else {
      let compiler = compilers.get(loadCompiler)
      if (!compiler) {
        compiler = withHelpers((await loadCompiler()).create())
        compilers.set(loadCompiler, compiler)
      }
      template = compiler.compile(source, compileOptions(options))
    }
    cache.set(key, template)
  }
  return template(data)
}

/**
 * The `handlebars` package: a devDependency here, and installed in services (node-plop renders
 * with it), but not a dependency of the published CLI, whose own templates are precompiled.
 */
async function loadHandlebars(): Promise<HandlebarsCompiler> {
  try {
    return (await import('handlebars')).default as unknown as HandlebarsCompiler
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error
    throw new Error(
      'this template is not one create-honoforge ships precompiled, and compiling it needs the handlebars package, which is not installed.',
    )
  }
}
