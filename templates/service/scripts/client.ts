/**
 * Writes client/api.d.ts, the types openapi-fetch calls the API with, from the committed
 * public/openapi.json (`npm run client`). `npm run openapi` does this too, after rebuilding
 * the document from the routes.
 */
import { readFileSync } from 'node:fs'
import { writeClientTypes } from './client-types'

const document: object = JSON.parse(readFileSync(new URL('../public/openapi.json', import.meta.url), 'utf8'))
console.log(`Wrote ${(await writeClientTypes(document)).pathname}`)
