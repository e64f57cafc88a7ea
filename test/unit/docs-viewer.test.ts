// The generated service's /docs page loads one pinned file from a CDN and lets the browser run
// it only if it matches the Subresource Integrity hash in src/routes/docs.ts. These checks tie
// that pin to the exact @scalar/api-reference release installed here as a devDependency: the
// hash must be the sha384 of the very file the page loads, so a wrong or stale hash (which a
// browser would answer with a blank page) fails here instead of in a user's browser.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createTemplateContext, renderTemplate } from '../../src/create/render.js'
import { serviceTemplate } from '../../src/create/template.js'

const viewerPackage = '@scalar/api-reference'
const cdnPrefix = `https://cdn.jsdelivr.net/npm/${viewerPackage}@`
// The package's exports hide its package.json and dist/browser: read the installed folder.
const installedRoot = join('node_modules', viewerPackage)

/** The rendered service, with or without the docs page. */
async function service(docs: boolean): Promise<Map<string, string>> {
  return renderTemplate(serviceTemplate, createTemplateContext({ name: 'my-api', pm: 'npm', db: 'd1', auth: 'jwt', docs }))
}

/** The `viewer` constant of the rendered docs route: the CDN URL and its integrity value. */
function pinnedViewer(docsRoute: string): { src: string; integrity: string } {
  const src = /src: '([^']+)'/.exec(docsRoute)?.[1]
  const integrity = /integrity: '([^']+)'/.exec(docsRoute)?.[1]
  if (src === undefined || integrity === undefined) throw new Error('src/routes/docs.ts has no viewer { src, integrity }')
  return { src, integrity }
}

describe('the docs page viewer pin', () => {
  it('Should load an exact release of the installed viewer, by its SRI sha384', async () => {
    const { src, integrity } = pinnedViewer((await service(true)).get('src/routes/docs.ts') ?? '')
    expect(src.startsWith(cdnPrefix), src).toBe(true)
    const [version, ...rest] = src.slice(cdnPrefix.length).split('/')
    const file = rest.join('/')

    const installed = JSON.parse(readFileSync(join(installedRoot, 'package.json'), 'utf8')) as { version: string }
    const pinnedHere = (JSON.parse(readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string> }).devDependencies[
      viewerPackage
    ]
    // The page, this repo's devDependency and the installed copy name the same release.
    expect(version).toBe(installed.version)
    expect(pinnedHere).toBe(installed.version)

    const digest = createHash('sha384').update(readFileSync(join(installedRoot, file))).digest('base64')
    expect(integrity).toBe(`sha384-${digest}`)
  })

  it('Should be the browser bundle, which loads no further chunks the hash would not cover', async () => {
    const { src } = pinnedViewer((await service(true)).get('src/routes/docs.ts') ?? '')
    expect(src.endsWith('/dist/browser/standalone.js'), src).toBe(true)
    const bundle = readFileSync(join(installedRoot, 'dist/browser/standalone.js'), 'utf8')
    expect(bundle).not.toMatch(/import\(\s*[`'"]\.\/chunks\//)
  })

  it('Should leave the viewer out with --no-docs', async () => {
    const docsRoute = (await service(false)).get('src/routes/docs.ts') ?? ''
    expect(docsRoute).toContain("docs.get('/openapi.json'")
    expect(docsRoute).not.toContain(cdnPrefix)
    expect(docsRoute).not.toContain("'/docs'")
  })
})

describe('the OpenAPI document', () => {
  it.each([true, false])('Should be a static asset, never imported into the Worker (docs: %s)', async (docs) => {
    const tree = await service(docs)
    expect(tree.has('public/openapi.json')).toBe(true)
    expect(tree.has('openapi.json')).toBe(false)
    for (const [path, text] of tree) {
      if (path.startsWith('src/')) expect(text, path).not.toMatch(/from '[^']*openapi\.json'/)
    }
  })
})
