import { isAbsolute, relative, resolve } from 'node:path'
import { installCommand, type PackageManager, runScriptCommand } from './package-manager.js'

export interface NextStepsInput {
  /** The target directory as the user gave it. */
  dir: string
  /** The directory the command ran in, to decide whether `cd` is needed and how to spell it. */
  cwd: string
  pm: PackageManager
  /** Whether dependencies were installed already. */
  installed: boolean
}

/**
 * The commands to run next, in order, in the chosen package manager's own syntax.
 *
 * @example
 * nextSteps({ dir: 'my-api', cwd: '/home/me', pm: 'pnpm', installed: false })
 * // ['cd my-api', 'pnpm install', 'pnpm openapi', 'pnpm dev', 'pnpm test', 'pnpm run deploy']
 */
export function nextSteps({ dir, cwd, pm, installed }: NextStepsInput): string[] {
  const steps: string[] = []
  const path = displayPath(dir, cwd)
  if (path !== '.') steps.push(`cd ${path}`)
  // The OpenAPI document is built by the service's own code, so only once it is installed.
  if (!installed) steps.push(installCommand(pm), runScriptCommand(pm, 'openapi'))
  steps.push(runScriptCommand(pm, 'dev'), runScriptCommand(pm, 'test'), runScriptCommand(pm, 'deploy'))
  return steps
}

/**
 * The target directory as a user would type it after `cd`: an absolute path stays absolute,
 * a relative one is tidied ("./x/" → "x"), the cwd itself is ".", and it is shell-quoted
 * only when it needs to be.
 */
export function displayPath(dir: string, cwd: string): string {
  const target = resolve(cwd, dir)
  if (target === resolve(cwd)) return '.'
  return shellQuote(isAbsolute(dir) ? target : relative(cwd, target))
}

/** Quote a path for POSIX shells only when it needs it. */
function shellQuote(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`
}
