/**
 * Keeping the service's `public/openapi.json` and its client types in step with a plan: the
 * service's own `npm run openapi` (scripts/openapi.ts, run with its tsx) builds the document,
 * and the types from it, in a copy of the service as the plan would leave it. Nothing is
 * written to the project unless the build succeeds; what it wrote is then part of the plan.
 *
 * The copy (the stage) is the service's files as it reads them: contents only (no modes, so
 * read-only files and folders copy into a stage that can be written and removed), symbolic
 * links inside the project followed, links that lead outside it or nowhere left out. The
 * project itself is only read.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, isAbsolute, join, relative, sep } from 'node:path'
import { promisify } from 'node:util'
import { GenError } from './errors.js'
import type { Change, FileChange } from './plan.js'
import type { Project } from './project.js'

/** The document in the service, relative to its root. */
export const openapiDocumentPath = 'public/openapi.json'

/** The TypeScript types of the API that `npm run openapi` builds from the document. */
export const clientTypesPath = 'client/api.d.ts'

/** What the build script imports: the service's code and its configuration. */
const sourcePaths = ['src', 'scripts', 'package.json', 'tsconfig.json'] as const

/** The script that writes the document, relative to the service root. */
const buildScript = 'scripts/openapi.ts'

/** Whether a change touches what the build reads. */
const staged = (path: string) => sourcePaths.some((source) => path === source || path.startsWith(`${source}/`))

/**
 * What `npm run openapi` would write once `changes` are applied: the document, then the
 * client types (a service created before it built them writes the document alone).
 *
 * Check the changes against the tree first (`planChanges`): this stages them as given, and
 * a path the plan would refuse (through a link, a file where a folder is) is refused here
 * too, with a less precise message.
 *
 * @throws GenError when the service's dependencies are not installed, a file cannot be read
 *   or staged, or the build fails (an undocumented route, a route served twice, a module that
 *   does not load, ...), quoting the script's own message.
 */
export async function plannedOpenApi(project: Project, changes: readonly Change[]): Promise<FileChange[]> {
  const tsx = join(project.root, 'node_modules', 'tsx', 'dist', 'cli.mjs')
  if (!existsSync(tsx)) {
    throw new GenError('The service has no node_modules/tsx: install its dependencies (npm install) first.')
  }
  const root = await realpath(project.root)
  // Real path: Node reports module paths resolved, and they are shown relative to the stage.
  const stage = await realpath(await mkdtemp(join(tmpdir(), 'honoforge-stage-')))
  try {
    const copy = new StageCopy(root, stage)
    for (const path of sourcePaths) await copy.entry(join(root, path), join(stage, path), path)
    await symlink(join(root, 'node_modules'), join(stage, 'node_modules'), 'junction')
    for (const change of changes) {
      if (staged(change.path)) await stageChange(stage, change)
    }
    await runBuild(process.execPath, tsx, stage, copy.left)
    const built = async (path: string) => readFile(join(stage, ...path.split('/')), 'utf8')
    const document: FileChange = { path: openapiDocumentPath, content: await built(openapiDocumentPath), edit: true }
    // Not copied into the stage: there only if the build wrote it.
    const types = await built(clientTypesPath).catch(() => undefined)
    return types === undefined ? [document] : [document, { path: clientTypesPath, content: types, edit: true }]
  } finally {
    await removeStage(stage)
  }
}

/** Copies the service into the stage, file contents only; remembers what it left out and why. */
class StageCopy {
  /** Project-relative paths left out of the stage, each with the reason. */
  readonly left: string[] = []
  /** Real paths of the folders being copied, to stop at a link back to one of them. */
  private readonly copying = new Set<string>()

  constructor(
    private readonly root: string,
    private readonly stage: string,
  ) {}

