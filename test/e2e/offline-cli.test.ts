import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { packageInfo } from '../../src/package-info.js'
import { writeReleaseStamp } from '../../src/release-stamp.js'
import { installPackedCli, output, packTarball, run, workRoot } from './toolchain.js'

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'))

// The bin as installed from the tarball, run with networking disabled (a fresh network
// namespace has no routes) where the machine allows it: creating a project must not need
// the network; only the install that follows does.
const prefix = join(workRoot, 'cli')
const cwd = join(workRoot, 'offline')
let bin: string
let offline: (args: string[]) => ReturnType<typeof run>

beforeAll(() => {
  bin = join(installPackedCli('cli'), 'create-honoforge')
  rmSync(cwd, { recursive: true, force: true })
  mkdirSync(cwd, { recursive: true })
  const canUnshare = run('unshare', ['-n', 'true'], { cwd }).status === 0
  // No retries: an offline install should fail at once rather than back off for minutes.
  const env = { ...process.env, npm_config_fetch_retries: '0' }
  offline = (args) => (canUnshare ? run('unshare', ['-n', bin, ...args], { cwd, env }) : run(bin, args, { cwd, env }))
})

describe('create-honoforge from the tarball, offline', () => {
  it('Should write a project with no network, vendoring the unpublished CLI into it', () => {
    const result = offline(['svc', '--yes', '--no-install', '--no-git'])
    expect(result.status, output(result)).toBe(0)
    expect(existsSync(join(cwd, 'svc', 'wrangler.jsonc'))).toBe(true)
    const version = packageInfo().version
    expect(existsSync(join(cwd, 'svc', 'vendor', `create-honoforge-${version}.tgz`))).toBe(true)
    expect(readJson(join(cwd, 'svc', 'package.json')).devDependencies['create-honoforge']).toBe(
      `file:vendor/create-honoforge-${version}.tgz`,
    )
  })

  it('Should depend on the registry version and vendor nothing when run as the published release', () => {
    // The tarball as npm publish makes it: the same files plus the release stamp.
    const stamped = join(workRoot, 'stamped')
    rmSync(stamped, { recursive: true, force: true })
    mkdirSync(stamped, { recursive: true })
    expect(run('tar', ['-xzf', packTarball(), '-C', stamped], { cwd: stamped }).status).toBe(0)
    writeReleaseStamp({ root: join(stamped, 'package'), version: packageInfo().version })
    const packed = run('npm', ['pack', join(stamped, 'package'), '--ignore-scripts', '--pack-destination', stamped], {
      cwd: stamped,
    })
    expect(packed.status, output(packed)).toBe(0)
    const releasePrefix = join(stamped, 'cli')
    const tgz = join(stamped, `create-honoforge-${packageInfo().version}.tgz`)
    const installed = run('npm', ['install', '--prefix', releasePrefix, '--no-audit', '--no-fund', tgz], {
      cwd: stamped,
    })
    expect(installed.status, output(installed)).toBe(0)

    const releaseBin = join(releasePrefix, 'node_modules', '.bin', 'create-honoforge')
    const result = run(releaseBin, ['released', '--yes', '--no-install', '--no-git'], { cwd })
    expect(result.status, output(result)).toBe(0)
    expect(result.stdout).not.toContain('registry release')
    expect(existsSync(join(cwd, 'released', 'vendor'))).toBe(false)
    expect(readJson(join(cwd, 'released', 'package.json')).devDependencies['create-honoforge']).toBe(
      `^${packageInfo().version}`,
    )
  })

  it('Should install nothing but itself: no dependencies, no Handlebars compiler', () => {
    // The bins are bundled and the templates precompiled, as create-vite ships.
    expect(readJson(join(prefix, 'node_modules', 'create-honoforge', 'package.json')).dependencies ?? {}).toEqual({})
    expect(readdirSync(join(prefix, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual([
      'create-honoforge',
    ])
    for (const name of ['handlebars', 'uglify-js', 'source-map'])
      expect(existsSync(join(prefix, 'node_modules', name)), name).toBe(false)
  })

  it('Should not install node-plop: honoforge gen explains where it comes from', () => {
    // node-plop is an optional peer dependency: `npm create` skips it, services list it.
    expect(existsSync(join(prefix, 'node_modules', 'node-plop'))).toBe(false)
    const honoforge = join(prefix, 'node_modules', '.bin', 'honoforge')
    const result = run(honoforge, ['gen', 'resource', 'posts', 'title:string'], { cwd: join(cwd, 'svc') })
    expect(result.status, output(result)).toBe(1)
    expect(result.stderr).toMatch(/node-plop/)
  })

  it('Should run with no flags and no TTY without waiting for input', () => {
    // Defaults apply: dir my-api, then install, which fails here for want of a network;
    // the project stays complete and the message says how to retry.
    const result = offline([])
    expect(result.error, output(result)).toBeUndefined()
    expect(existsSync(join(cwd, 'my-api', 'src', 'index.ts'))).toBe(true)
    if (result.status !== 0) expect(result.stderr).toMatch(/install/i)
  })

  it('Should print --help and --version', () => {
    const help = offline(['--help'])
    expect(help.status, output(help)).toBe(0)
    for (const flag of ['--name', '--db', '--auth', '--docs', '--pm', '--install', '--git', '--yes', '--force']) {
      expect(help.stdout).toContain(flag)
    }
    const version = offline(['--version'])
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('Should refuse a non-empty directory without --force and write nothing', () => {
    mkdirSync(join(cwd, 'taken'), { recursive: true })
    writeFileSync(join(cwd, 'taken', 'notes.txt'), 'mine')
    const result = offline(['taken', '--yes', '--no-install', '--no-git'])
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/not empty/i)
    expect(readdirSync(join(cwd, 'taken'))).toEqual(['notes.txt'])
  })

  it.each([
    ['../escape', /\.\./],
    ['Bad_Name', /lowercase/i],
    ['a'.repeat(64), /63/],
  ])('Should reject --name %s with exit 1 and write nothing', (name, message) => {
    const before = readdirSync(cwd).sort()
    const result = offline(['named', '--name', name, '--yes', '--no-install', '--no-git'])
    expect(result.status, output(result)).toBe(1)
    expect(result.stderr).toMatch(message)
    expect(readdirSync(cwd).sort()).toEqual(before)
  })
})
