/**
 * Keeping the service's `public/openapi.json` in step with a plan: the service's own
 * `npm run openapi` (scripts/openapi.ts, run with its tsx) builds the document from a copy
 * of the service as the plan would leave it. Nothing is written to the project unless the
 * build succeeds; the document is then one more change of the plan.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { GenError } from './errors.js'
import type { Change, FileChange } from './plan.js'
import type { Project } from './project.js'

/** The document in the service, relative to its root. */
export const openapiDocumentPath = 'public/openapi.json'

/** What the build script imports: the service's code and its configuration. */
const sourcePaths = ['src', 'scripts', 'package.json', 'tsconfig.json'] as const

/** The script that writes the document, relative to the service root. */
const buildScript = 'scripts/openapi.ts'

/**
 * The document `npm run openapi` would write once `changes` are applied.
 *
 * @throws GenError when the service's dependencies are not installed or the build fails
 *   (an undocumented route, a type error that breaks loading, ...), quoting its output.
 */
export async function plannedDocument(project: Project, changes: readonly Change[]): Promise<FileChange> {
  const tsx = join(project.root, 'node_modules', 'tsx', 'dist', 'cli.mjs')
  if (!existsSync(tsx)) {
    throw new GenError('The service has no node_modules/tsx: install its dependencies (npm install) first.')
  }
  const stage = await mkdtemp(join(tmpdir(), 'honoforge-stage-'))
  try {
    for (const path of sourcePaths) {
      const from = join(project.root, path)
      if (existsSync(from)) await cp(from, join(stage, path), { recursive: true })
    }
    await symlink(join(project.root, 'node_modules'), join(stage, 'node_modules'), 'junction')
    for (const change of changes) {
      if (!sourcePaths.some((path) => change.path === path || change.path.startsWith(`${path}/`))) continue
      const target = join(stage, ...change.path.split('/'))
      if ('delete' in change) await rm(target, { force: true })
      else {
        await mkdir(dirname(target), { recursive: true })
        await writeFile(target, change.content)
      }
    }
    await runBuild(process.execPath, tsx, stage)
    const content = await readFile(join(stage, ...openapiDocumentPath.split('/')), 'utf8')
    return { path: openapiDocumentPath, content, edit: true }
  } finally {
    await rm(stage, { recursive: true, force: true })
  }
}

async function runBuild(node: string, tsx: string, cwd: string): Promise<void> {
  try {
    await promisify(execFile)(node, [tsx, buildScript], { cwd, env: { ...process.env, NODE_OPTIONS: undefined } })
  } catch (error) {
    const { stderr = '', message } = error as { stderr?: string; message: string }
    // The script's own message, without the stack frames of the loader around it.
    const reason = stderr.split('\n').filter((line) => !/^\s+at /.test(line)).join('\n').trim() || message
    throw new GenError(`Cannot build ${openapiDocumentPath} (npm run openapi) from the planned files:\n${reason}`)
  }
}
