export const packageManagers = ['npm', 'pnpm', 'yarn', 'bun'] as const
export type PackageManager = (typeof packageManagers)[number]

/**
 * pnpm built-ins that shadow a script of the same name (`pnpm deploy` deploys a workspace
 * package instead of running the "deploy" script), so those scripts need `pnpm run`.
 */
const pnpmBuiltins = new Set([
  'deploy',
  'publish',
  'pack',
  'install',
  'update',
  'audit',
  'outdated',
  'rebuild',
  'init',
  'create',
  'exec',
  'link',
])

/**
 * Detect the package manager that launched us from `npm_config_user_agent`
 * (e.g. "pnpm/9.12.0 npm/? node/v20.20.2 linux x64"), which npm, pnpm, yarn and bun all set.
 *
 * @returns The package manager, or `undefined` when the agent is missing or unknown.
 */
export function detectPackageManager(userAgent: string | undefined): PackageManager | undefined {
  const name = userAgent?.trim().split('/', 1)[0]
  return packageManagers.find((pm) => pm === name)
}

/**
 * The command that runs a package.json script with this package manager, in its own idiom.
 *
 * @example
 * runScriptCommand('npm', 'dev')  // 'npm run dev'
 * runScriptCommand('npm', 'test') // 'npm test'
 * runScriptCommand('bun', 'test') // 'bun run test' (plain `bun test` runs bun's own test runner)
 */
export function runScriptCommand(pm: PackageManager, script: string): string {
  switch (pm) {
    case 'npm':
      return script === 'test' ? 'npm test' : `npm run ${script}`
    case 'pnpm':
      return pnpmBuiltins.has(script) ? `pnpm run ${script}` : `pnpm ${script}`
    case 'yarn':
      return `yarn ${script}`
    case 'bun':
      return `bun run ${script}`
  }
}

/** The command that installs dependencies, e.g. `pnpm install`. */
export function installCommand(pm: PackageManager): string {
  return `${pm} install`
}
