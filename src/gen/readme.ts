/**
 * Edits of the service README, a file no generator owns: a line or a section added by a run
 * and taken out again by `destroy`, so that gen → destroy leaves it byte for byte as it was.
 */
import type { FileChange } from './plan.js'
import type { Project } from './project.js'
import type { RenderResult, TemplateFile } from './render.js'

/** The service README, which says where things live. */
export const readmePath = 'README.md'

/** The README edited by `edit`, unless there is no README or the edit changes nothing. */
export async function readmeEdit(project: Project, edit: (source: string) => string): Promise<FileChange[]> {
  const source = await project.read(readmePath)
  if (source === undefined || edit(source) === source) return []
  return [{ path: readmePath, content: edit(source), edit: true }]
}

/**
 * A run's rendered files without its README section (a template marked `section`), and that
 * section apart, for `withSection` / `withoutSection`: empty when the generator has none.
 */
export function splitSection(rendered: RenderResult, templates: readonly TemplateFile[]) {
  const sections = new Set<string>(templates.filter((file) => file.section).map((file) => file.output))
  const section = rendered.files.find((file) => sections.has(file.path))?.content ?? ''
  return { ...rendered, files: rendered.files.filter((file) => !sections.has(file.path)), section }
}

/**
 * `section` (text ending in a newline) under the `## <heading>` heading: after the sections
 * already there, the heading appended at the end of the README when it has none yet. A
 * section that is there already changes nothing.
 */
export function withSection(source: string, heading: string, section: string): string {
  const title = `## ${heading}`
  if (source.includes(section)) return source
  const start = headingAt(source, title)
  if (start === -1) return `${source.endsWith('\n') ? source : `${source}\n`}\n${title}\n\n${section}`
  const end = blockEnd(source, start)
  return `${source.slice(0, end)}\n${section}${source.slice(end)}`
}

/**
 * The README without `section` (what `withSection` added), and without the heading once no
 * section is left under it; the source as it is when the section is not there (edited by hand).
 */
export function withoutSection(source: string, heading: string, section: string): string {
  const title = `## ${heading}`
  const start = headingAt(source, title)
  if (start === -1) return source
  const at = source.indexOf(`\n${section}`, start)
  if (at === -1 || at >= blockEnd(source, start)) return source
  const removed = source.slice(0, at) + source.slice(at + section.length + 1)
  const end = blockEnd(removed, start)
  if (removed.slice(start + title.length, end).trim() !== '') return removed
  // The heading alone is left. At the end it goes with the blank line `withSection` wrote
  // before it; before another heading, with the blank line after it.
  if (end < removed.length) return removed.slice(0, start) + removed.slice(end + 1)
  return removed.slice(0, removed.slice(0, start).endsWith('\n\n') ? start - 1 : start)
}

/** Offset of the line that is exactly `title`, or -1. */
function headingAt(source: string, title: string): number {
  const match = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm').exec(source)
  return match ? match.index : -1
}

/** Where the block under the heading at `start` ends: the newline before the next `## ` heading, or the end. */
function blockEnd(source: string, start: number): number {
  const next = source.indexOf('\n## ', start + 1)
  return next === -1 ? source.length : next
}
