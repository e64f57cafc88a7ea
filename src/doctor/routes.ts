/**
 * Where each deploy environment can be reached: its routes (`route`/`routes`, custom domains
 * included) and its *.workers.dev URL (`workers_dev`).
 *
 * What wrangler 4.164 does (getSubdomainValues in its deploy): `workers_dev` defaults to
 * `routes.length === 0`, so an environment with routes and no `workers_dev` is served on
 * its routes alone, and one with neither is served on *.workers.dev. `route`, `routes` and
 * `workers_dev` are inheritable: an environment without its own takes the top level's. With
 * no routes and `workers_dev: false`, the deploy succeeds and logs "No targets deployed".
 */
import { wranglerConfigPath } from '../gen/wrangler-config.js'
import { envScope } from './service.js'
import type { Check, DoctorService, Issue, WranglerScope } from './types.js'

/** How one deploy environment is reached, as wrangler resolves it. */
interface Reach {
  /** The route patterns (a `route`, or each of `routes`). */
  routes: string[]
  /** Whether wrangler serves it on *.workers.dev. */
  workersDev: boolean
  /** Where the routes or `workers_dev` are set: `env.production`, or the top level it inherits. */
  where: (key: string) => string
}

/** One route entry's pattern: a string, or `{ pattern, zone_name | custom_domain }`. */
const patternOf = (route: unknown): string =>
  typeof route === 'string' ? route : String((route as { pattern?: unknown } | null)?.pattern ?? '')

/** The environment's reach: its own keys, else the top level's (wrangler's inheritable keys). */
function reachOf(service: DoctorService, env: string): Reach {
  const scope = envScope(service, env)
  const own = (key: string) => key in scope
  const value = (key: string): unknown => (own(key) ? scope[key] : (service.config as WranglerScope)[key])
  const single = value('route')
  const listed = value('routes')
  const routes = [...(single === undefined ? [] : [single]), ...(Array.isArray(listed) ? listed : [])].map(patternOf)
  const setting = value('workers_dev')
  return {
    routes,
    workersDev: typeof setting === 'boolean' ? setting : routes.length === 0,
    where: (key) => (own(key) || !(key in service.config) ? `env.${env}` : 'the top level'),
  }
}

export const workersDevBesideRoutes: Check = {
  id: 'workers-dev-beside-routes',
  severity: 'warning',
  description: 'A deploy environment served on its routes is not also served on its *.workers.dev URL',
  check(service) {
    return service.envs.flatMap((env): Issue[] => {
      const reach = reachOf(service, env)
      if (reach.routes.length === 0 || !reach.workersDev) return []
      return [
        {
          file: wranglerConfigPath,
          message:
            `env.${env} is served on ${reach.routes.join(', ')} and, with "workers_dev": true (${reach.where('workers_dev')}), on its *.workers.dev URL too: ` +
            'a second way in that bypasses what the zone puts in front of its routes (WAF, rate limiting, Access).',
          fix: `Set "workers_dev": false in env.${env} of ${wranglerConfigPath}`,
        },
      ]
    })
  },
}

export const deployTarget: Check = {
  id: 'deploy-target',
  severity: 'error',
  description: 'Each deploy environment is reachable: it has routes, or is served on *.workers.dev',
  check(service) {
    return service.envs.flatMap((env): Issue[] => {
      const reach = reachOf(service, env)
      if (reach.routes.length > 0 || reach.workersDev) return []
      return [
        {
          file: wranglerConfigPath,
          message:
            `env.${env} has no routes and "workers_dev": false (${reach.where('workers_dev')}): ` +
            'wrangler deploys a Worker no URL reaches ("No targets deployed").',
          fix:
            `Give env.${env} in ${wranglerConfigPath} its domain ("routes": [{ "pattern": "api.yourcompany.com", "custom_domain": true }]), ` +
            'or remove "workers_dev": false to serve it on *.workers.dev',
        },
      ]
    })
  },
}
