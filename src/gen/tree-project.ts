/**
 * A service held in memory (path → content) seen as a generator sees a project on disk, so
 * generators run on a rendered tree: create's example resource, upgrade's replay.
 */
import { manifestPath, parseManifest } from './manifest.js'
import { migrationsDir } from './migrations.js'
import type { Change } from './plan.js'
import { authModule, databaseOf, type Project } from './project.js'
import { wranglerConfigPath } from './wrangler-config.js'

/** A tree of rendered files: project-relative path (`/`-separated) → content. */
export type TextTree = Map<string, string>

/**
 * The tree as a project. Taken as it is now: after the tree changes, take it again.
 *
 * @param root Where template overrides (`.honoforge/templates/`) and the service's Biome are looked up.
 */
export function treeProject(tree: ReadonlyMap<string, string>, root: string): Project {
  const list = async (dir: string) => [...tree.keys()].filter((path) => path.startsWith(`${dir}/`)).sort()
  return {
    root,
    manifest: parseManifest(tree.get(manifestPath) ?? ''),
    auth: tree.has(authModule),
    database: databaseOf(tree.get(wranglerConfigPath) ?? ''),
    migrations: [...tree.keys()]
      .filter((path) => path.startsWith(`${migrationsDir}/`))
      .map((path) => path.slice(migrationsDir.length + 1)),
    read: async (path) => tree.get(path),
    list,
  }
}

/** Apply planned changes to the tree: writes set a file's content, deletions remove it. */
export function applyToTree(tree: TextTree, changes: readonly Change[]): void {
  for (const change of changes) {
    if ('delete' in change) tree.delete(change.path)
    else tree.set(change.path, change.content)
  }
}
