import { describe, expect, it } from 'vitest'
import type { Exec, ExecResult } from '../../src/create/exec.js'
import { generateTypes } from '../../src/create/typegen.js'

const result = (code: number): ExecResult => ({ code, signal: null, stdout: '', stderr: '' })

describe('generateTypes', () => {
  it('runs the cf-typegen script with the chosen package manager', async () => {
    const calls: string[] = []
    const exec: Exec = async (command, args, options) => {
      calls.push(`${options.cwd}: ${command} ${args.join(' ')}`)
      return result(0)
    }
    expect(await generateTypes('pnpm', '/p/my-api', exec)).toEqual({ status: 'generated' })
    expect(calls).toEqual(['/p/my-api: pnpm cf-typegen'])
  })

  it('reports a failure as a hint, without throwing', async () => {
    const outcome = await generateTypes('npm', '/p/my-api', async () => result(1))
    expect(outcome).toEqual({ status: 'failed', hint: expect.stringContaining('npm run cf-typegen') })
  })

  it('treats a package manager that cannot start as a failure', async () => {
    const outcome = await generateTypes('bun', '/p/my-api', async () => {
      throw Object.assign(new Error('spawn bun ENOENT'), { code: 'ENOENT' })
    })
    expect(outcome.status).toBe('failed')
  })
})
