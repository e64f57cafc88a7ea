/**
 * A team generator's actions, played on a copy of the tree in memory: plop's `add`,
 * `addMany`, `modify` and `append` with their options, rendered with the plopfile's own
 * Handlebars (its helpers and partials), never written by plop. What comes out is a plan
 * change per file; anything honoforge cannot plan (a function, a custom action type) is
 * refused before a file is read.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { isAbsolute, join, posix, relative, resolve } from 'node:path'
import { GenError } from '../errors.js'
import type { TeamGenerator } from './plopfiles.js'

/** The action types honoforge can plan. */
export const plannedActionTypes = ['add', 'addMany', 'modify', 'append'] as const

type Action = Record<string, unknown> & { type: (typeof plannedActionTypes)[number] }

/** The files as the actions leave them, and what to tell the user about options set aside. */
export interface PlayedActions {
  /** Project path → content, for every file an action wrote. */
  files: Map<string, string>
  /** Paths `add` or `addMany` created (every other file in `files` existed before). */
  added: Set<string>
  notes: string[]
}

/** How the actions see the tree: a file's content before the run, `undefined` when absent. */
export interface ActionTree {
  root: string
  read(path: string): Promise<string | undefined>
  /** The files the run's earlier record wrote: an `add` with `skipIfExists` renders them anyway. */
  owned: ReadonlySet<string>
}

/**
 * The generator's actions (a list, or a function of the answers), checked.
 *
 * @throws GenError naming the first action honoforge cannot plan.
 */
export function actionsOf(generator: TeamGenerator, answers: Record<string, unknown>): Array<Action | string> {
  const listed = typeof generator.actions === 'function' ? generator.actions({ ...answers }) : generator.actions
  if (!Array.isArray(listed)) {
    throw new GenError(`The ${generator.name} generator (${generator.source}) has no list of actions.`)
  }
  for (const [index, action] of (listed as unknown[]).entries()) {
    if (typeof action === 'string') continue
    const type = typeof action === 'object' && action !== null ? (action as { type?: unknown }).type : undefined
    if (typeof type === 'string' && (plannedActionTypes as readonly string[]).includes(type)) continue
    const what = typeof action === 'function' ? 'a function' : `of type "${String(type)}"`
    throw new GenError(
      `The ${generator.name} generator's action #${index + 1} is ${what}: honoforge plans every file before writing ` +
        `anything and can only plan ${plannedActionTypes.join(', ')} actions. Nothing was written.`,
    )
  }
  return listed as Array<Action | string>
}

/** Play the actions in order on the tree, each seeing what the earlier ones wrote. */
export async function playActions(
  generator: TeamGenerator,
  actions: ReadonlyArray<Action | string>,
  answers: Record<string, unknown>,
  tree: ActionTree,
): Promise<PlayedActions> {
  const played: PlayedActions = { files: new Map(), added: new Set(), notes: [] }
  const read = async (path: string) => (played.files.has(path) ? played.files.get(path) : await tree.read(path))
  for (const [index, action] of actions.entries()) {
    if (typeof action === 'string') continue
    const label = `${generator.name} action #${index + 1} (${action.type})`
    const extra = typeof action.data === 'function' ? await action.data() : (action.data ?? {})
    // As plop does: the answers win over the action's own data.
    const data = { ...(extra as object), ...answers }
    if (typeof action.skip === 'function') {
      const reason = await action.skip(data)
      if (typeof reason === 'string') {
        played.notes.push(`${label} skipped: ${reason}`)
        continue
      }
    }
    if (action.force === true) {
      played.notes.push(
        `${label}: force ignored; a file in the way is a conflict, which --force on the command settles`,
      )
    }
    const fail = (problem: string): never => {
      throw new GenError(`${label}: ${problem}. Nothing was written.`)
    }
    if (action.type === 'addMany') {
      for (const file of await manyFiles(generator, action, data, tree.root, fail)) {
        await add(file.path, () => renderFile(generator, file.template, data), action, label)
      }
      continue
    }
    const path = projectPath(tree.root, generator.plop.renderString(String(action.path ?? ''), data), fail)
    const template = () => templateOf(generator, action, data)
    if (action.type === 'add') {
      await add(path, template, action, label)
      continue
    }
    const before = (await read(path)) ?? fail(`${path} does not exist`)
    const text = await template()
    const after = action.type === 'modify' ? modified(before, action.pattern, text) : appended(before, action, text)
    played.files.set(path, await transformed(action, after, data, fail))
  }
  return played

  async function add(path: string, render: () => Promise<string>, action: Action, label: string) {
    if (played.files.has(path)) throw new GenError(`${label}: ${path} is added twice by this run.`)
    if (action.skipIfExists === true && !tree.owned.has(path) && (await tree.read(path)) !== undefined) {
      played.notes.push(`${label} skipped: ${path} exists`)
      return
    }
    const fail = (problem: string): never => {
      throw new GenError(`${label}: ${problem}. Nothing was written.`)
    }
    played.files.set(path, await transformed(action, await render(), {}, fail))
    played.added.add(path)
  }
}

