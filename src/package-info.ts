import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const packageName = 'create-honoforge'

export interface PackageInfo {
  /** Absolute path of the package root (the folder holding package.json and templates/). */
  root: string
  version: string
}

let cached: PackageInfo | undefined

/**
 * Find this package's root and version by walking up from this module to the package.json
 * named create-honoforge. Walking up (rather than a fixed `../..`) works the same from
 * `src/` under vitest, from `dist/` after the build and from an installed copy.
 */
export function packageInfo(): PackageInfo {
  if (cached) return cached
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const manifest = readManifest(join(dir, 'package.json'))
    if (manifest?.name === packageName && typeof manifest.version === 'string') {
      cached = { root: dir, version: manifest.version }
      return cached
    }
    const parent = dirname(dir)
    if (parent === dir)
      throw new Error(`Cannot find the ${packageName} package.json above ${fileURLToPath(import.meta.url)}`)
    dir = parent
  }
}

/** Where templates are read from instead of this package's folders (tests only). */
let roots: { templates: string; generator: string } | undefined

/**
 * Read the service templates from `<root>/templates/` and the generator templates from
 * `<root>/generator/` instead of this package's (`undefined`: this package's again). Tests
 * use it to render a service with one version of the templates and upgrade it with another.
 */
export function useTemplatesFrom(root: string | undefined): void {
  roots = root === undefined ? undefined : { templates: join(root, 'templates'), generator: join(root, 'generator') }
}

/** Absolute path of the folder that holds the shipped templates (`templates/<id>/`). */
export function templatesRoot(): string {
  return roots?.templates ?? join(packageInfo().root, 'templates')
}

/** Absolute path of the folder that holds the generator templates (`generator/<generator>/`). */
export function generatorTemplatesRoot(): string {
  return roots?.generator ?? join(packageInfo().root, 'generator')
}

function readManifest(path: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown; version?: unknown }
  } catch {
    return undefined
  }
}
