/**
 * The TypeScript types of the API for its callers: every path, operation and schema of the
 * OpenAPI document, as openapi-typescript writes them, for calling the API with
 * openapi-fetch. `npm run openapi` writes them with the document; `npm run client` from it.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
// Version 6: 7 builds its output with TypeScript's JS API, which TypeScript 7 (this project's
// compiler) no longer has, and pulls in a second TypeScript for it; 6 writes the same types as text.
import openapiTS, { type OpenAPI3 } from 'openapi-typescript'

/** Built, never edited; outside src/, so nothing of it can reach the Worker. */
export const clientTypesFile = new URL('../client/api.d.ts', import.meta.url)

const header = `/**
 * The types of this API for openapi-fetch, built from public/openapi.json by openapi-typescript.
 * Do not edit: \`npm run openapi\` rebuilds the document and these types, \`npm run client\` these types.
 */

`

/** Writes the types of `document` to client/api.d.ts; returns the file written. */
export async function writeClientTypes(document: object): Promise<URL> {
  const types = await openapiTS(document as OpenAPI3, { commentHeader: header })
  mkdirSync(new URL('.', clientTypesFile), { recursive: true })
  writeFileSync(clientTypesFile, types)
  return clientTypesFile
}
