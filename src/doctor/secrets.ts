/**
 * Secrets: what the top level of wrangler.jsonc requires (`secrets.required`) is what the
 * code reads, so each deploy environment must require it too (secrets are not inherited by
 * environments), and local development needs a value for it in `.dev.vars`.
 */
import { wranglerConfigPath } from '../gen/wrangler-config.js'
import { envScope } from './service.js'
import type { Check, DoctorService, Issue, WranglerScope } from './types.js'

/** The local secrets file wrangler dev reads, and the committed example of it. */
export const devVarsPath = '.dev.vars'
const devVarsExamplePath = '.dev.vars.example'

/** The secrets a scope declares as required. */
export function requiredSecrets(scope: WranglerScope): string[] {
  const required = (scope.secrets as { required?: unknown } | undefined)?.required
  return Array.isArray(required) ? required.filter((name): name is string => typeof name === 'string') : []
}

/** Names with a non-empty value in a dotenv-style file (`NAME=value`, `NAME="value"`, `# comments`). */
export function dotenvKeys(text: string): Set<string> {
  const keys = new Set<string>()
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line)
    if (!match?.[1]) continue
    const value = (match[2] ?? '').trim().replace(/^(['"])(.*)\1$/, '$2')
    if (value !== '') keys.add(match[1])
  }
  return keys
}

export const secretsDeclared: Check = {
  id: 'secrets-declared',
  severity: 'error',
  description: 'Every secret the service requires is required in each deploy environment too',
  check(service) {
    const needed = requiredSecrets(service.config)
    return service.envs.flatMap((env) => {
      const declared = new Set(requiredSecrets(envScope(service, env)))
      return needed
        .filter((name) => !declared.has(name))
        .map(
          (name): Issue => ({
            file: wranglerConfigPath,
            message:
              `env.${env} does not require the secret ${name} that the top level does (secrets are not ` +
              `inherited): a deploy with --env ${env} is not stopped when it is unset, and the Worker then refuses every request.`,
            fix: `Add "${name}" to env.${env}.secrets.required in ${wranglerConfigPath}, then set it: npx wrangler secret put ${name} --env ${env}`,
          }),
        )
    })
  },
}

export const secretsLocal: Check = {
  id: 'secrets-local',
  severity: 'warning',
  description: 'Every required secret has a value in .dev.vars for npm run dev',
  async check(service: DoctorService) {
    const needed = requiredSecrets(service.config)
    if (needed.length === 0) return []
    const text = await service.project.read(devVarsPath)
    if (text === undefined) {
      return [
        {
          file: devVarsPath,
          message: `Missing: npm run dev has no value for ${needed.join(', ')}.`,
          fix: `cp ${devVarsExamplePath} ${devVarsPath}, then give ${needed.join(', ')} a value (any random string of 32+ characters for a signing secret)`,
        },
      ]
    }
    const set = dotenvKeys(text)
    return needed
      .filter((name) => !set.has(name))
      .map((name) => ({
        file: devVarsPath,
        message: `No value for the secret ${name}: npm run dev refuses every request without it.`,
        fix: `Add ${name}="..." to ${devVarsPath} (see ${devVarsExamplePath})`,
      }))
  },
}
