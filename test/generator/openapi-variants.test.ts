import { mkdir, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { openApiVariant, variantTitle } from '../../src/create/openapi-document.js'
import { createTemplateContext, renderTemplate } from '../../src/create/render.js'
import { serviceTemplate } from '../../src/create/template.js'
import { packageInfo } from '../../src/package-info.js'

// Rendered inside the repository so the services' imports (zod) resolve from its node_modules.
const work = join(packageInfo().root, '.tmp', 'openapi-variants')
afterAll(() => rm(work, { recursive: true, force: true }))

const combinations = [true, false].flatMap((d1) =>
  [true, false].flatMap((jwt) => [true, false].map((docs) => ({ d1, jwt, docs }))),
)

describe('prebuilt OpenAPI documents (templates/openapi/)', () => {
  // Update with `npx vitest run test/generator/openapi-variants.test.ts -u` after changing routes.
  it.each(combinations)('Should match what the service builds for %o', async ({ d1, jwt, docs }) => {
    const context = createTemplateContext({
      name: variantTitle,
      db: d1 ? 'd1' : 'none',
      auth: jwt ? 'jwt' : 'none',
      docs,
      pm: 'npm',
    })
    const dir = join(work, openApiVariant(context).replace(/\.json$/, ''))
    for (const [path, content] of await renderTemplate(serviceTemplate, context)) {
      if (!path.startsWith('src/')) continue
      await mkdir(dirname(join(dir, path)), { recursive: true })
      await writeFile(join(dir, path), content)
    }
    const load = (path: string) => import(pathToFileURL(join(dir, path)).href)
    const { buildDocument } = await load('src/openapi/build.ts')
    const { info } = await load('src/openapi/info.ts')
    const { pathGroups } = await load('src/openapi/registry.ts')
    const text = `${JSON.stringify(buildDocument(info, pathGroups), null, 2)}\n`
    await expect(text).toMatchFileSnapshot(join(packageInfo().root, 'templates', 'openapi', openApiVariant(context)))
  })
})
