/**
 * A service rendered from the real template into a temp folder, with `honoforge` run on it
 * in-process. Its node_modules links to this repository's, where what the service's
 * `npm run openapi` needs (tsx, hono, @hono/zod-validator, zod, openapi-typescript) is installed.
 */
import { createHash } from 'node:crypto'
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { type HonoforgeIo, honoforgeCommand } from '../../src/cli/honoforge-command.js'
import { runCli } from '../../src/cli/run.js'
import { createTemplateContext, renderTemplate } from '../../src/create/render.js'
import { type Auth, type Db, serviceTemplate } from '../../src/create/template.js'
import { writeTree } from '../../src/create/write.js'
import { clientTypesPath, plannedOpenApi } from '../../src/gen/openapi-build.js'
import { openProject } from '../../src/gen/project.js'
import { packageInfo } from '../../src/package-info.js'

export interface TestProject {
  root: string
  /** Run `honoforge <args>` in the project. */
  run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>
  read(path: string): Promise<string>
  write(path: string, content: string): Promise<void>
  exists(path: string): Promise<boolean>
  /** How many times a command regenerated the binding types (a stand-in here: no wrangler runs). */
  typegenRuns(): number
  /** Every file (node_modules aside) → sha256 of its bytes. */
  snapshot(): Promise<Record<string, string>>
  /** What `npm run openapi` would write: the whole document built from the app. */
  fullOpenApi(): Promise<string>
  /** The client types `npm run openapi` would write beside that document. */
  fullClientTypes(): Promise<string>
  remove(): Promise<void>
}

/** The manifest's record of one run (create records the example notes resource too). */
export async function recordOf(project: TestProject, name: string) {
  return JSON.parse(await project.read('.honoforge/manifest.json')).generated.find(
    (run: { name: string }) => run.name === name,
  )
}

/** The service with the given options, as create-honoforge writes it. */
export async function createProject(options: { db?: Db; auth?: Auth } = {}): Promise<TestProject> {
  const parent = await mkdtemp(join(tmpdir(), 'honoforge-gen-'))
  const root = join(parent, 'svc')
  const context = createTemplateContext({
    name: 'svc',
    db: options.db ?? 'd1',
    auth: options.auth ?? 'jwt',
    docs: true,
    pm: 'npm',
  })
  await writeTree(root, await renderTemplate(serviceTemplate, context))
  await symlink(join(packageInfo().root, 'node_modules'), join(root, 'node_modules'), 'junction')
  // What create does once dependencies are installed: the service's own `npm run openapi`.
  for (const file of await plannedOpenApi(await openProject(root), [])) {
    await mkdir(dirname(join(root, file.path)), { recursive: true })
    await writeFile(join(root, file.path), file.content)
  }
  let typegenRuns = 0
  const io = (out: string[], err: string[]): HonoforgeIo => ({
    cwd: root,
    env: {},
    stdinIsTTY: false,
    typegen: async () => {
      typegenRuns++
      return true
    },
    stdout: (text) => out.push(stripVTControlCharacters(text)),
    stderr: (text) => err.push(stripVTControlCharacters(text)),
  })
  const project: TestProject = {
    root,
    async run(...args) {
      const out: string[] = []
      const err: string[] = []
      const code = await runCli(honoforgeCommand, args, io(out, err))
      return { code, stdout: out.join('\n'), stderr: err.join('\n') }
    },
    read: (path) => readFile(join(root, path), 'utf8'),
    async write(path, content) {
      await mkdir(dirname(join(root, path)), { recursive: true })
      await writeFile(join(root, path), content)
    },
    exists: (path) =>
      lstat(join(root, path)).then(
        () => true,
        () => false,
      ),
    typegenRuns: () => typegenRuns,
    snapshot: () => snapshot(root),
    fullOpenApi: () => built(root, 'public/openapi.json'),
    fullClientTypes: () => built(root, clientTypesPath),
    remove: () => rm(parent, { recursive: true, force: true }),
  }
  return project
}

/** One file `npm run openapi` would write in the project as it is. */
async function built(root: string, path: string): Promise<string> {
  const file = (await plannedOpenApi(await openProject(root), [])).find((change) => change.path === path)
  if (!file) throw new Error(`npm run openapi wrote no ${path}`)
  return file.content
}

async function snapshot(dir: string, prefix = ''): Promise<Record<string, string>> {
  const tree: Record<string, string> = {}
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name === 'node_modules') continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) Object.assign(tree, await snapshot(path, `${prefix}${entry.name}/`))
    else
      tree[`${prefix}${entry.name}`] = createHash('sha256')
        .update(await readFile(path))
        .digest('hex')
  }
  return tree
}

/**
 * Every entry under `dir` (node_modules aside), in more detail than a project's own
 * snapshot: files by content hash and mode, folders by mode, symlinks by target. For tests
 * that must prove a failed command left nothing behind, permissions and links included.
 */
export async function fullSnapshot(dir: string, prefix = ''): Promise<Record<string, string>> {
  const tree: Record<string, string> = {}
  for (const name of (await readdir(dir)).sort()) {
    if (prefix === '' && name === 'node_modules') continue
    const path = join(dir, name)
    const key = `${prefix}${name}`
    const info = await lstat(path)
    const mode = (info.mode & 0o7777).toString(8)
    if (info.isSymbolicLink()) tree[key] = `link ${await readlink(path)}`
    else if (info.isDirectory())
      Object.assign(tree, { [`${key}/`]: `dir ${mode}` }, await fullSnapshot(path, `${key}/`))
    else
      tree[key] = `${createHash('sha256')
        .update(await readFile(path))
        .digest('hex')} ${mode}`
  }
  return tree
}

/** Paths added to, removed from and changed in `after` compared with `before`. */
export function treeDiff(before: Record<string, string>, after: Record<string, string>) {
  const paths = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
  return {
    added: paths.filter((path) => !(path in before)),
    removed: paths.filter((path) => !(path in after)),
    changed: paths.filter((path) => path in before && path in after && before[path] !== after[path]),
  }
}

/** HTML entities Handlebars would have produced had it escaped the output. */
export const htmlEntity = /&(?:amp|lt|gt|quot|#x27|#39|#x60|#x3D);/
