/**
 * Endpoints under a resource's path (`gen endpoint publish-post --path /posts/:id/publish`)
 * live in their own module and are mounted in that resource's router, ahead of its routes,
 * so `/posts/stats` is never taken for an id. The resource's route module is rendered with
 * the endpoints recorded under it, so re-running `gen resource` keeps them wired.
 */
import type { JsonValue, Manifest } from './manifest.js'
import { type Inflection, inflect, moduleName } from './names.js'

/** An endpoint module mounted in a resource's router: its export and where it is imported from. */
export interface EndpointMount {
  name: string
  from: string
}

/** The recorded resource whose path `path` lies under (`/posts/...` → posts), if any. */
export function resourceAt(manifest: Manifest, path: string): Inflection | undefined {
  const first = path.split('/')[1]
  return manifest.generated
    .filter((entry) => entry.generator === 'resource')
    .map((entry) => inflect(entry.name))
    .find((resource) => resource.kebab === first)
}

/** The endpoint module's route path inside the resource's router: `/posts/:id/publish` → `/:id/publish`. */
export function pathInResource(resource: Inflection, path: string): string {
  return path.slice(resource.kebab.length + 1) || '/'
}

/** What an endpoint run records about where it is mounted. */
export function underArg(resource: Inflection | undefined): { under?: JsonValue } {
  return resource ? { under: resource.snake } : {}
}

/** The endpoints recorded under `resource`, in the order they were generated. */
export function endpointsUnder(manifest: Manifest, resource: Inflection): EndpointMount[] {
  return manifest.generated
    .filter((entry) => entry.generator === 'endpoint' && entry.args.under === resource.snake)
    .map((entry) => endpointMount(entry.name))
}

/** The mount of the endpoint module recorded as `name` (its kebab-case name). */
export function endpointMount(name: string): EndpointMount {
  const names = moduleName(name, 'endpoint name')
  return { name: names.camel, from: `../${names.kebab}` }
}
