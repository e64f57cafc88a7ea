/**
 * Bindings and vars per deploy environment. wrangler does not inherit them into `env.*`
 * (workers/wrangler/environments: vars, secrets, d1_databases, hyperdrive, ratelimits,
 * durable_objects, queues... are "non-inheritable"), so an environment without one deploys a
 * Worker whose code finds it undefined.
 */
import { wranglerConfigPath } from '../gen/wrangler-config.js'
import { envScope } from './service.js'
import type { Check, DoctorService, Issue, WranglerScope } from './types.js'

/** The binding lists wrangler.jsonc can hold, each with the field that names a binding. */
const bindingLists = [
  { path: ['d1_databases'], key: 'binding' },
  { path: ['hyperdrive'], key: 'binding' },
  { path: ['ratelimits'], key: 'name' },
  { path: ['durable_objects', 'bindings'], key: 'name' },
  { path: ['queues', 'producers'], key: 'binding' },
  { path: ['kv_namespaces'], key: 'binding' },
  { path: ['r2_buckets'], key: 'binding' },
  { path: ['services'], key: 'binding' },
] as const

/** The entries of the list at `path` in a scope (none when absent). */
export function listAt(scope: WranglerScope, path: readonly string[]): Record<string, unknown>[] {
  let value: unknown = scope
  for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key]
  return Array.isArray(value) ? (value as Record<string, unknown>[]) : []
}

const varsOf = (scope: WranglerScope) => (scope.vars ?? {}) as Record<string, unknown>

export const envParity: Check = {
  id: 'env-parity',
  severity: 'error',
  description: 'Every var and binding of the top level is declared in each deploy environment',
  check(service) {
    const issues: Issue[] = []
    for (const env of service.envs) {
      const scope = envScope(service, env)
      const missingVars = Object.keys(varsOf(service.config)).filter((name) => !(name in varsOf(scope)))
      if (missingVars.length > 0) {
        issues.push({
          file: wranglerConfigPath,
          message: `env.${env} lacks the var${missingVars.length > 1 ? 's' : ''} ${missingVars.join(', ')} (vars are not inherited by environments).`,
          fix: `Add ${missingVars.map((name) => `"${name}"`).join(', ')} to env.${env}.vars in ${wranglerConfigPath} with this environment's values`,
        })
      }
      for (const { path, key } of bindingLists) {
        const have = new Set(listAt(scope, path).map((entry) => entry[key]))
        for (const entry of listAt(service.config, path)) {
          if (have.has(entry[key])) continue
          issues.push({
            file: wranglerConfigPath,
            message: `env.${env} lacks the ${path.join('.')} binding ${String(entry[key])} (bindings are not inherited by environments).`,
            fix: `Add the ${String(entry[key])} entry to env.${env}.${path.join('.')} in ${wranglerConfigPath}, with this environment's own resource`,
          })
        }
      }
    }
    return issues
  },
}

/** A D1 database id as `wrangler d1 create` prints it. */
const d1Id = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** A Hyperdrive configuration id as `wrangler hyperdrive create` prints it. */
const hyperdriveId = /^[0-9a-f]{32}$/i

export const databaseIds: Check = {
  id: 'database-ids',
  severity: 'error',
  description:
    'Each deploy environment names its own database: a real Hyperdrive id; a D1 database_id, or none and a database_name',
  check(service: DoctorService) {
    const name = String(service.config.name ?? 'worker')
    return service.envs.flatMap((env) => {
      const scope = envScope(service, env)
      const issues: Issue[] = []
      for (const d1 of listAt(scope, ['d1_databases'])) {
        const id = d1.database_id
        const databaseName = typeof d1.database_name === 'string' ? d1.database_name : `${name}-${env}`
        // Without an id wrangler finds the database by database_name, and `wrangler deploy`
        // creates it when missing (automatic resource provisioning): nothing to report.
        if (id === undefined || (typeof id === 'string' && d1Id.test(id))) continue
        issues.push({
          file: wranglerConfigPath,
          message: `env.${env}: the D1 binding ${String(d1.binding)} has database_id "${String(id)}", which is not a D1 database id.`,
          fix: `npx wrangler d1 create ${databaseName}, then put the database_id it prints in env.${env}.d1_databases (or remove database_id to let wrangler find or create "${databaseName}" by name)`,
        })
      }
      for (const hyperdrive of listAt(scope, ['hyperdrive'])) {
        const id = hyperdrive.id
        if (typeof id === 'string' && hyperdriveId.test(id)) continue
        issues.push({
          file: wranglerConfigPath,
          message:
            `env.${env}: the Hyperdrive binding ${String(hyperdrive.binding)} has ${id === undefined ? 'no id' : `the id "${String(id)}"`}, ` +
            'not a Hyperdrive configuration id; wrangler does not create Hyperdrive configurations on deploy, so the deploy fails.',
          fix: `npx wrangler hyperdrive create ${name}-${env} --connection-string="postgres://USER:PASSWORD@HOST:5432/DATABASE", then put the id it prints in env.${env}.hyperdrive`,
        })
      }
      return issues
    })
  },
}

/** Every rate-limit binding of a scope with its namespace: `ratelimits`, and `unsafe` ones of type ratelimit. */
function limiters(scope: WranglerScope): { name: string; namespace: string }[] {
  const unsafe = listAt(scope, ['unsafe', 'bindings']).filter((binding) => binding.type === 'ratelimit')
  return [...listAt(scope, ['ratelimits']), ...unsafe].map((entry) => ({
    name: String(entry.name),
    namespace: String(entry.namespace_id),
  }))
}

export const rateLimitNamespaces: Check = {
  id: 'rate-limit-namespaces',
  severity: 'warning',
  description: 'Each rate limiter of each deploy environment counts in a namespace of its own',
  check(service) {
    const users = new Map<string, string[]>()
    for (const env of service.envs) {
      for (const { name, namespace } of limiters(envScope(service, env))) {
        users.set(namespace, [...(users.get(namespace) ?? []), `env.${env} ${name}`])
      }
    }
    return [...users]
      .filter(([, sharing]) => sharing.length > 1)
      .map(([namespace, sharing]) => ({
        file: wranglerConfigPath,
        message: `Rate-limit namespace_id "${namespace}" is shared by ${sharing.join(' and ')}: their requests count against one limit.`,
        fix: `Give each of them a namespace_id of its own in ${wranglerConfigPath} (any positive integer not used elsewhere in the account)`,
      }))
  },
}
