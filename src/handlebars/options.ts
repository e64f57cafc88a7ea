/**
 * What the shipped templates are compiled with, and the key of a precompiled template: shared
 * by the build, which precompiles them (precompile.ts), and the renderer (index.ts).
 */
import { createHash } from 'node:crypto'

/** How a template is compiled: output is code, never HTML, so nothing is escaped. */
export interface TemplateOptions {
  /** Fail on a missing input instead of rendering it empty. */
  strict: boolean
}

/** The folders of templates the package ships, and how each is compiled. */
export const shippedTemplates = {
  /** The service template (every `.hbs` under `templates/`): optional inputs render empty. */
  service: { dir: 'templates', options: { strict: false } },
  /** The generators' templates (every `.hbs` under `generator/`): every input must exist. */
  generator: { dir: 'generator', options: { strict: true } },
} as const satisfies Record<string, { dir: string; options: TemplateOptions }>

/** The table key of a template: its options and a hash of its text. */
export function templateKey(source: string, options: TemplateOptions): string {
  return `${options.strict ? 'strict' : 'loose'}:${createHash('sha256').update(source).digest('hex')}`
}

/** The compile options for `options`, the same when precompiling and when compiling at run time. */
export function compileOptions(options: TemplateOptions) {
  return { noEscape: true, strict: options.strict }
}
