import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { templatesRoot } from '../package-info.js'
import type { TemplateContext } from './template.js'

/**
 * The name of the prebuilt OpenAPI document for a combination of options.
 *
 * A service's openapi.json is built by its own `npm run openapi`, which needs its
 * dependencies; create runs before install, so the package ships the document of
 * every option combination (kept current by test/generator/openapi-variants.test.ts).
 *
 * @example openApiVariant({ d1: true, jwt: false, docs: true }) // 'd1-noauth-docs.json'
 */
export function openApiVariant(context: Pick<TemplateContext, 'd1' | 'jwt' | 'docs'>): string {
  return `${context.d1 ? 'd1' : 'nodb'}-${context.jwt ? 'jwt' : 'noauth'}-${context.docs ? 'docs' : 'nodocs'}.json`
}

/** The placeholder title the shipped documents carry; replaced by the service's name. */
export const variantTitle = 'my-api'

/**
 * The openapi.json of a new service: the prebuilt document for its options, titled with
 * its name, formatted exactly as the service's `scripts/openapi.ts` writes it.
 */
export async function renderOpenApiDocument(context: TemplateContext, root: string = templatesRoot()): Promise<string> {
  const file = join(root, 'openapi', openApiVariant(context))
  const document = JSON.parse(await readFile(file, 'utf8')) as { info: { title: string } }
  document.info.title = context.name
  return `${JSON.stringify(document, null, 2)}\n`
}
