import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createCommand } from '../../src/cli/create-command.js'
import { honoforgeCommand } from '../../src/cli/honoforge-command.js'
import { runCli } from '../../src/cli/run.js'
import type { Exec } from '../../src/create/exec.js'
import type { CreateRuntime } from '../../src/create/index.js'
import type { Prompter } from '../../src/create/prompts.js'
import { CancelledError } from '../../src/errors.js'
import { packageInfo } from '../../src/package-info.js'
import { fixturesRoot, miniTemplate } from '../fixtures/mini-template.js'

let cwd: string
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'honoforge-cli-'))
})
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true })
})

/** Run create-honoforge in-process against the fixture template, capturing its output. */
async function create(args: string[], overrides: Partial<CreateRuntime> = {}) {
  const out: string[] = []
  const err: string[] = []
  const runtime: CreateRuntime = {
    cwd,
    env: {},
    stdinIsTTY: false,
    stdout: (text) => out.push(stripVTControlCharacters(text)),
    stderr: (text) => err.push(stripVTControlCharacters(text)),
    template: { config: miniTemplate, root: fixturesRoot },
    // A registry release unless a test says otherwise: vendoring has its own tests below.
    self: { ...packageInfo(), release: true },
    ...overrides,
  }
  const code = await runCli(createCommand, args, runtime)
  return { code, stdout: out.join('\n'), stderr: err.join('\n') }
}

/** stderr without the Node-version warning this machine may add. */
const errors = (stderr: string) => stderr.replace(/^Warning: Node .*\n?/m, '')

