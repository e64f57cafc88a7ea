/**
 * What a new service records about its own making, so `honoforge upgrade` can later render
 * it again with newer templates and merge: create's options and this version in the
 * manifest, and the rendered files as the base to merge against.
 */
import { baseOf, basePath, serializeBase } from '../gen/base.js'
import { manifestPath, parseManifest, serializeManifest } from '../gen/manifest.js'
import type { FileTree } from './render.js'
import type { TemplateContext } from './template.js'

/** Record the making of a rendered service in its tree (a tree without a manifest is left alone). */
export function recordMaking(tree: FileTree, context: TemplateContext): void {
  const text = tree.get(manifestPath)
  if (text === undefined) return
  const { name, db, auth, docs, pm, honoforgeVersion: version } = context
  const manifest = { ...parseManifest(text), create: { version, name, db, auth, docs, pm } }
  tree.set(manifestPath, serializeManifest(manifest))
  tree.set(basePath, serializeBase(baseOf(tree)))
}
