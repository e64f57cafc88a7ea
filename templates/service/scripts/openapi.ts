/**
 * Writes public/openapi.json from the app itself (`npm run openapi`): its routes, the
 * validators and auth in each route's chain, and the docs each route states; then the client
 * types built from it (client/api.d.ts). Run it after changing a route; test/openapi.test.ts
 * fails while the document is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { createApp } from '../src/app'
import { buildDocument } from '../src/openapi/build'
import { head } from '../src/openapi/head'
import { writeClientTypes } from './client-types'

const text = `${JSON.stringify(buildDocument(head, createApp()), null, 2)}\n`
const file = new URL('../public/openapi.json', import.meta.url)
mkdirSync(new URL('.', file), { recursive: true })
writeFileSync(file, text)
console.log(`Wrote ${file.pathname}`)
// From the document as written, so `npm run client` builds the very same types from the file.
console.log(`Wrote ${(await writeClientTypes(JSON.parse(text))).pathname}`)
