import { readdir, stat } from 'node:fs/promises'
import { CliError } from '../errors.js'

export type TargetState = 'missing' | 'empty' | 'non-empty'

/**
 * Look at the target directory without changing it.
 *
 * @throws CliError when the path exists but is not a directory.
 */
export async function inspectTarget(dir: string): Promise<TargetState> {
  const stats = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw error
  })
  if (!stats) return 'missing'
  if (!stats.isDirectory()) throw new CliError(`Target "${dir}" exists and is not a directory.`)
  return (await readdir(dir)).length === 0 ? 'empty' : 'non-empty'
}

/**
 * Refuse a non-empty target unless `force` is set, before anything is rendered or written.
 *
 * @throws CliError naming the directory and the way out (another directory, or --force).
 */
export async function checkTarget(dir: string, force: boolean): Promise<TargetState> {
  const state = await inspectTarget(dir)
  if (state === 'non-empty' && !force) {
    throw new CliError(
      `Target directory "${dir}" is not empty. Choose another directory, or pass --force to write into it (files with the same paths are overwritten).`,
    )
  }
  return state
}

/** The generated service's toolchain (current wrangler) refuses to run below this Node. */
const serviceNodeMinimum = [22, 12] as const

/**
 * A warning when this Node is too old for the generated service's toolchain. The CLI itself
 * runs on Node 20, so this warns instead of failing.
 *
 * @param nodeVersion e.g. `process.versions.node` ("20.20.2")
 * @returns The warning, or `undefined` when the version is recent enough.
 */
export function nodeVersionWarning(nodeVersion: string): string | undefined {
  const [major = 0, minor = 0] = nodeVersion.replace(/^v/, '').split('.').map(Number)
  const [needMajor, needMinor] = serviceNodeMinimum
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return undefined
  return `Node ${nodeVersion} is too old for the generated service: its toolchain (wrangler) needs Node >= ${needMajor}.${needMinor}.0. The project will be created, but install a newer Node before running it.`
}
