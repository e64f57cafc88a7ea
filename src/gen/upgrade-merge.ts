/**
 * Upgrade's decision for every file, from three versions of it: the base (what honoforge
 * last left there), ours (the file on disk) and theirs (what the installed honoforge
 * renders). Pure: it computes the changes and the findings, the plan writes them.
 */
import { type Base, isRecorded } from './base.js'
import type { Change } from './plan.js'
import { type MergeLabels, mergeThreeWay } from './three-way.js'
import type { TextTree } from './tree-project.js'

export interface UpgradeMerge {
  /** Writes (merged or taken whole) and deletions, never conflicts for the plan. */
  changes: Change[]
  /** Files written with conflict markers. */
  conflicts: string[]
  /** Files the new version no longer renders, kept because they were changed. */
  kept: string[]
  /** Files honoforge would now render where the user has a file of their own: merged as a conflict. */
  collisions: string[]
  /** The base once the upgrade is applied: what theirs renders. */
  base: Base
}

/** The three sides of every file, and how the markers name them. */
export interface UpgradeSides {
  base: Base
  /** The files on disk (recorded paths only need to be there). */
  ours: ReadonlyMap<string, string>
  theirs: TextTree
  labels: MergeLabels
}

/** The line that names the service's create-honoforge, which the user upgrades by hand (npm install -D). */
const honoforgeSpec = /"create-honoforge": "[^"]*"/

/** Merge every recorded or rendered file. */
export function mergeUpgrade({ base, ours, theirs, labels }: UpgradeSides): UpgradeMerge {
  const result: UpgradeMerge = { changes: [], conflicts: [], kept: [], collisions: [], base: new Map() }
  const paths = [...new Set([...base.keys(), ...theirs.keys()])].filter(isRecorded).sort()
  for (const path of paths) {
    const mine = ours.get(path)
    let was = base.get(path)
    let now = theirs.get(path)
    if (path === 'package.json' && mine !== undefined) {
      ;[was, now] = [was, now].map((text) => pinSpec(text, mine))
    }
    if (now !== undefined) result.base.set(path, now)
    if (now === undefined) {
      // No longer rendered: gone unless the user changed it.
      if (mine === undefined) continue
      if (mine === was) result.changes.push({ path, delete: true, owned: true })
      else result.kept.push(path)
      continue
    }
    // Deleted by the user: stays deleted.
    if (mine === undefined) {
      if (was === undefined) result.changes.push({ path, content: now, edit: true })
      continue
    }
    if (was === undefined && mine !== now) result.collisions.push(path)
    const merged = mergeThreeWay(mine, was ?? '', now, labels)
    if (merged.conflicts > 0) result.conflicts.push(path)
    if (merged.text !== mine) result.changes.push({ path, content: merged.text, edit: true })
  }
  return result
}

/** The text with the create-honoforge spec the user's package.json has. */
function pinSpec(text: string | undefined, ours: string): string | undefined {
  const spec = honoforgeSpec.exec(ours)?.[0]
  return spec === undefined || text === undefined ? text : text.replace(honoforgeSpec, spec)
}
