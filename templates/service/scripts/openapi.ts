/**
 * Writes public/openapi.json from the app itself (`npm run openapi`): its routes, the
 * validators and auth in each route's chain, and the docs each route states. Run it after
 * changing a route; test/openapi.test.ts fails while the file is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { createApp } from '../src/app'
import { buildDocument } from '../src/openapi/build'
import { head } from '../src/openapi/head'

const file = new URL('../public/openapi.json', import.meta.url)
mkdirSync(new URL('.', file), { recursive: true })
writeFileSync(file, `${JSON.stringify(buildDocument(head, createApp()), null, 2)}\n`)
console.log(`Wrote ${file.pathname}`)
