import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkTarget, inspectTarget, nodeVersionWarning } from '../../src/create/preflight.js'
import { CliError } from '../../src/errors.js'

describe('nodeVersionWarning', () => {
  it.each(['20.20.2', '22.11.0', 'v18.0.0', '21.99.0'])('warns on %s', (version) => {
    expect(nodeVersionWarning(version)).toMatch(/needs Node >= 22\.12\.0/)
  })

  it.each(['22.12.0', '22.13.1', '23.0.0', 'v24.3.0'])('is quiet on %s', (version) => {
    expect(nodeVersionWarning(version)).toBeUndefined()
  })
})

describe('checkTarget', () => {
  let root: string
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'honoforge-preflight-'))
  })
  afterEach(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('reports missing, empty and non-empty directories', async () => {
    expect(await inspectTarget(join(root, 'nope'))).toBe('missing')
    await mkdir(join(root, 'empty'))
    expect(await inspectTarget(join(root, 'empty'))).toBe('empty')
    await writeFile(join(root, 'empty', '.hidden'), '')
    expect(await inspectTarget(join(root, 'empty'))).toBe('non-empty')
  })

  it('refuses a non-empty directory without force, naming --force', async () => {
    await writeFile(join(root, 'file'), 'x')
    await expect(checkTarget(root, false)).rejects.toThrow(/is not empty.*--force/)
    await expect(checkTarget(root, false)).rejects.toBeInstanceOf(CliError)
    expect(await checkTarget(root, true)).toBe('non-empty')
  })

  it('refuses a target that is a file', async () => {
    await writeFile(join(root, 'file'), 'x')
    await expect(checkTarget(join(root, 'file'), true)).rejects.toThrow(/not a directory/)
  })
})
