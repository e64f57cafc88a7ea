import { describe, expect, it } from 'vitest'
import type { Exec, ExecResult } from '../../src/create/exec.js'
import { postInstallScripts, runPostInstallScript } from '../../src/create/post-install.js'

const result = (code: number): ExecResult => ({ code, signal: null, stdout: '', stderr: '' })
const [typegen, openapi] = postInstallScripts

describe('runPostInstallScript', () => {
  it('runs the service script with the chosen package manager', async () => {
    const calls: string[] = []
    const exec: Exec = async (command, args, options) => {
      calls.push(`${options.cwd}: ${command} ${args.join(' ')}`)
      return result(0)
    }
    expect(await runPostInstallScript('pnpm', '/p/my-api', typegen, exec)).toEqual({
      status: 'done',
      message: typegen.done,
    })
    expect(await runPostInstallScript('npm', '/p/my-api', openapi, exec)).toEqual({
      status: 'done',
      message: openapi.done,
    })
    expect(calls).toEqual(['/p/my-api: pnpm cf-typegen', '/p/my-api: npm run openapi'])
  })

  it('reports a failure as a hint, without throwing', async () => {
    const outcome = await runPostInstallScript('npm', '/p/my-api', openapi, async () => result(1))
    expect(outcome).toEqual({
      status: 'failed',
      message: expect.stringContaining('Run `npm run openapi` to build public/openapi.json'),
    })
  })

  it('treats a package manager that cannot start as a failure', async () => {
    const outcome = await runPostInstallScript('bun', '/p/my-api', typegen, async () => {
      throw Object.assign(new Error('spawn bun ENOENT'), { code: 'ENOENT' })
    })
    expect(outcome.status).toBe('failed')
  })
})
