/**
 * The generated service a command runs in: found from the working directory, with what the
 * generators need to know about it (its manifest, whether it has auth, its database).
 */
import { access, readdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { getNodeValue } from 'jsonc-parser'
import { GenError } from './errors.js'
import { nodeFs } from './fs-layer.js'
import { type Manifest, readManifest } from './manifest.js'
import { listMigrations } from './migrations.js'
import { parseWranglerConfig, wranglerConfigPath } from './wrangler-config.js'

/** The D1 binding the service template declares and its code uses (`c.env.DB`). */
export const d1Binding = 'DB'

/** The Hyperdrive binding a `--db postgres` service reaches Postgres through (`c.env.HYPERDRIVE`). */
export const hyperdriveBinding = 'HYPERDRIVE'

/** The databases a service can be created with, as wrangler.jsonc declares them. */
export type Database = 'd1' | 'postgres'

/** The module whose presence means the service was created with auth (`--auth jwt` or `--auth jwks`). */
export const authModule = 'src/middleware/auth.ts'

export interface Project {
  /** The service root (the folder with wrangler.jsonc), through `realpath`. */
  root: string
  manifest: Manifest
  /** Routes are protected by `requireAuth` unless generated `--public`. */
  auth: boolean
  /**
   * The service's database: `d1` when wrangler.jsonc declares the `DB` D1 database,
   * `postgres` when it declares the `HYPERDRIVE` binding, none for `--db none`.
   */
  database: Database | undefined
  /** File names in `migrations/`. */
  migrations: string[]
  /** A project file's text, or `undefined` when it does not exist. */
  read(path: string): Promise<string | undefined>
  /** Project-relative paths of the files under a folder, sorted (none when it does not exist). */
  list(dir: string): Promise<string[]>
}

/**
 * Open the service that `cwd` is in (it or its nearest ancestor with a wrangler.jsonc).
 *
 * @throws GenError outside a service, or when its manifest or wrangler.jsonc is broken.
 */
export async function openProject(cwd: string): Promise<Project> {
  const root = await nodeFs.realpath(await findRoot(cwd))
  const read = async (path: string) => (await nodeFs.readFile(join(root, ...path.split('/'))))?.toString('utf8')
  return {
    root,
    manifest: await readManifest(root),
    auth: (await read(authModule)) !== undefined,
    database: databaseOf((await read(wranglerConfigPath)) ?? ''),
    migrations: await listMigrations(root),
    read,
    list: (dir) => listFiles(root, dir),
  }
}

/** The database a wrangler.jsonc's text declares a binding for. */
export function databaseOf(wranglerConfig: string): Database | undefined {
  const config = getNodeValue(parseWranglerConfig(wranglerConfig)) as Record<string, unknown>
  if (declares(config.d1_databases, d1Binding)) return 'd1'
  if (declares(config.hyperdrive, hyperdriveBinding)) return 'postgres'
  return undefined
}

/** A wrangler.jsonc binding list (`d1_databases`, `hyperdrive`) has an entry for `binding`. */
function declares(list: unknown, binding: string): boolean {
  return Array.isArray(list) && list.some((entry) => (entry as { binding?: unknown } | null)?.binding === binding)
}

async function listFiles(root: string, dir: string): Promise<string[]> {
  const entries = await readdir(join(root, ...dir.split('/')), { withFileTypes: true }).catch(() => [])
  const files: string[] = []
  for (const entry of entries) {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) files.push(...(await listFiles(root, path)))
    else if (entry.isFile()) files.push(path)
  }
  return files.sort()
}

/**
 * A project file's text, for a generator that edits it in place.
 *
 * @throws GenError when it is missing.
 */
export async function readRequired(project: Project, path: string): Promise<string> {
  const source = await project.read(path)
  if (source === undefined) throw new GenError(`${path} is missing; restore it from git.`)
  return source
}

/**
 * The service's database, for a generator that needs one.
 *
 * @throws GenError in a service created without one, naming `generator`.
 */
export function requireDatabase(project: Project, generator: string): Database {
  if (project.database) return project.database
  throw new GenError(
    `honoforge gen ${generator} needs a database: ${wranglerConfigPath} declares neither the "${d1Binding}" D1 ` +
      `binding nor the "${hyperdriveBinding}" Hyperdrive binding (the service was created with --db none, so it also ` +
      'lacks migrations/, src/lib/ids.ts and the test setup that applies migrations). Create the service with ' +
      '--db d1 or --db postgres to generate resources.',
  )
}

async function findRoot(cwd: string): Promise<string> {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (
      await access(join(dir, wranglerConfigPath)).then(
        () => true,
        () => false,
      )
    )
      return dir
    if (dirname(dir) === dir) {
      throw new GenError(
        `No ${wranglerConfigPath} in ${cwd} or above: run honoforge inside a service created with create-honoforge.`,
      )
    }
  }
}
