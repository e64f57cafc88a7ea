import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Exec, ExecResult } from '../../src/create/exec.js'
import { initGitRepository, initialCommitMessage } from '../../src/create/git.js'
import { installDependencies } from '../../src/create/install.js'
import { CancelledError, CliError } from '../../src/errors.js'

const ok: ExecResult = { code: 0, signal: null, stdout: '', stderr: '' }
const enoent = () => Object.assign(new Error('spawn pnpm ENOENT'), { code: 'ENOENT' })

describe('installDependencies', () => {
  it('runs "<pm> install" in the project', async () => {
    const exec = vi.fn<Exec>(async () => ok)
    await installDependencies('pnpm', '/p/my-api', 'my-api', exec)
    expect(exec).toHaveBeenCalledWith('pnpm', ['install'], expect.objectContaining({ cwd: '/p/my-api' }))
  })

  it('fails with the last lines of the output and a retry hint when the install fails', async () => {
    const stdout = Array.from({ length: 30 }, (_, i) => `progress ${i + 1}`).join('\n')
    const exec: Exec = async () => ({
      ...ok,
      code: 1,
      stdout,
      stderr: '\u001b[31mnpm error\u001b[39m code ECONNREFUSED\n\n',
    })
    const error = await installDependencies('npm', '/p/my-api', 'my-api', exec).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CliError)
    const tail = [...Array.from({ length: 19 }, (_, i) => `  progress ${i + 12}`), '  npm error code ECONNREFUSED']
    expect((error as CliError).message).toBe(
      [
        'npm install failed (exit code 1). Its last lines:',
        ...tail,
        'The project was created in my-api; to retry: cd my-api && npm install',
      ].join('\n'),
    )
  })

  it('says when a failed install printed nothing', async () => {
    const exec: Exec = async () => ({ ...ok, code: null, signal: 'SIGKILL' })
    await expect(installDependencies('npm', '/p/x', 'x', exec)).rejects.toThrow(
      'npm install failed (killed by SIGKILL). It printed nothing. The project was created in x; to retry: cd x && npm install',
    )
  })

  it('says so when the package manager is missing', async () => {
    const exec: Exec = async () => {
      throw enoent()
    }
    await expect(installDependencies('pnpm', '/p/x', 'x', exec)).rejects.toThrow(
      /pnpm was not found on PATH.*cd x && pnpm install/,
    )
  })

  it('treats an install stopped by Ctrl-C as a cancel (exit 130) and keeps the project', async () => {
    const exec: Exec = async () => ({ ...ok, code: null, signal: 'SIGINT' })
    const error = await installDependencies('yarn', '/p/x', 'x', exec).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CancelledError)
    expect((error as CancelledError).exitCode).toBe(130)
    expect((error as CancelledError).message).toMatch(/Install interrupted.*cd x && yarn install/)
  })
})

describe('initGitRepository', () => {
  let dir: string
  let home: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'honoforge-git-'))
    home = await mkdtemp(join(tmpdir(), 'honoforge-home-'))
    await writeFile(join(dir, 'package.json'), '{}\n')
    await mkdir(join(dir, 'src'))
    await writeFile(join(dir, 'src', 'index.ts'), 'export {}\n')
    // An empty global config: no identity, no init.defaultBranch surprises from this machine.
    await writeFile(join(home, '.gitconfig'), '')
    vi.stubEnv('HOME', home)
    vi.stubEnv('XDG_CONFIG_HOME', home)
    vi.stubEnv('GIT_CONFIG_NOSYSTEM', '1')
    vi.stubEnv('GIT_CONFIG_GLOBAL', join(home, '.gitconfig'))
    for (const name of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL'])
      vi.stubEnv(name, undefined)
  })
  afterEach(async () => {
    vi.unstubAllEnvs()
    await rm(dir, { recursive: true, force: true })
    await rm(home, { recursive: true, force: true })
  })

  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim()

  it('commits every file, with a fallback identity when git has none', async () => {
    expect(await initGitRepository(dir)).toEqual({ status: 'committed', identity: 'fallback' })
    expect(git('log', '--format=%an <%ae>|%s')).toBe(`honoforge <honoforge@localhost>|${initialCommitMessage}`)
    expect(git('ls-files').split('\n')).toEqual(['package.json', 'src/index.ts'])
    expect(git('status', '--porcelain')).toBe('')
  })

  it('uses the configured identity when there is one', async () => {
    await writeFile(join(home, '.gitconfig'), '[user]\n\tname = Ada\n\temail = ada@example.com\n')
    expect(await initGitRepository(dir)).toEqual({ status: 'committed', identity: 'configured' })
    expect(git('log', '--format=%an <%ae>')).toBe('Ada <ada@example.com>')
  })

  it('skips a directory that is already inside a repository', async () => {
    execFileSync('git', ['init', '--quiet'], { cwd: dir })
    const nested = join(dir, 'src')
    expect(await initGitRepository(nested)).toEqual({
      status: 'skipped',
      reason: 'the directory is already inside a git repository',
    })
  })

  it('skips quietly when git is not on PATH', async () => {
    const exec: Exec = async () => {
      throw enoent()
    }
    expect(await initGitRepository(dir, exec)).toEqual({ status: 'skipped', reason: 'git was not found on PATH' })
  })

  it('reports a failed commit instead of throwing', async () => {
    const exec: Exec = async (_command, args) =>
      args.includes('commit')
        ? { ...ok, code: 1, stderr: 'error: gpg failed to sign the data\nfatal: failed' }
        : args[0] === 'rev-parse'
          ? { ...ok, code: 128 }
          : ok
    expect(await initGitRepository(dir, exec)).toEqual({
      status: 'initialised',
      reason: 'the first commit failed: error: gpg failed to sign the data',
    })
  })
})
