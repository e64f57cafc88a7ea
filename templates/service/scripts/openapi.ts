/**
 * Writes public/openapi.json from the route modules' schemas: `npm run openapi`.
 * Run it after changing a route; test/openapi.test.ts fails while the file is stale.
 */
import { writeFileSync } from 'node:fs'
import { buildDocument } from '../src/openapi/build'
import { info } from '../src/openapi/info'
import { pathGroups } from '../src/openapi/registry'

const file = new URL('../public/openapi.json', import.meta.url)
writeFileSync(file, `${JSON.stringify(buildDocument(info, pathGroups), null, 2)}\n`)
console.log(`Wrote ${file.pathname}`)
