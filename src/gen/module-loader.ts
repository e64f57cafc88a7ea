/**
 * Running the service's own TypeScript (its OpenAPI builder and a route module's schemas)
 * before anything is written: the modules a plan would create are staged with what they
 * import into a temp folder whose `node_modules` links to the project's, then imported.
 *
 * Node strips the types itself where it can (Node >= 22.18); older Nodes use the project's
 * tsx, which every service has for `npm run openapi`.
 */
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, posix } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { GenError } from './errors.js'
import { addResolveHook, hasModuleHooks, type ResolveHook } from './module-hooks.js'

/** Imports one staged module by absolute path. Tests inject their runner's `import()`. */
export type ModuleLoader = (file: string) => Promise<Record<string, unknown>>

/** A project file's text (the planned content if the plan writes it), or `undefined`. */
export type SourceReader = (path: string) => Promise<string | undefined>

const stagePrefix = 'honoforge-stage-'

/**
 * Import project modules as the plan would leave them.
 *
 * @param entries Project-relative paths of the modules to import (`src/openapi/build.ts`).
 * @throws GenError when a module or a dependency cannot be found or fails to load.
 */
export async function importProjectModules(
  root: string,
  entries: readonly string[],
  read: SourceReader,
  loader?: ModuleLoader,
): Promise<Array<Record<string, unknown>>> {
  if (!existsSync(join(root, 'node_modules'))) {
    throw new GenError('The project has no node_modules: install its dependencies (npm install) first.')
  }
  const files = await closure(entries, read)
  const stage = await mkdtemp(join(tmpdir(), stagePrefix))
  try {
    await writeFile(join(stage, 'package.json'), '{ "type": "module" }\n')
    await symlink(join(root, 'node_modules'), join(stage, 'node_modules'), 'junction')
    for (const [path, source] of files) {
      await mkdir(dirname(join(stage, path)), { recursive: true })
      await writeFile(join(stage, path), source)
    }
    const load = loader ?? (await defaultLoader(stage))
    const loaded: Array<Record<string, unknown>> = []
    for (const entry of entries) {
      try {
        loaded.push(await load(join(stage, entry)))
      } catch (error) {
        throw new GenError(`Cannot load ${entry} to update the OpenAPI document: ${(error as Error).message}`)
      }
    }
    return loaded
  } finally {
    await rm(stage, { recursive: true, force: true })
  }
}

const importPattern = /^(?:import|export)\s+(?!type\b)[^'";]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm

/** The entries and every module they import by relative path (type-only imports aside). */
async function closure(entries: readonly string[], read: SourceReader): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  const queue = [...entries]
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    if (files.has(path)) continue
    const source = await read(path)
    if (source === undefined) throw new GenError(`Cannot find ${path} to update the OpenAPI document.`)
    files.set(path, source)
    for (const [, specifier = ''] of source.matchAll(importPattern)) {
      const base = posix.join(posix.dirname(path), specifier)
      const candidates = /\.[cm]?[jt]s$|\.json$/.test(base) ? [base] : [`${base}.ts`, `${base}/index.ts`]
      for (const candidate of candidates) {
        if ((await read(candidate)) !== undefined) {
          queue.push(candidate)
          break
        }
      }
    }
  }
  return files
}

let hooksRegistered = false

/** Node's own type stripping when it has it and in-thread hooks to resolve extensionless imports; else tsx. */
async function defaultLoader(stage: string): Promise<ModuleLoader> {
  const strips = Boolean((process.features as { typescript?: unknown }).typescript)
  const tsx = async (file: string) => {
    // Imported from inside the stage, so `tsx/esm/api` resolves in the project's node_modules.
    const shim = join(stage, 'tsx-api.mjs')
    if (!existsSync(shim)) await writeFile(shim, "export { tsImport } from 'tsx/esm/api'\n")
    const { tsImport } = (await import(pathToFileURL(shim).href)) as {
      tsImport: (url: string, parent: string) => Promise<Record<string, unknown>>
    }
    return tsImport(pathToFileURL(file).href, import.meta.url)
  }
  if (!strips || !hasModuleHooks()) return tsx
  if (!hooksRegistered) hooksRegistered = addResolveHook(resolveExtensionless)
  return async (file) => {
    try {
      return (await import(pathToFileURL(file).href)) as Record<string, unknown>
    } catch (error) {
      // Syntax that needs transforming (enums, parameter properties): tsx compiles it.
      if ((error as NodeJS.ErrnoException).code === 'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX') return tsx(file)
      throw error
    }
  }
}

/** `./schema` → `./schema.ts` (or `./schema/index.ts`), as the service's bundler resolves it; staged modules only. */
const resolveExtensionless: ResolveHook = (specifier, context, next) => {
  const parent = context.parentURL
  if (parent?.includes(`/${stagePrefix}`) && /^\.\.?\//.test(specifier)) {
    if (!/\.[cm]?[jt]s$|\.json$/.test(specifier)) {
      for (const suffix of ['.ts', '/index.ts']) {
        const url = new URL(`${specifier}${suffix}`, parent)
        if (existsSync(fileURLToPath(url))) return next(url.href, context)
      }
    }
  }
  return next(specifier, context)
}