  async entry(from: string, to: string, path: string): Promise<void> {
    let info = await this.read(path, () => lstat(from))
    if (!info) return
    let source = from
    if (info.isSymbolicLink()) {
      const target = await realpath(from).catch(() => undefined)
      if (target === undefined) return void this.left.push(`${path} (a symbolic link that leads nowhere or loops)`)
      const inside = relative(this.root, target)
      if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
        return void this.left.push(`${path} (links outside the project)`)
      }
      source = target
      info = await this.read(path, () => stat(target))
      if (!info) return
    }
    if (info.isDirectory()) {
      const real = await this.read(path, () => realpath(source))
      if (real === undefined || this.copying.has(real))
        return void this.left.push(`${path} (links back to a folder it is in)`)
      this.copying.add(real)
      await this.write(path, () => mkdir(to))
      for (const name of ((await this.read(path, () => readdir(source))) ?? []).sort()) {
        await this.entry(join(source, name), join(to, name), `${path}/${name}`)
      }
      this.copying.delete(real)
    } else if (info.isFile()) {
      const bytes = await this.read(path, () => readFile(source))
      if (bytes) await this.write(path, () => writeFile(to, bytes))
    }
    // Sockets, FIFOs and devices: nothing a build imports.
  }

  /** A read of the project; `undefined` when the entry vanished meanwhile. */
  private async read<T>(path: string, op: () => Promise<T>): Promise<T | undefined> {
    try {
      return await op()
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw new GenError(`Cannot read ${path} to build ${openapiDocumentPath}: ${reasonOf(error, this.stage)}`)
    }
  }

  private async write(path: string, op: () => Promise<unknown>): Promise<void> {
    try {
      await op()
    } catch (error) {
      throw new GenError(
        `Cannot copy ${path} to build ${openapiDocumentPath} (in ${tmpdir()}): ${reasonOf(error, this.stage)}`,
      )
    }
  }
}

/** One planned change, applied to the stage (which holds no links but node_modules). */
async function stageChange(stage: string, change: Change): Promise<void> {
  const target = join(stage, ...change.path.split('/'))
  try {
    if ('delete' in change) await rm(target, { force: true })
    else {
      await mkdir(dirname(target), { recursive: true })
      await writeFile(target, change.content)
    }
  } catch (error) {
    throw new GenError(`Cannot stage ${change.path} to build ${openapiDocumentPath}: ${reasonOf(error, stage)}`)
  }
}

/** Removes the stage, making its folders writable if it has to; never throws. */
async function removeStage(stage: string): Promise<void> {
  try {
    await rm(stage, { recursive: true, force: true })
  } catch {
    const writable = async (dir: string): Promise<void> => {
      await chmod(dir, 0o700).catch(() => undefined)
      for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        if (entry.isDirectory()) await writable(join(dir, entry.name))
      }
    }
    await writable(stage)
    await rm(stage, { recursive: true, force: true }).catch(() => undefined)
  }
}

async function runBuild(node: string, tsx: string, cwd: string, left: readonly string[]): Promise<void> {
  try {
    await promisify(execFile)(node, [tsx, buildScript], { cwd, env: { ...process.env, NODE_OPTIONS: undefined } })
  } catch (error) {
    const { stderr = '', message } = error as { stderr?: string; message: string }
    const reason = scriptError(stderr, cwd) || message
    const notStaged = left.length > 0 ? `\nLeft out of the build: ${left.join(', ')}.` : ''
    throw new GenError(
      `Cannot build ${openapiDocumentPath} (npm run openapi) from the planned files: ${reason}${notStaged}`,
    )
  }
}

/**
 * The script's error message out of Node's report of an uncaught error (the source line and
 * caret above it, the stack frames and the Node.js version below it left out), with paths in
 * the stage shown relative to the service root.
 */
export function scriptError(stderr: string, stage: string): string {
  const lines = withoutStage(stderr, stage).split('\n')
  const noise = (line: string) => /^\s+at /.test(line) || /^Node\.js v/.test(line)
  // `Error: ...`, `TypeError: ...`, `Error [ERR_MODULE_NOT_FOUND]: ...` and the lines it goes on with.
  const start = lines.findIndex((line) => /^[A-Z]\w*(?: \[\w+\])?: /.test(line))
  const end = lines.findIndex((line, index) => index > start && noise(line))
  const kept = start === -1 ? lines.filter((line) => !noise(line)) : lines.slice(start, end === -1 ? undefined : end)
  return kept
    .join('\n')
    .trim()
    .replace(/^Error: /, '')
}

/** Paths inside the stage, relative to it: what they are in the service. */
function withoutStage(text: string, stage: string): string {
  return text.split(`${stage}${sep}`).join('').split(`file://${stage}/`).join('')
}

function reasonOf(error: unknown, stage: string): string {
  return withoutStage((error as Error).message, stage)
}