describe('create-honoforge', () => {
  it('--help lists every flag, including the negations', async () => {
    const { code, stdout } = await create(['--help'])
    expect(code).toBe(0)
    for (const flag of [
      '[DIR]',
      '--name=<worker-name>',
      '--db=<d1|postgres|none>',
      '--auth=<jwt|jwks|none>',
      '--docs',
      '--no-docs',
      '--pm=<npm|pnpm|yarn|bun>',
      '--install',
      '--no-install',
      '--git',
      '--no-git',
      '-y, --yes',
      '--force',
    ]) {
      expect(stdout).toContain(flag)
    }
    expect(stdout.replace(packageInfo().version, '<version>')).toMatchSnapshot()
  })

  it('--version prints the package version', async () => {
    expect(await create(['--version'])).toMatchObject({ code: 0, stdout: packageInfo().version })
  })

  it('creates a project without prompting, with the next steps', async () => {
    const { code, stdout, stderr } = await create(['my-api', '--yes', '--no-install', '--no-git'])
    expect(errors(stderr)).toBe('')
    expect(code).toBe(0)
    expect(JSON.parse(await readFile(join(cwd, 'my-api', 'package.json'), 'utf8')).name).toBe('my-api')
    expect(await readdir(cwd)).toEqual(['my-api'])
    // Plain lines, as a log or a pipe gets them: the intro, each step, the next steps, the close.
    expect(stdout.replace(packageInfo().version, '<version>').replace(cwd, '<cwd>')).toMatch(
      /^create-honoforge <version>\nCreated my-api in <cwd>\/my-api \(\d+ files\)\.\n\nNext steps:\n {2}cd my-api\n {2}npm install\n {2}npm run openapi\n {2}npm run dev\n {2}npm test\n {2}npm run deploy\n\nmy-api is ready\.$/,
    )
  })

  it('applies the flags: --db none --auth none --no-docs --pm pnpm --name', async () => {
    const args = [
      'svc',
      '--name',
      'orders',
      '--db',
      'none',
      '--auth=none',
      '--no-docs',
      '--pm',
      'pnpm',
      '--no-install',
      '--no-git',
    ]
    const { code, stdout } = await create(args)
    expect(code).toBe(0)
    const files = await readdir(join(cwd, 'svc'), { recursive: true })
    expect(files).not.toContain('migrations')
    expect(files).not.toContain(join('src', 'middleware', 'auth.ts'))
    expect(JSON.parse(await readFile(join(cwd, 'svc', 'package.json'), 'utf8')).name).toBe('orders')
    expect(stdout).toContain('pnpm run deploy')
  })

  it('refuses a non-empty directory without --force: exit 1, directory unchanged', async () => {
    await mkdir(join(cwd, 'taken'))
    await writeFile(join(cwd, 'taken', 'notes.txt'), 'mine')
    const { code, stderr } = await create(['taken', '--yes', '--no-install', '--no-git'])
    expect(code).toBe(1)
    expect(errors(stderr)).toMatch(/^Target directory ".*taken" is not empty\. .*--force/)
    expect(await readdir(join(cwd, 'taken'))).toEqual(['notes.txt'])
    expect(await readdir(cwd)).toEqual(['taken'])
  })

  it('--force writes into a non-empty directory and keeps unrelated files', async () => {
    await mkdir(join(cwd, 'taken'))
    await writeFile(join(cwd, 'taken', 'notes.txt'), 'mine')
    const { code } = await create(['taken', '--yes', '--force', '--no-install', '--no-git'])
    expect(code).toBe(0)
    expect(await readFile(join(cwd, 'taken', 'notes.txt'), 'utf8')).toBe('mine')
    expect(await readdir(join(cwd, 'taken'))).toContain('package.json')
  })

  it.each([
    [['--name', 'My_API'], /Invalid name "My_API": it must start with a lowercase letter/],
    [['--name', '../x'], /must not contain path separators/],
    [['--name', 'x'.repeat(64)], /at most 63/],
    [['--name', 'api-'], /must not end with a dash/],
    [['--name='], /must not be empty/],
    [['--db', 'mysql'], /Invalid --db value "mysql"\. Allowed: d1, postgres, none\./],
    [['--pm', 'deno'], /Allowed: npm, pnpm, yarn, bun\./],
    [['--no-instal'], /Unknown option --no-instal\. Run "create-honoforge --help"/],
    [['second-dir'], /Unexpected argument "second-dir"/],
  ])('%j fails with exit 1 and writes nothing', async (extra, message) => {
    const { code, stderr } = await create(['my-api', '--yes', '--no-install', '--no-git', ...extra])
    expect(code).toBe(1)
    expect(errors(stderr)).toMatch(message)
    expect(errors(stderr)).not.toMatch(/\n\s+at /) // no stack trace
    expect(await readdir(cwd)).toEqual([])
  })

  it('a derived name that breaks a rule asks for --name', async () => {
    const { code, stderr } = await create(['2024', '--yes', '--no-install', '--no-git'])
    expect(code).toBe(1)
    expect(errors(stderr)).toMatch(/Cannot use the directory "2024" as the name.*Pass --name/)
    expect(await readdir(cwd)).toEqual([])
  })

  it('a cancelled prompt exits 130 with a short message and writes nothing', async () => {
    const cancel = () => Promise.reject(new CancelledError('Cancelled: nothing was written.'))
    const prompter: Prompter = { text: cancel, select: cancel, confirm: cancel }
    const { code, stderr } = await create([], { stdinIsTTY: true, prompter })
    expect(code).toBe(130)
    expect(errors(stderr)).toBe('Cancelled: nothing was written.')
    expect(await readdir(cwd)).toEqual([])
  })

  it('asks on a TTY, then installs and commits with the chosen tools', async () => {
    const prompter: Prompter = {
      text: async ({ defaultValue }) => defaultValue,
      select: async ({ initialValue }) => initialValue,
      confirm: async ({ initialValue }) => initialValue,
    }
    // Answers `git config user.*` as a machine with an identity would.
    const exec = vi.fn<Exec>(async (_command, args) => ({
      code: 0,
      signal: null,
      stdout: args[0] === 'config' ? 'Ada\n' : '',
      stderr: '',
    }))
    const env = { npm_config_user_agent: 'yarn/1.22.22 npm/? node/v20.20.2 linux x64' }
    const { code, stdout } = await create([], { stdinIsTTY: true, prompter, exec, env })
    expect(code).toBe(0)
    expect(await readdir(cwd)).toEqual(['my-api'])
    const commands = exec.mock.calls.map(([command, args]) => `${command} ${args.join(' ')}`)
    expect(commands[0]).toBe('yarn install')
    expect(commands).toContain('git init --quiet')
    expect(commands.at(-1)).toBe('git commit --quiet -m Initial commit from create-honoforge')
    // Each long step is a line when it starts and a line with its time when it ends.
    expect(stdout).toMatch(
      /Installing dependencies with yarn\.\.\.\nInstalled dependencies with yarn in \d+s\.\nGenerating the Env types\.\.\.\nGenerated the Env types \(worker-configuration\.d\.ts\) in \d+s\.\n/,
    )
    expect(stdout).toContain('Next steps:\n  cd my-api\n  yarn dev')
  })

  it('a failed install exits 1 but keeps the project, quotes the package manager and says how to retry', async () => {
    const exec: Exec = async () => ({ code: 1, signal: null, stdout: '', stderr: 'npm error code E404' })
    const { code, stdout, stderr } = await create(['my-api', '--yes', '--no-git'], { exec })
    expect(code).toBe(1)
    expect(stdout).toContain('Installing dependencies with npm...')
    expect(errors(stderr)).toBe(
      'npm install failed (exit code 1). Its last lines:\n  npm error code E404\nThe project was created in my-api; to retry: cd my-api && npm install',
    )
    expect(await readdir(join(cwd, 'my-api'))).toContain('package.json')
  })

  it('reports an unexpected error briefly, with the stack only under --verbose', async () => {
    const template = { config: { id: 'missing', features: [] }, root: fixturesRoot }
    const quiet = await create(['my-api', '--yes', '--no-install', '--no-git'], { template })
    expect(quiet.code).toBe(1)
    expect(errors(quiet.stderr)).toMatch(/^Unexpected error: Template "missing" not found.*\nRun again with --verbose/)
    expect(quiet.stderr).not.toMatch(/\n\s+at /)
    const verbose = await create(['my-api', '--yes', '--no-install', '--no-git', '--verbose'], { template })
    expect(verbose.stderr).toMatch(/\n\s+at /)
    expect(await readdir(cwd)).toEqual([])
  })
})

