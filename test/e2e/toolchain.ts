import { execFileSync, type SpawnSyncReturns, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { packageInfo } from '../../src/package-info.js'

/** Scratch space for end-to-end runs: outside the repository, as a user's projects would be. */
export const workRoot = join(tmpdir(), 'honoforge-e2e')

const MIN_NODE = [22, 12] as const

function atLeast(version: string, [major, minor]: readonly [number, number]): boolean {
  const [a = 0, b = 0] = version.replace(/^v/, '').split('.').map(Number)
  return a > major || (a === major && b >= minor)
}

let nodeBin: string | undefined

/**
 * A folder holding a Node >= 22.12 binary, for the generated services' toolchain (wrangler).
 * Uses this process's Node when new enough; otherwise installs the `node@22` package from
 * the npm registry (it ships the binary) once into the temp folder.
 */
export function node22BinDir(): string {
  nodeBin ??= findNode22BinDir()
  return nodeBin
}

function findNode22BinDir(): string {
  if (atLeast(process.versions.node, MIN_NODE)) return dirname(process.execPath)
  const prefix = join(tmpdir(), 'honoforge-node22')
  const bin = join(prefix, 'node_modules', 'node', 'bin')
  if (!existsSync(join(bin, 'node'))) {
    mkdirSync(prefix, { recursive: true })
    execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', 'node@22'], {
      stdio: 'inherit',
    })
  }
  const version = execFileSync(join(bin, 'node'), ['--version'], { encoding: 'utf8' }).trim()
  if (!atLeast(version, MIN_NODE))
    throw new Error(`node@22 from the registry is ${version}; need >= ${MIN_NODE.join('.')}`)
  return bin
}

/** Environment for running a generated service's scripts: Node 22 first on PATH, no telemetry. */
export function serviceEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${node22BinDir()}${delimiter}${process.env.PATH}`,
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    NO_COLOR: '1',
    // A user's service is not running under this repository's test runner.
    VITEST: undefined,
    VITEST_POOL_ID: undefined,
    VITEST_WORKER_ID: undefined,
    NODE_ENV: undefined,
  }
}

let tarball: string | undefined

/** Packs this repository as npm would publish it (prepack builds dist/) and returns the .tgz path. */
export function packTarball(): string {
  tarball ??= pack()
  return tarball
}

function pack(): string {
  const dest = join(workRoot, 'pack')
  mkdirSync(dest, { recursive: true })
  execFileSync('npm', ['pack', '--pack-destination', dest], { cwd: packageInfo().root, stdio: 'ignore' })
  const file = readdirSync(dest).find((name) => name.endsWith('.tgz'))
  if (!file) throw new Error(`npm pack wrote no tarball to ${dest}`)
  return join(dest, file)
}

/**
 * Installs the packed CLI into `workRoot/<name>` as `npm create` would (production
 * dependencies only) and returns the folder holding its bins.
 */
export function installPackedCli(name: string): string {
  const prefix = join(workRoot, name)
  rmSync(prefix, { recursive: true, force: true })
  const installed = run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', packTarball()], {
    cwd: workRoot,
  })
  if (installed.status !== 0) throw new Error(`installing the packed CLI failed\n${output(installed)}`)
  return join(prefix, 'node_modules', '.bin')
}

/** A port on 127.0.0.1 that nothing listens on right now (connections to it are refused). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Runs a command to completion without a TTY (stdin closed) and returns its result. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: options.timeoutMs ?? 10 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  })
}

/** The output of a finished command, for assertion messages. */
export function output(result: SpawnSyncReturns<string>): string {
  return `exit ${result.status}${result.error ? ` (${result.error.message})` : ''}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`
}

/**
 * Creates a service from the packed tarball as a user would (no TTY) and installs it as
 * created: the tarball is not a registry release, so the service carries it in vendor/ and
 * its create-honoforge devDependency points there, then builds its OpenAPI document as the
 * next steps say. Returns the service's directory; fails
 * the calling hook on any step.
 */
export function createInstalledService(name: string, flags: string[] = []): string {
  const tgz = packTarball()
  const parent = join(workRoot, 'services')
  const dir = join(parent, name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(parent, { recursive: true })
  const steps: [string, string[], string][] = [
    [
      'npm',
      ['exec', '--yes', `--package=${tgz}`, '--', 'create-honoforge', name, ...flags, '--no-install', '--no-git'],
      parent,
    ],
    ['npm', ['install', '--no-audit', '--no-fund'], dir],
    // The next steps of a --no-install run: the document is built by the service's own code.
    ['npm', ['run', 'openapi'], dir],
  ]
  for (const [command, args, cwd] of steps) {
    const result = run(command, args, { cwd, env: serviceEnv() })
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed\n${output(result)}`)
  }
  return dir
}

/** The entries of a .tgz, sorted, for comparing two packs of the same package. */
export function tarballEntries(tgz: string): string[] {
  return execFileSync('tar', ['-tzf', tgz], { encoding: 'utf8' }).split('\n').filter(Boolean).sort()
}
