// The generated service's /docs page loads one pinned file from a CDN and lets the browser run
// it only if it matches the Subresource Integrity hash in src/routes/docs/index.ts. These
// checks tie that pin to the exact @scalar/api-reference release it names, fetched from the
// npm registry as a tarball (the installed package would weigh 170 MB for one file): the hash
// must be the sha384 of the very file the page loads, so a wrong or stale hash (which a
// browser would answer with a blank page) fails here instead of in a user's browser.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createTemplateContext, renderTemplate } from '../../src/create/render.js'
import { serviceTemplate } from '../../src/create/template.js'

const viewerPackage = '@scalar/api-reference'
const cdnPrefix = `https://cdn.jsdelivr.net/npm/${viewerPackage}@`
const docsRoutePath = 'src/routes/docs/index.ts'
const scratch = mkdtempSync(join(tmpdir(), 'honoforge-viewer-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** The published package of one release, unpacked (`npm pack` downloads only its tarball). */
function unpackedRelease(version: string): string {
  const dir = join(scratch, version)
  execFileSync('mkdir', ['-p', dir])
  execFileSync('npm', ['pack', `${viewerPackage}@${version}`, '--pack-destination', dir], { stdio: 'ignore' })
  const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'))
  if (!tarball) throw new Error(`npm pack ${viewerPackage}@${version} wrote no tarball`)
  execFileSync('tar', ['-xzf', join(dir, tarball), '-C', dir])
  return join(dir, 'package')
}

/** The rendered service, with or without the docs page. */
async function service(docs: boolean): Promise<Map<string, string>> {
  return renderTemplate(
    serviceTemplate,
    createTemplateContext({ name: 'my-api', pm: 'npm', db: 'd1', auth: 'jwt', docs }),
  )
}

/** The `viewer` constant of the rendered docs route: the CDN URL and its integrity value. */
function pinnedViewer(docsRoute: string): { src: string; integrity: string } {
  const src = /src: '([^']+)'/.exec(docsRoute)?.[1]
  const integrity = /integrity: '([^']+)'/.exec(docsRoute)?.[1]
  if (src === undefined || integrity === undefined) throw new Error(`${docsRoutePath} has no viewer { src, integrity }`)
  return { src, integrity }
}

describe('the docs page viewer pin', () => {
  it('Should load an exact release of the viewer, the browser bundle, by its SRI sha384', async () => {
    const { src, integrity } = pinnedViewer((await service(true)).get(docsRoutePath) ?? '')
    expect(src.startsWith(cdnPrefix), src).toBe(true)
    const [version = '', ...rest] = src.slice(cdnPrefix.length).split('/')
    expect(version).toMatch(/^\d+\.\d+\.\d+$/)
    const file = rest.join('/')
    expect(file).toBe('dist/browser/standalone.js')

    const release = unpackedRelease(version)
    const published = JSON.parse(readFileSync(join(release, 'package.json'), 'utf8')) as { version: string }
    expect(published.version).toBe(version)
    const bundle = readFileSync(join(release, file))
    expect(integrity).toBe(`sha384-${createHash('sha384').update(bundle).digest('base64')}`)
    // The hash covers only this file: the bundle must load no further chunks.
    expect(bundle.toString('utf8')).not.toMatch(/import\(\s*[`'"]\.\/chunks\//)
  })

  it('Should leave the viewer out with --no-docs', async () => {
    const docsRoute = (await service(false)).get(docsRoutePath) ?? ''
    expect(docsRoute).toMatch(/docs\.get\(\s*'\/openapi\.json',/)
    expect(docsRoute).not.toContain(cdnPrefix)
    expect(docsRoute).not.toContain("'/docs'")
  })
})

describe('the OpenAPI document', () => {
  it.each([true, false])('Should be a static asset, never imported into the Worker (docs: %s)', async (docs) => {
    const tree = await service(docs)
    for (const [path, text] of tree) {
      if (path.startsWith('src/')) expect(text, path).not.toMatch(/from '[^']*openapi\.json'/)
    }
  })
})
