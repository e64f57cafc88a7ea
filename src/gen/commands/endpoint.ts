/**
 * `honoforge gen endpoint <name> --method <m> --path </x/:id> [--query f:type...] [--body f:type...]`:
 * one typed, documented handler with its schemas and test. Under a resource's path it is
 * mounted in that resource's router (rendered again with it); elsewhere at the app's root.
 */
import { checkEndpointFields, endpointModel, parseMethod, pathParams } from '../endpoint-model.js'
import { parseFields } from '../fields.js'
import { generators } from '../generators.js'
import { moduleName } from '../names.js'
import type { GeneratorOutput } from '../pipeline.js'
import type { Project } from '../project.js'
import { renderTemplates } from '../render.js'
import { endpointMount, endpointsUnder, resourceAt, underArg } from '../resource-endpoints.js'
import { resourceRouter } from './resource.js'

export interface EndpointArgs {
  name: string
  method: string
  path: string
  query: string[]
  body: string[]
  /** Leave the route open even though the service has auth. */
  public?: boolean
}

export async function generateEndpoint(project: Project, args: EndpointArgs): Promise<GeneratorOutput> {
  const names = moduleName(args.name, 'endpoint name')
  const method = parseMethod(args.method)
  const params = pathParams(args.path)
  const query = parseFields(args.query, { columns: false })
  const body = parseFields(args.body, { columns: false })
  checkEndpointFields(method, params, query, body)
  const under = resourceAt(project.manifest, args.path)
  const model = endpointModel({
    names,
    method,
    path: args.path,
    query,
    body,
    protected: project.auth && !args.public,
    under,
  })
  const rendered = await renderTemplates(project.root, 'endpoint', generators.endpoint.templates, model)
  const mounts = under && [
    ...endpointsUnder(project.manifest, under).filter((mount) => mount.name !== names.camel),
    endpointMount(names.kebab),
  ]
  return {
    generator: 'endpoint',
    name: names.kebab,
    files: rendered.files,
    rerendered:
      under && mounts
        ? [{ generator: 'resource', name: under.snake, files: [await resourceRouter(project, under, mounts)] }]
        : [],
    args: {
      method,
      path: args.path,
      query: args.query,
      body: args.body,
      public: Boolean(args.public),
      ...underArg(under),
    },
    overrides: rendered.overrides,
    next: [`Replace the echo in src/routes/${names.kebab}/index.ts with the endpoint's work, then adapt its test.`],
  }
}
