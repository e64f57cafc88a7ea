import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { packageInfo } from '../../src/package-info.js'
import { node22BinDir, output, run, serviceEnv, workRoot } from './toolchain.js'

// The README's "Working on honoforge" command, verbatim, in a copy of the repository's
// tracked files (what a fresh clone holds): the service it creates must install, pass its
// tests and grow with `npx honoforge gen` on its own, with the checkout gone.
const root = join(workRoot, 'fresh-clone')
const checkout = join(root, 'honoforge')
const service = join(root, 'my-api')
const version = packageInfo().version
const inService = (command: string, ...args: string[]) => run(command, args, { cwd: service, env: serviceEnv() })

/** The README's command, read from the README so the test follows any change to it. */
function readmeCommand(): string {
  const readme = readFileSync(join(packageInfo().root, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('## Working on honoforge'))
  const command = /^# Create a service from this checkout\n(.+)$/m.exec(section)?.[1]
  if (!command)
    throw new Error('README.md: no command under "# Create a service from this checkout" in "Working on honoforge"')
  return command
}

/** Copy the files git tracks (working-tree contents, so uncommitted edits are tested too). */
function copyTrackedFiles(from: string, to: string): void {
  const listed = run('git', ['ls-files', '-z'], { cwd: from })
  if (listed.status !== 0)
    throw new Error(`git ls-files failed in ${from}: the fresh-clone test needs a git checkout\n${output(listed)}`)
  for (const path of listed.stdout.split('\0').filter(Boolean)) {
    const source = join(from, path)
    if (!existsSync(source)) continue // deleted in the working tree: a clone of the next commit lacks it too
    mkdirSync(dirname(join(to, path)), { recursive: true })
    copyFileSync(source, join(to, path))
    chmodSync(join(to, path), statSync(source).mode)
  }
}

beforeAll(() => {
  rmSync(root, { recursive: true, force: true })
  copyTrackedFiles(packageInfo().root, checkout)
  node22BinDir()
})

describe("the README's command on a fresh clone", () => {
  it('Should create ../my-api from the checkout and install it', () => {
    const command = readmeCommand()
    expect(command).toBe('npm install && npm run build && node dist/cli/create.js ../my-api')
    // This machine's Node (20 here) runs the command, as the README allows; no TTY.
    const env = {
      ...process.env,
      NO_COLOR: '1',
      VITEST: undefined,
      VITEST_POOL_ID: undefined,
      VITEST_WORKER_ID: undefined,
      NODE_ENV: undefined,
    }
    const result = run('sh', ['-c', command], { cwd: checkout, env })
    expect(result.status, output(result)).toBe(0)
    expect(result.stdout).toContain(`so the service carries it as vendor/create-honoforge-${version}.tgz`)
    const manifest = JSON.parse(readFileSync(join(service, 'package.json'), 'utf8'))
    expect(manifest.devDependencies['create-honoforge']).toBe(`file:vendor/create-honoforge-${version}.tgz`)
    expect(existsSync(join(service, 'node_modules', 'create-honoforge', 'dist', 'cli', 'honoforge.js'))).toBe(true)
    expect(readFileSync(join(service, 'README.md'), 'utf8')).toContain(
      `kept in \`vendor/create-honoforge-${version}.tgz\``,
    )
  })

  it('Should keep a publish stamp out of the checkout, and put it in what npm publish would upload', () => {
    const result = run('npm', ['publish', '--dry-run', '--json'], { cwd: checkout })
    expect(result.status, output(result)).toBe(0)
    const report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')))
    const files = (report['create-honoforge'] ?? report).files.map((file: { path: string }) => file.path)
    expect(files).toContain('dist/release.json')
    expect(existsSync(join(checkout, 'dist', 'release.json'))).toBe(false)
  })

  it('Should refer to nothing in the checkout, which it no longer needs', () => {
    for (const file of ['package.json', 'package-lock.json']) {
      expect(readFileSync(join(service, file), 'utf8'), file).not.toContain(checkout)
    }
    rmSync(checkout, { recursive: true, force: true })
  })

  it('Should pass its own tests', () => {
    const result = inService('npm', 'test')
    expect(result.status, output(result)).toBe(0)
    expect(result.stdout).toMatch(/Tests\s+\d+ passed/)
  })

  it('Should grow with npx honoforge gen', () => {
    const result = inService('npx', 'honoforge', 'gen', 'resource', 'posts', 'title:string', 'body:text?')
    expect(result.status, output(result)).toBe(0)
    expect(existsSync(join(service, 'src', 'routes', 'posts', 'index.ts'))).toBe(true)
    expect(existsSync(join(service, 'test', 'posts.test.ts'))).toBe(true)
  })

  it('Should install again from a clone of its own git repository elsewhere', () => {
    const clone = join(root, 'moved', 'my-api')
    const cloned = run('git', ['clone', '--quiet', service, clone], { cwd: root })
    expect(cloned.status, output(cloned)).toBe(0)
    // npm install, not npm ci: vite 8.4 lists an optional dependency the registry here lacks,
    // which npm install skips but npm ci reports as a lockfile mismatch (not ours to fix here).
    const install = run('npm', ['install', '--no-audit', '--no-fund'], { cwd: clone, env: serviceEnv() })
    expect(install.status, output(install)).toBe(0)
    expect(existsSync(join(clone, 'node_modules', 'create-honoforge', 'dist', 'cli', 'honoforge.js'))).toBe(true)
    const help = run('npx', ['honoforge', '--help'], { cwd: clone, env: serviceEnv() })
    expect(help.status, output(help)).toBe(0)
  })
})
