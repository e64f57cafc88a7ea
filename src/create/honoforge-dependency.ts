import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CliError } from '../errors.js'
import type { Exec, ExecResult } from './exec.js'

/**
 * Where a generated service gets its `create-honoforge` devDependency (the `honoforge` bin):
 * from the npm registry when this CLI is the published release, otherwise from a copy of
 * the running package packed into the service, so that the service installs even though
 * this version is not (or not yet) on the registry.
 */
export type HonoforgeDependency =
  | { source: 'registry'; version: string }
  | {
      source: 'vendored'
      version: string
      /** Service-relative path of the packed package, e.g. `vendor/create-honoforge-0.1.0.tgz`. */
      tarball: string
    }

/**
 * Decide where the service's create-honoforge comes from.
 *
 * @param release Whether the running package is the registry release (see `isRegistryRelease`).
 * @example chooseHonoforgeDependency('0.1.0', true)  // { source: 'registry', version: '0.1.0' }
 * @example chooseHonoforgeDependency('0.1.0', false) // { source: 'vendored', ..., tarball: 'vendor/create-honoforge-0.1.0.tgz' }
 */
export function chooseHonoforgeDependency(version: string, release: boolean): HonoforgeDependency {
  if (release) return { source: 'registry', version }
  // The name `npm pack` gives the file, so the path tells which build it is.
  return { source: 'vendored', version, tarball: `vendor/create-honoforge-${version}.tgz` }
}

/**
 * The devDependency spec written into the service's package.json. A vendored tarball is
 * referenced relative to the service, so the service can be moved or cloned elsewhere.
 *
 * @example dependencySpec({ source: 'registry', version: '0.1.0' }) // '^0.1.0'
 */
export function dependencySpec(dependency: HonoforgeDependency): string {
  return dependency.source === 'registry' ? `^${dependency.version}` : `file:${dependency.tarball}`
}

/**
 * Pack the running package (`npm pack --ignore-scripts`) and return the tarball's bytes, to
 * be vendored into a service. Works offline, from a checkout (after `npm run build`) and from
 * an installed copy such as the one `npm exec --package <tgz>` runs; scripts are skipped
 * because an installed copy has no build toolchain and `dist/` is already what runs.
 *
 * @param root The package root (holding package.json and dist/).
 * @throws CliError when dist/ is not built or npm cannot pack.
 */
export async function packHonoforge(root: string, exec: Exec): Promise<Uint8Array> {
  if (!existsSync(join(root, 'dist', 'cli', 'honoforge.js'))) {
    throw new CliError(
      `Cannot vendor create-honoforge: ${join(root, 'dist')} is not built. Run npm run build in ${root} first.`,
    )
  }
  const destination = await mkdtemp(join(tmpdir(), 'honoforge-pack-'))
  try {
    let result: ExecResult
    try {
      result = await exec('npm', ['pack', root, '--ignore-scripts', '--pack-destination', destination], {
        cwd: destination,
        shell: process.platform === 'win32',
      })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new CliError('Cannot vendor create-honoforge: npm was not found on PATH.')
      throw error
    }
    const tarballs = (await readdir(destination)).filter((name) => name.endsWith('.tgz'))
    const tarball = tarballs.length === 1 ? tarballs[0] : undefined
    if (result.code !== 0 || tarball === undefined) {
      const detail = result.stderr.trim() || `exit code ${result.code}, ${tarballs.length} tarballs`
      throw new CliError(`Cannot vendor create-honoforge: npm pack ${root} failed (${detail}).`)
    }
    return await readFile(join(destination, tarball))
  } finally {
    await rm(destination, { recursive: true, force: true })
  }
}
