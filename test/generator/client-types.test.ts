/**
 * The client types (client/api.d.ts) follow the routes the way the OpenAPI document does:
 * every generator run that changes routes plans them with the document, built by the
 * service's own `npm run openapi`, so a dry run shows them and a re-run leaves them as they are.
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { clientTypesPath } from '../../src/gen/openapi-build.js'
import { createProject, type TestProject, treeDiff } from './gen-project.js'

const posts = ['gen', 'resource', 'posts', 'title:string', 'status:enum(draft|live)']

let project: TestProject
beforeEach(async () => {
  project = await createProject()
})
afterEach(async () => {
  await project.remove()
})

/** The client types as they are now, checked against what `npm run openapi` builds. */
async function currentTypes(): Promise<string> {
  const types = await project.read(clientTypesPath)
  expect(types).toBe(await project.fullClientTypes())
  return types
}

describe('client/api.d.ts', () => {
  it('Should be written with the document when a service is created, and be what `npm run client` builds from it', async () => {
    const types = await currentTypes()
    expect(types).toMatch(/^\/\*\*\n \* The types of this API for openapi-fetch, built from public\/openapi\.json/)
    expect(types).toContain('export interface paths {\n  "/health": {')
    expect(types).toContain('  "/notes/{id}": {')
    const tsx = join(project.root, 'node_modules', 'tsx', 'dist', 'cli.mjs')
    const { stdout } = await promisify(execFile)(process.execPath, [tsx, 'scripts/client.ts'], { cwd: project.root })
    expect(stdout).toContain('client/api.d.ts')
    expect(await project.read(clientTypesPath)).toBe(types)
  })

  it('Should be planned by a dry run and written by the run, then left as it is by a re-run', async () => {
    const before = await project.snapshot()
    const dry = await project.run(...posts, '--dry-run')
    expect(dry.code).toBe(0)
    expect(dry.stdout).toMatch(new RegExp(`^update +${clientTypesPath}$`, 'm'))
    expect(dry.stdout).toContain('+  "/posts/{id}": {')
    expect(await project.snapshot()).toEqual(before)

    expect((await project.run(...posts)).code).toBe(0)
    expect(treeDiff(before, await project.snapshot()).changed).toContain(clientTypesPath)
    const types = await currentTypes()
    expect(types).toContain(
      '    PostCreate: {\n      title: string;\n      /** @enum {string} */\n      status: "draft" | "live";\n',
    )

    const after = await project.snapshot()
    const again = await project.run(...posts)
    expect(again.stdout).toMatch(new RegExp(`^identical +${clientTypesPath}$`, 'm'))
    expect(await project.snapshot()).toEqual(after)
  })

  it('Should follow an endpoint added and a resource destroyed', async () => {
    expect(
      (await project.run('gen', 'endpoint', 'publish-note', '--method', 'post', '--path', '/notes/:id/publish')).code,
    ).toBe(0)
    expect(await currentTypes()).toContain('  "/notes/{id}/publish": {')
    expect((await project.run('destroy', 'endpoint', 'publish-note')).code).toBe(0)
    expect((await project.run('destroy', 'resource', 'notes')).code).toBe(0)
    const types = await currentTypes()
    expect(types).not.toContain('/notes')
    expect(types).toContain('  "/health": {')
  })

  it('Should be left alone in a service whose `npm run openapi` builds the document only', async () => {
    // What services created before the client types had: their script writes the document alone.
    const script = await project.read('scripts/openapi.ts')
    const documentOnly = script
      .replace(/^import \{ writeClientTypes \}.*\n/m, '')
      .replace(/^\/\/ From the document.*\n^console\.log.*\n/m, '')
    expect(documentOnly).not.toContain('writeClientTypes')
    await project.write('scripts/openapi.ts', documentOnly)
    const before = await project.read(clientTypesPath)
    const result = await project.run(...posts)
    expect(result.code).toBe(0)
    expect(result.stdout).not.toContain(clientTypesPath)
    expect(await project.read('public/openapi.json')).toContain('"/posts/{id}"')
    expect(await project.read(clientTypesPath)).toBe(before)
  })
})
