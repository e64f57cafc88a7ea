/**
 * The resource a new service starts with. It is generator output, not a second copy kept in
 * step by hand: create runs `honoforge gen resource` on the rendered tree, so in a fresh
 * service the same command is a no-op and `honoforge destroy resource notes` works.
 */
import { join } from 'node:path'
import { generateResource, type ResourceArgs } from '../gen/commands/resource.js'
import { manifestPath, parseManifest } from '../gen/manifest.js'
import { migrationsDir } from '../gen/migrations.js'
import { planGeneration } from '../gen/pipeline.js'
import { authModule, databaseOf, type Project } from '../gen/project.js'
import { wranglerConfigPath } from '../gen/wrangler-config.js'
import { packageInfo } from '../package-info.js'
import type { FileTree } from './render.js'

/** `honoforge gen resource notes title:string body:text?`, as data. */
export const exampleResource = { name: 'notes', fields: ['title:string', 'body:text?'] } as const satisfies ResourceArgs

/** The command that reproduces the example resource, for docs and messages. */
export const exampleResourceCommand = `honoforge gen resource ${exampleResource.name} ${exampleResource.fields.join(' ')}`

/**
 * Adds the example resource to a rendered service with a D1 database: its files, its route
 * registry entry and its manifest record. The OpenAPI document is built later, by the
 * service's own `npm run openapi`, once its dependencies are installed.
 */
export async function addExampleResource(tree: FileTree): Promise<void> {
  const project = treeProject(tree)
  const output = await generateResource(
    project,
    { ...exampleResource, fields: [...exampleResource.fields] },
    { render: { plop: false } },
  )
  for (const change of await planGeneration(project, output)) {
    if (!('delete' in change)) tree.set(change.path, change.content)
  }
}

/** The rendered tree seen as a generator sees a project on disk. */
function treeProject(tree: FileTree): Project {
  const list = async (dir: string) => [...tree.keys()].filter((path) => path.startsWith(`${dir}/`)).sort()
  return {
    // Template overrides are looked up under the root: a new service has none.
    root: join(packageInfo().root, 'templates', 'service'),
    manifest: parseManifest(tree.get(manifestPath) ?? ''),
    auth: tree.has(authModule),
    database: databaseOf(tree.get(wranglerConfigPath) ?? ''),
    migrations: [...tree.keys()]
      .filter((path) => path.startsWith(`${migrationsDir}/`))
      .map((path) => path.slice(migrationsDir.length + 1)),
    read: async (path) => tree.get(path),
    list,
  }
}
