/**
 * Team generators: the generators of the service's plopfiles, loaded with node-plop (the
 * service's devDependency, which also renders the built-in templates). A service names them
 * with a `plopfile.{js,mjs,cjs,ts}` at its root and, for generators a platform team shares
 * across services, with `honoforge.plopfiles` in its package.json: module specifiers (a
 * package, or a path from the service root) of further plopfiles.
 */
import { access, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { GenError } from '../errors.js'
import { generatorKinds } from '../manifest.js'
import { loadNodePlop } from '../render.js'

/** The plopfile names looked for at the service root, in this order (node-plop imports the first found). */
export const plopfileNames = ['plopfile.js', 'plopfile.mjs', 'plopfile.cjs', 'plopfile.ts'] as const

/** One prompt of a team generator, as inquirer describes it (the fields honoforge reads). */
export interface TeamPrompt {
  type?: string
  name: string
  message?: unknown
  default?: unknown
  choices?: unknown
  when?: unknown
  validate?: (value: unknown, answers: Record<string, unknown>) => unknown
  filter?: (value: unknown, answers: Record<string, unknown>) => unknown
}

/** The parts of node-plop's API a team generator run needs. */
export interface PlopApi {
  renderString(template: string, data: object): string
  getGeneratorList(): Array<{ name: string; description: string }>
  getGenerator(name: string): { description?: string; prompts?: unknown; actions?: unknown }
}

export interface TeamGenerator {
  name: string
  description: string
  prompts: unknown
  actions: unknown
  /** The plopfile's folder, which `templateFile` paths are relative to. */
  dir: string
  /** Where it comes from, for messages: `plopfile.mjs`, `@acme/generators`. */
  source: string
  plop: PlopApi
}

/**
 * Every team generator of the service at `root`; none when it has no plopfile.
 *
 * @throws GenError when a plopfile cannot be found or loaded, or names a generator twice or
 *   after a built-in one.
 */
export async function teamGenerators(root: string): Promise<TeamGenerator[]> {
  const found: TeamGenerator[] = []
  for (const { path, source } of await plopfilesOf(root)) {
    const plop = await loadPlopfile(root, path, source)
    for (const { name, description } of plop.getGeneratorList()) {
      if ((generatorKinds as readonly string[]).includes(name)) {
        throw new GenError(
          `${source} defines a generator "${name}", the name of a built-in one: rename it (honoforge gen ${name} stays the built-in).`,
        )
      }
      const twin = found.find((generator) => generator.name === name)
      if (twin) throw new GenError(`Both ${twin.source} and ${source} define a generator "${name}": rename one.`)
      const config = plop.getGenerator(name)
      found.push({
        name,
        description: description ?? config.description ?? '',
        prompts: config.prompts,
        actions: config.actions,
        dir: dirname(path),
        source,
        plop,
      })
    }
  }
  return found
}

/** Whether the service has a plopfile or lists some, without loading anything. */
export async function hasPlopfiles(root: string): Promise<boolean> {
  return (await rootPlopfile(root)) !== undefined || (await listedPlopfiles(root)).length > 0
}

/** The plopfiles of the service: its own first, then those its package.json lists. */
async function plopfilesOf(root: string): Promise<Array<{ path: string; source: string }>> {
  const own = await rootPlopfile(root)
  const require = createRequire(join(root, 'package.json'))
  const listed = (await listedPlopfiles(root)).map((specifier) => {
    try {
      return { path: require.resolve(specifier), source: specifier }
    } catch (error) {
      throw new GenError(
        `package.json lists the plopfile "${specifier}" in honoforge.plopfiles, and it cannot be found from the service ` +
          `(${(error as Error).message.split('\n')[0]}). Install the package, or fix the path (./ for a file of the service).`,
      )
    }
  })
  return [...(own ? [{ path: join(root, own), source: own }] : []), ...listed]
}

async function rootPlopfile(root: string): Promise<string | undefined> {
  for (const name of plopfileNames) {
    if (
      await access(join(root, name)).then(
        () => true,
        () => false,
      )
    )
      return name
  }
  return undefined
}

/** `honoforge.plopfiles` of the service's package.json. */
async function listedPlopfiles(root: string): Promise<string[]> {
  const text = await readFile(join(root, 'package.json'), 'utf8').catch(() => undefined)
  if (text === undefined) return []
  let listed: unknown
  try {
    listed = (JSON.parse(text) as { honoforge?: { plopfiles?: unknown } }).honoforge?.plopfiles
  } catch {
    return []
  }
  if (listed === undefined) return []
  if (!Array.isArray(listed) || !listed.every((entry) => typeof entry === 'string' && entry !== '')) {
    throw new GenError('honoforge.plopfiles in package.json must be a list of module specifiers: ["@acme/generators"].')
  }
  return listed
}

/** node-plop loading one plopfile (it imports the file and calls its default export with the API). */
async function loadPlopfile(root: string, path: string, source: string): Promise<PlopApi> {
  const nodePlop = await loadNodePlop()
  try {
    return (await nodePlop(path, { destBasePath: root, force: false })) as unknown as PlopApi
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException
    if (code === 'ERR_UNKNOWN_FILE_EXTENSION' && path.endsWith('.ts')) {
      throw new GenError(
        `${source}: this Node (${process.version}) cannot import TypeScript itself (Node 22.18+ strips types); ` +
          'write the plopfile as plopfile.mjs.',
      )
    }
    const shown = relative(root, path).startsWith('..') ? source : relative(root, path)
    throw new GenError(`Cannot load the plopfile ${shown}: ${message}`)
  }
}
