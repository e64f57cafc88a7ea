/**
 * Settings a production deploy should not leave as the template wrote them or let age:
 * browser origins, observability, the compatibility date, the Node.js the tools run on.
 */
import { wranglerConfigPath } from '../gen/wrangler-config.js'
import { checkedScopes, envScope } from './service.js'
import type { Check, DoctorService, Issue, WranglerScope } from './types.js'

/** Hosts no deployed front end is served from: documentation examples and this machine. */
const placeholderHost = /(^|\.)example\.(com|org|net)$|^localhost$|^127\.0\.0\.1$|^\[::1\]$/

/** The URLs of a comma-separated value (CORS_ORIGINS, JWKS_URL) that no deployed service uses: examples and this machine. */
export function placeholderUrls(value: string): string[] {
  return value
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => {
      try {
        return placeholderHost.test(new URL(origin).hostname)
      } catch {
        return false
      }
    })
}

/** An environment's CORS_ORIGINS, when it sets one. */
function originsOf(service: DoctorService, env: string): string | undefined {
  const value = (envScope(service, env).vars as Record<string, unknown> | undefined)?.CORS_ORIGINS
  return typeof value === 'string' ? value : undefined
}

export const corsOrigins: Check = {
  id: 'cors-origins',
  severity: 'warning',
  description: 'CORS_ORIGINS of each deploy environment lists real front-end origins, not example.com or localhost',
  check(service) {
    return service.envs.flatMap((env): Issue[] => {
      const placeholders = placeholderUrls(originsOf(service, env) ?? '')
      if (placeholders.length === 0) return []
      return [
        {
          file: wranglerConfigPath,
          message: `env.${env}.vars.CORS_ORIGINS still allows ${placeholders.join(', ')}: browsers on your real front end will be refused.`,
          fix: `Set env.${env}.vars.CORS_ORIGINS in ${wranglerConfigPath} to the origins of the front ends that call this API (comma-separated, e.g. https://app.yourcompany.com)`,
        },
      ]
    })
  },
}

/** The vars of an identity provider (`--auth jwks`) that name it; the template's are documentation examples. */
const identityVars = ['JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE'] as const

export const identityProvider: Check = {
  id: 'identity-provider',
  severity: 'error',
  description:
    'JWKS_URL, JWT_ISSUER and JWT_AUDIENCE of each deploy environment name a real identity provider, not example.com',
  check(service) {
    return service.envs.flatMap((env): Issue[] => {
      const vars = (envScope(service, env).vars as Record<string, unknown> | undefined) ?? {}
      const left = identityVars.filter((name) => {
        const value = vars[name]
        return typeof value === 'string' && placeholderUrls(value).length > 0
      })
      if (left.length === 0) return []
      return [
        {
          file: wranglerConfigPath,
          message: `env.${env}.vars ${left.join(', ')} still point at the template's example identity provider: the deployed service would refuse every token.`,
          fix: `Set env.${env}.vars ${left.join(', ')} in ${wranglerConfigPath} to your identity provider's JWKS URL, issuer (the tokens' iss) and this API's audience (their aud)`,
        },
      ]
    })
  },
}

export const cookieOrigins: Check = {
  id: 'cookie-origins',
  severity: 'warning',
  description:
    'With the refresh token in a cookie (gen auth --cookie), each deploy environment lists the origins of its browser front ends',
  check(service) {
    const cookie = service.manifest.generated.some((run) => run.generator === 'auth' && run.args.cookie === true)
    if (!cookie) return []
    // Refresh and logout read the cookie only from an Origin listed in CORS_ORIGINS (a forged cross-site request has another).
    return service.envs.flatMap((env): Issue[] => {
      const value = originsOf(service, env)
      if (value === undefined || value.trim() !== '') return []
      return [
        {
          file: wranglerConfigPath,
          message: `env.${env}.vars.CORS_ORIGINS lists no origin, so /auth/refresh and /auth/logout refuse every browser (403): the refresh cookie is for a browser front end.`,
          fix: `Set env.${env}.vars.CORS_ORIGINS in ${wranglerConfigPath} to the origins of the front ends that sign in (comma-separated, e.g. https://app.yourcompany.com)`,
        },
      ]
    })
  },
}

/** A value an environment sets itself, or inherits from the top level (inheritable keys). */
function inherited(service: { config: WranglerScope }, scope: WranglerScope, key: string): unknown {
  return key in scope ? scope[key] : service.config[key]
}

export const observability: Check = {
  id: 'observability',
  severity: 'warning',
  description: 'Workers Logs are on in each deploy environment (observability.enabled, inherited from the top level)',
  check(service) {
    return service.envs.flatMap((env): Issue[] => {
      const scope = envScope(service, env)
      const setting = inherited(service, scope, 'observability') as { enabled?: unknown } | undefined
      if (setting?.enabled === true) return []
      const where = 'observability' in scope ? `env.${env}.observability` : 'the top-level observability'
      return [
        {
          file: wranglerConfigPath,
          message: `env.${env} has no Workers Logs: ${where} is not enabled, so its request logs and errors are kept nowhere.`,
          fix: `Set "observability": { "enabled": true } at the top level of ${wranglerConfigPath} (and remove any env override that turns it off)`,
        },
      ]
    })
  },
}

const dayMs = 24 * 60 * 60 * 1000

/** The date as wrangler.jsonc writes it: YYYY-MM-DD, in UTC. */
export const isoDate = (date: Date) => date.toISOString().slice(0, 10)

export const compatibilityDate: Check = {
  id: 'compatibility-date',
  severity: 'warning',
  description: 'compatibility_date is less than a year old',
  check(service) {
    // Each scope that sets its own date (environments inherit the top level's).
    return checkedScopes(service).flatMap(([where, scope]): Issue[] => {
      const date = scope.compatibility_date
      if (typeof date !== 'string') return []
      const age = Math.floor((service.now.getTime() - Date.parse(`${date}T00:00:00Z`)) / dayMs)
      if (!(age > 365)) return []
      return [
        {
          file: wranglerConfigPath,
          message: `compatibility_date of ${where} is ${date}, ${age} days old: the Worker runs with runtime behaviour from before every fix and change since.`,
          fix: `Set "compatibility_date": "${isoDate(service.now)}" in ${wranglerConfigPath}, read the compatibility flags changelog (developers.cloudflare.com/workers/configuration/compatibility-flags/), then npm test`,
        },
      ]
    })
  },
}

/** The lowest version a `>=X.Y.Z` range allows, or `undefined` for any other range. */
function minimumOf(range: string): number[] | undefined {
  const match = /^\s*>=\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(range)
  return match ? [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)] : undefined
}

export const nodeVersion: Check = {
  id: 'node-version',
  severity: 'error',
  description: "The Node.js running the service's tools satisfies engines.node of package.json",
  check(service) {
    const range = service.packageJson.engines?.node
    const minimum = range === undefined ? undefined : minimumOf(range)
    if (!minimum) return []
    const current = service.nodeVersion.replace(/^v/, '').split('.').map(Number)
    const older = minimum.findIndex((part, i) => (current[i] ?? 0) !== part)
    if (older === -1 || (current[older] ?? 0) > (minimum[older] ?? 0)) return []
    return [
      {
        file: 'package.json',
        message: `Node.js ${service.nodeVersion} is older than engines.node "${range}": wrangler, the tests and the deploy refuse to run on it.`,
        fix: `Install Node.js ${minimum.join('.')} or newer (nvm install ${minimum[0]}, or your CI's setup-node node-version: ${minimum[0]})`,
      },
    ]
  },
}
