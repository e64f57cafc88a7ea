import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { type PackageInfo, packageInfo } from './package-info.js'

/**
 * The release stamp tells a running create-honoforge whether it is the build published to
 * the npm registry. Only `npm publish` runs `prepublishOnly`, which writes the stamp;
 * `postpack` removes it once the tarball is made. So a checkout, `npm pack` and a locally
 * packed tarball are never stamped, and a service created from them cannot depend on a
 * version the registry may not have.
 */
export interface ReleaseStamp {
  /** The package version that was published with this stamp. */
  version: string
}

/** Where the stamp lives, relative to the package root (inside `dist/`, which ships). */
export const releaseStampPath = 'dist/release.json'

/** The stamp in the package at `root`, or undefined when there is none or it is unreadable. */
export function readReleaseStamp(root: string): ReleaseStamp | undefined {
  let data: unknown
  try {
    data = JSON.parse(readFileSync(join(root, releaseStampPath), 'utf8'))
  } catch {
    // Missing or damaged: treat as not a release, which still yields a working service
    // (create vendors the package) rather than one whose install asks the registry in vain.
    return undefined
  }
  const version = (data as { version?: unknown } | null)?.version
  return typeof version === 'string' ? { version } : undefined
}

/**
 * Whether the package at `info.root` is a registry release: stamped, and for this very
 * version (a stamp left behind by an older publish does not count after a version bump).
 */
export function isRegistryRelease(info: PackageInfo = packageInfo()): boolean {
  return readReleaseStamp(info.root)?.version === info.version
}

/** Stamp the build as a registry release (`prepublishOnly`). */
export function writeReleaseStamp(info: PackageInfo = packageInfo()): void {
  const file = join(info.root, releaseStampPath)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${JSON.stringify({ version: info.version } satisfies ReleaseStamp)}\n`)
}

/** Remove the stamp (`postpack`), so the checkout goes back to creating vendored services. */
export function removeReleaseStamp(root: string = packageInfo().root): void {
  rmSync(join(root, releaseStampPath), { force: true })
}
