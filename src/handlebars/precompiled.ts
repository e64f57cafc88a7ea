/**
 * The shipped templates, precompiled. Empty here, so that running from source (tests, a
 * checkout) compiles each template on first use; the build (scripts/build.ts) replaces this
 * module with the table of every shipped `.hbs`, so the published CLI renders them with the
 * Handlebars runtime alone and carries no compiler.
 */
import type { PrecompiledTemplates } from './index.js'

export const precompiledTemplates: PrecompiledTemplates = {}
