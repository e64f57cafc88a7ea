/**
 * Opens the service doctor checks: the generator's project, its wrangler.jsonc and
 * package.json parsed, the environments to check, and how to run its tools.
 */
import { execFile } from 'node:child_process'
import { getNodeValue } from 'jsonc-parser'
import { CliError } from '../errors.js'
import { openProject } from '../gen/project.js'
import { parseWranglerConfig, wranglerConfigPath } from '../gen/wrangler-config.js'
import type { CommandResult, DoctorService, WranglerScope } from './types.js'

/** What the command line (or a test) decides. */
export interface DoctorOptions {
  /** Check this deploy environment only. */
  env?: string
  /** Build the Worker and measure it (`npm run size`); on unless turned off. */
  size?: boolean
  now?: Date
  nodeVersion?: string
  run?: DoctorService['run']
}

/**
 * The service `cwd` is in, ready to be checked.
 *
 * @throws CliError outside a service, for a broken wrangler.jsonc or package.json, or an
 *   `--env` that wrangler.jsonc does not declare.
 */
export async function openService(cwd: string, options: DoctorOptions = {}): Promise<DoctorService> {
  const project = await openProject(cwd)
  const config = getNodeValue(parseWranglerConfig((await project.read(wranglerConfigPath)) ?? '')) as WranglerScope
  const declared = Object.keys((config.env as WranglerScope | undefined) ?? {})
  if (options.env !== undefined && !declared.includes(options.env)) {
    const known = declared.length > 0 ? `: use one of ${declared.join(', ')}` : ' (it declares none)'
    throw new CliError(`${wranglerConfigPath} declares no environment "${options.env}"${known}.`)
  }
  return {
    project,
    manifest: project.manifest,
    config,
    envs: options.env === undefined ? declared : [options.env],
    packageJson: parsePackageJson(await project.read('package.json')),
    now: options.now ?? new Date(),
    nodeVersion: options.nodeVersion ?? process.version,
    size: options.size ?? true,
    run: options.run ?? ((command, args) => runIn(project.root, command, args)),
    notes: [],
  }
}

/** The deploy environment's own scope of wrangler.jsonc. */
export function envScope(service: DoctorService, env: string): WranglerScope {
  return ((service.config.env as Record<string, WranglerScope> | undefined)?.[env] ?? {}) as WranglerScope
}

/** The scopes checked, each with how a message names it: the top level (inherited by environments), then each environment. */
export function checkedScopes(service: DoctorService): Array<[string, WranglerScope]> {
  return [
    ['the top level', service.config],
    ...service.envs.map((env): [string, WranglerScope] => [`env.${env}`, envScope(service, env)]),
  ]
}

function parsePackageJson(text: string | undefined): DoctorService['packageJson'] {
  if (text === undefined) throw new CliError('package.json is missing; restore it from git.')
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new CliError(`package.json is not valid JSON (${(error as Error).message}); fix it first.`)
  }
}

/** Runs a command to completion; a failure to start it counts as exit code 127, like a shell. */
function runIn(cwd: string, command: string, args: string[]): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 127) : 0
      resolve({ code, stdout: String(stdout), stderr: String(stderr || (error && !stdout ? error.message : '')) })
    })
  })
}