describe('create-honoforge when it is not the registry release', () => {
  const version = '9.8.7'
  const tarball = `vendor/create-honoforge-${version}.tgz`
  let root: string
  beforeEach(async () => {
    // A package root that looks built; npm pack itself is replaced by `exec` here.
    root = await mkdtemp(join(tmpdir(), 'honoforge-self-'))
    await mkdir(join(root, 'dist', 'cli'), { recursive: true })
    await writeFile(join(root, 'dist', 'cli', 'honoforge.js'), '')
  })
  afterEach(async () => {
    await rm(root, { recursive: true, force: true })
  })

  /** Answers `npm pack <root> ... --pack-destination <dir>` by writing a fake tarball there. */
  const packer = (result: { code: number; bytes?: string } = { code: 0, bytes: 'fake tarball' }) =>
    vi.fn<Exec>(async (command, args) => {
      if (command === 'npm' && args[0] === 'pack' && result.bytes !== undefined) {
        const destination = args[args.indexOf('--pack-destination') + 1]
        if (destination === undefined) throw new Error('npm pack without --pack-destination')
        await writeFile(join(destination, `create-honoforge-${version}.tgz`), result.bytes)
      }
      return { code: result.code, signal: null, stdout: '', stderr: result.code ? 'npm error pack failed' : '' }
    })

  it('vendors the running package and points the devDependency at it, relative to the service', async () => {
    const exec = packer()
    const { code, stdout } = await create(['my-api', '--yes', '--no-install', '--no-git'], {
      exec,
      self: { root, version, release: false },
    })
    expect(code).toBe(0)
    expect(exec.mock.calls.map(([command, args]) => [command, args.slice(0, 3)])).toEqual([
      ['npm', ['pack', root, '--ignore-scripts']],
    ])
    expect(await readFile(join(cwd, 'my-api', tarball), 'utf8')).toBe('fake tarball')
    const manifest = JSON.parse(await readFile(join(cwd, 'my-api', 'package.json'), 'utf8'))
    expect(manifest.devDependencies['create-honoforge']).toBe(`file:${tarball}`)
    expect(stdout).toContain(
      `create-honoforge ${version} from ${root} is not a registry release, so the service carries it as ${tarball}`,
    )
  })

  it('depends on the registry version and vendors nothing when it is the release', async () => {
    const exec = packer()
    const { code, stdout } = await create(['my-api', '--yes', '--no-install', '--no-git'], {
      exec,
      self: { root, version, release: true },
    })
    expect(code).toBe(0)
    expect(exec).not.toHaveBeenCalled()
    expect(await readdir(join(cwd, 'my-api'))).not.toContain('vendor')
    const manifest = JSON.parse(await readFile(join(cwd, 'my-api', 'package.json'), 'utf8'))
    expect(manifest.devDependencies['create-honoforge']).toBe(`^${version}`)
    expect(stdout).not.toContain('vendor')
  })

  it('writes the tarball into a non-empty directory with --force', async () => {
    await mkdir(join(cwd, 'taken'))
    await writeFile(join(cwd, 'taken', 'notes.txt'), 'mine')
    const { code } = await create(['taken', '--yes', '--force', '--no-install', '--no-git'], {
      exec: packer(),
      self: { root, version, release: false },
    })
    expect(code).toBe(0)
    expect(await readFile(join(cwd, 'taken', tarball), 'utf8')).toBe('fake tarball')
    expect(await readFile(join(cwd, 'taken', 'notes.txt'), 'utf8')).toBe('mine')
  })

  it('a failed npm pack exits 1 and writes nothing', async () => {
    const { code, stderr } = await create(['my-api', '--yes', '--no-install', '--no-git'], {
      exec: packer({ code: 1 }),
      self: { root, version, release: false },
    })
    expect(code).toBe(1)
    expect(errors(stderr)).toBe(`Cannot vendor create-honoforge: npm pack ${root} failed (npm error pack failed).`)
    expect(await readdir(cwd)).toEqual([])
  })

  it('an unbuilt package root exits 1 with what to run, and writes nothing', async () => {
    await rm(join(root, 'dist'), { recursive: true })
    const { code, stderr } = await create(['my-api', '--yes', '--no-install', '--no-git'], {
      exec: packer(),
      self: { root, version, release: false },
    })
    expect(code).toBe(1)
    expect(errors(stderr)).toBe(
      `Cannot vendor create-honoforge: ${join(root, 'dist')} is not built. Run npm run build in ${root} first.`,
    )
    expect(await readdir(cwd)).toEqual([])
  })
})

describe('honoforge', () => {
  async function honoforge(args: string[]) {
    const out: string[] = []
    const err: string[] = []
    const io = {
      cwd,
      env: {},
      stdinIsTTY: false,
      stdout: (t: string) => out.push(stripVTControlCharacters(t)),
      stderr: (t: string) => err.push(t),
    }
    return { code: await runCli(honoforgeCommand, args, io), stdout: out.join('\n'), stderr: err.join('\n') }
  }

  it.each([[['--help']], [[]]])('%j prints usage', async (args) => {
    const { code, stdout } = await honoforge(args)
    expect(code).toBe(0)
    expect(stdout).toMatch(/USAGE honoforge/)
  })

  it('rejects an unknown command with exit 1', async () => {
    expect(await honoforge(['frobnicate', 'notes'])).toMatchObject({
      code: 1,
      stderr: 'Unknown command "frobnicate". Run "honoforge --help" for usage.',
    })
  })
})