/** plop's modify: the first match (every match for a /g pattern) replaced, `$&` and `$1` as String.replace reads them. */
function modified(before: string, pattern: unknown, replacement: string): string {
  return typeof pattern === 'string' || pattern instanceof RegExp ? before.replace(pattern, replacement) : before
}

/**
 * plop's append: after the pattern's first match (at the end without one), with `separator`
 * (a newline by default) in between; `unique` (the default) first removes the same text
 * appended earlier after that point, compared literally.
 */
function appended(before: string, action: Action, text: string): string {
  const separator = typeof action.separator === 'string' ? action.separator : '\n'
  const pattern = action.pattern as string | RegExp | undefined
  let content = before
  if (action.unique !== false) {
    const parts = pattern ? content.split(pattern) : [content]
    const last = parts[parts.length - 1] ?? ''
    content = content.replace(last, () => last.split(separator + text).join(''))
  }
  if (!pattern) return content.length > 0 ? content + separator + text : text
  return content.replace(pattern, (match) => match + separator + text)
}

async function transformed(
  action: Action,
  content: string,
  data: object,
  fail: (problem: string) => never,
): Promise<string> {
  if (typeof action.transform !== 'function') return content
  const result = await action.transform(content, data)
  return typeof result === 'string' ? result : fail('transform returned something other than text')
}

/** The action's `template`, or its `templateFile` read from the plopfile's folder, rendered. */
async function templateOf(generator: TeamGenerator, action: Action, data: object): Promise<string> {
  if (typeof action.templateFile === 'string') {
    return renderFile(generator, resolve(generator.dir, generator.plop.renderString(action.templateFile, data)), data)
  }
  return generator.plop.renderString(typeof action.template === 'string' ? action.template : '', data)
}

async function renderFile(generator: TeamGenerator, path: string, data: object): Promise<string> {
  const source = await readFile(path, 'utf8').catch(() => {
    throw new GenError(`The ${generator.name} generator's template ${relative(generator.dir, path)} cannot be read.`)
  })
  return generator.plop.renderString(source, data)
}

/** plop's addMany: each template matched by `templateFiles` under `base`, to `destination` without its `.hbs`. */
async function manyFiles(
  generator: TeamGenerator,
  action: Action,
  data: object,
  root: string,
  fail: (problem: string) => never,
): Promise<Array<{ path: string; template: string }>> {
  const render = (text: string) => generator.plop.renderString(text, data)
  if (typeof action.destination !== 'string' || action.destination === '') fail('it has no destination')
  const base = resolve(generator.dir, typeof action.base === 'string' ? render(action.base) : '')
  const patterns = [action.templateFiles].flat().map((pattern) => render(String(pattern)))
  const strip = Array.isArray(action.stripExtensions) ? action.stripExtensions.map(String) : ['hbs']
  const matched = (await globber(root))(patterns, { cwd: generator.dir, absolute: true, onlyFiles: true })
  return matched
    .filter((file) => file.startsWith(`${base}/`) || action.base === undefined)
    .sort()
    .map((file) => {
      const inside =
        action.base === undefined ? relative(generator.dir, file).split('/').slice(1).join('/') : relative(base, file)
      const extension = posix.extname(inside).slice(1)
      const stripped =
        strip.includes(extension) && posix.extname(inside.slice(0, -extension.length - 1)) !== ''
          ? inside.slice(0, -extension.length - 1)
          : inside
      return { path: projectPath(root, render(posix.join(String(action.destination), stripped)), fail), template: file }
    })
}

/** tinyglobby, the glob library node-plop itself expands addMany's patterns with. */
async function globber(root: string) {
  const plop = createRequire(join(root, 'package.json')).resolve('node-plop')
  const { globSync } = createRequire(plop)('tinyglobby') as {
    globSync: (patterns: string[], options: object) => string[]
  }
  return globSync
}

/** A rendered action path as a project path, refused outside the service. */
function projectPath(root: string, rendered: string, fail: (problem: string) => never): string {
  const path = relative(root, resolve(root, rendered.replace(/\\/g, '/')))
    .split(/[\\/]/)
    .join('/')
  if (rendered === '' || path === '' || path.startsWith('..') || isAbsolute(path))
    fail(`the path "${rendered}" is outside the service`)
  return path
}
