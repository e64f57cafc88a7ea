/**
 * The resource a new service starts with. It is generator output, not a second copy kept in
 * step by hand: create runs `honoforge gen resource` on the rendered tree, so in a fresh
 * service the same command is a no-op and `honoforge destroy resource notes` works.
 */
import { join } from 'node:path'
import { generateResource, type ResourceArgs } from '../gen/commands/resource.js'
import { planGeneration } from '../gen/pipeline.js'
import { applyToTree, treeProject } from '../gen/tree-project.js'
import { templatesRoot } from '../package-info.js'
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
  // Template overrides are looked up under the root: a new service has none.
  const project = treeProject(tree, join(templatesRoot(), 'service'))
  const output = await generateResource(
    project,
    { ...exampleResource, fields: [...exampleResource.fields] },
    { render: { plop: false } },
  )
  applyToTree(tree, await planGeneration(project, output))
}
