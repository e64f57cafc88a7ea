import { readFile } from 'node:fs/promises'
import Handlebars from 'handlebars'

/** The service template's wrangler.jsonc, rendered with or without JWT and D1. */
export async function template(data: { jwt: boolean; d1: boolean }): Promise<string> {
  const source = await readFile(new URL('../../../templates/service/wrangler.jsonc.hbs', import.meta.url), 'utf8')
  return Handlebars.compile(source, { noEscape: true })({ name: 'api', compatibilityDate: '2025-06-01', ...data })
}
