/**
 * Laying out generated code: the service's own Biome (a devDependency of every service)
 * formats each planned source file the way `npm run format` would, with the service's
 * biome.jsonc, so templates stay plain code and the output is canonical whatever the names
 * and fields. Create renders before any install and has no Biome: its one generated resource
 * is written canonical by the templates themselves (a test proves it).
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, sep } from 'node:path'
import { promisify } from 'node:util'
import { GenError } from './errors.js'
import type { FileChange } from './plan.js'

/** Biome's Node launcher, in a service that has its dependencies installed. */
const launcher = join('node_modules', '@biomejs', 'biome', 'bin', 'biome')

/**
 * The command that runs the service's Biome: its native binary when npm put this platform's
 * package beside it (half the time of the launcher, which starts Node to find it), else the
 * launcher; undefined without Biome.
 */
function biomeCommand(root: string): string[] | undefined {
  if (!existsSync(join(root, launcher))) return undefined
  const exe = process.platform === 'win32' ? 'biome.exe' : 'biome'
  for (const libc of ['', '-musl']) {
    const native = join(root, 'node_modules', '@biomejs', `cli-${process.platform}-${process.arch}${libc}`, exe)
    if (existsSync(native)) return [native]
  }
  return [process.execPath, join(root, launcher)]
}

/** What Biome reads besides the files: its settings, and the ignore file they may point at. */
const configFiles = ['biome.json', 'biome.jsonc', '.editorconfig', '.gitignore'] as const

/** The generated files Biome formats; SQL, Markdown and the rest stay as rendered. */
const formatted = /\.(?:[cm]?[jt]s|json|jsonc)$/

/** A path that stays inside the stage (the plan's own checks come later and say more). */
const staysInside = (path: string) => !path.startsWith('/') && !path.split('/').includes('..')

/**
 * The files as the service's Biome lays them out (`biome check --write` without the linter:
 * layout and import order; the templates themselves are lint-clean, a test proves it). Files
 * Biome does not handle or the service's settings ignore come back as they are; so does
 * everything when the service has no Biome installed.
 *
 * @throws GenError when Biome is there but cannot run.
 */
export async function formatFiles(root: string, files: readonly FileChange[]): Promise<FileChange[]> {
  const biome = biomeCommand(root)
  const targets = files.filter((file) => formatted.test(file.path) && staysInside(file.path))
  if (targets.length === 0 || !biome) return [...files]
  // Staged apart from the project, so files the plan may still refuse are never written to it.
  const stage = await mkdtemp(join(tmpdir(), 'honoforge-format-'))
  try {
    for (const name of configFiles) {
      const content = await readFile(join(root, name)).catch(() => undefined)
      if (content) await writeFile(join(stage, name), content)
    }
    // A configuration may extend a shared one from a package.
    await symlink(join(root, 'node_modules'), join(stage, 'node_modules'), 'junction')
    for (const file of targets) {
      await mkdir(dirname(join(stage, file.path)), { recursive: true })
      await writeFile(join(stage, file.path), file.content)
    }
    const paths = targets.map((file) => file.path)
    await runBiome(biome, stage, paths)
    const after = new Map<string, string>()
    for (const file of targets) after.set(file.path, await readFile(join(stage, file.path), 'utf8'))
    return files.map((file) => ({ ...file, content: after.get(file.path) ?? file.content }))
  } finally {
    await rm(stage, { recursive: true, force: true })
  }
}

async function runBiome([command = '', ...prefix]: string[], cwd: string, paths: string[]): Promise<void> {
  const args = [
    'check',
    '--write',
    '--linter-enabled=false',
    '--files-ignore-unknown=true',
    '--no-errors-on-unmatched',
    '--max-diagnostics=0',
  ]
  try {
    await promisify(execFile)(command, [...prefix, ...args, ...paths], { cwd })
  } catch (error) {
    // Exit 1 for a file Biome cannot parse: it stays as rendered, and the document build or the
    // service's own checks name the problem. Anything else is a Biome that cannot run.
    const { code, stderr = '' } = error as { code?: number | string; stderr?: string }
    if (code === 1 && !/configuration|internalError/i.test(stderr)) return
    const report = (stderr.trim() || (error as Error).message).split(`${cwd}${sep}`).join('')
    throw new GenError(`Cannot format the generated files with the service's Biome: ${report}`)
  }
}
