import type { ModuleDoc, OpenApiMeta, RouteDoc } from '../lib/openapi-meta'

/** One operation the app serves, with the metadata of every middleware in its chain. */
export type Operation = {
  method: string
  /** In Hono's syntax, mounts included: `/notes/:id`. */
  path: string
  /** Metadata of the chain, in the order the middleware runs. */
  chain: OpenApiMeta[]
  doc: RouteDoc & { module: ModuleDoc }
}

/** What the build needs of a Hono app: its routes, as `app.routes` lists them. */
export type Routed = { routes: ReadonlyArray<{ method: string; path: string; handler: unknown }> }

type RouteEntry = { method: string; path: string; handler: { openapi?: OpenApiMeta } }

/**
 * Reads the operations from the router itself: `app.routes` lists every middleware and
 * handler with its full path, in registration order (a module's `use()` shows as
 * `ALL /notes/*`). An operation's chain is every entry registered no later than its handler
 * whose method and path pattern apply to it — what Hono runs for a request to it.
 *
 * @throws Error naming every route without docs.
 */
export function readOperations(app: Routed): Operation[] {
  const routes = app.routes as ReadonlyArray<RouteEntry>
  refuseServedTwice(routes)
  const last = new Map<string, number>()
  routes.forEach((route, index) => {
    if (route.method !== 'ALL') last.set(`${route.method} ${route.path}`, index)
  })
  const operations: Operation[] = []
  const undocumented: string[] = []
  for (const [key, end] of last) {
    const [method = '', path = ''] = key.split(' ')
    const chain = routes
      .slice(0, end + 1)
      .filter((route) => (route.method === 'ALL' || route.method === method) && matches(route.path, path))
      .flatMap((route) => (route.handler.openapi ? [route.handler.openapi] : []))
    const doc = chain.find((meta) => meta.route)?.route
    if (doc) operations.push({ method: method.toLowerCase(), path, chain, doc })
    else undocumented.push(key)
  }
  if (undocumented.length > 0) {
    throw new Error(
      `Routes without docs: ${undocumented.join(', ')}. Add \`route({ summary, description, responses })\` ` +
        "(from describeModule in src/lib/openapi-meta.ts) to each route's chain.",
    )
  }
  return operations
}

/**
 * Two documented routes for one method and path: Hono answers with the one registered first,
 * so the other never runs and the document would describe a mix of both.
 *
 * @throws Error naming each such operation and the modules that route it.
 */
function refuseServedTwice(routes: ReadonlyArray<RouteEntry>): void {
  const modules = new Map<string, string[]>()
  for (const route of routes) {
    const tag = route.handler.openapi?.route?.module.tag
    if (tag === undefined || route.method === 'ALL') continue
    const key = `${route.method} ${route.path}`
    modules.set(key, [...(modules.get(key) ?? []), tag])
  }
  const twice = [...modules].filter(([, tags]) => tags.length > 1)
  if (twice.length > 0) {
    const which = (tags: string[]) =>
      new Set(tags).size === 1
        ? `twice by the "${tags[0]}" module`
        : `by the ${tags.map((tag) => `"${tag}"`).join(' and the ')} modules`
    throw new Error(
      `${twice.map(([key, tags]) => `${key} is served ${which(tags)}`).join('; ')}: Hono answers with the first one only. ` +
        'Give one of them another path.',
    )
  }
}

/** Whether a middleware registered at `pattern` (`/*`, `/notes/*`, `/notes/:id`) runs for `path`. */
function matches(pattern: string, path: string): boolean {
  const want = pattern.split('/')
  const have = path.split('/')
  for (let i = 0; i < want.length; i++) {
    const segment = want[i]
    // A trailing `*` matches the rest, nothing included: `/notes/*` runs for `/notes`.
    if (segment === '*' && i === want.length - 1) return true
    if (i >= have.length) return false
    if (segment === '*' || segment?.startsWith(':')) continue
    if (segment !== have[i]) return false
  }
  return want.length === have.length
}
