import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { exec } from '../../src/create/exec.js'
import { chooseHonoforgeDependency, dependencySpec, packHonoforge } from '../../src/create/honoforge-dependency.js'
import { CliError } from '../../src/errors.js'

describe('chooseHonoforgeDependency and dependencySpec', () => {
  it.each([
    [true, '0.1.0', { source: 'registry', version: '0.1.0' }, '^0.1.0'],
    [
      false,
      '0.1.0',
      { source: 'vendored', version: '0.1.0', tarball: 'vendor/create-honoforge-0.1.0.tgz' },
      'file:vendor/create-honoforge-0.1.0.tgz',
    ],
    [
      false,
      '1.0.0-rc.1',
      { source: 'vendored', version: '1.0.0-rc.1', tarball: 'vendor/create-honoforge-1.0.0-rc.1.tgz' },
      'file:vendor/create-honoforge-1.0.0-rc.1.tgz',
    ],
  ])('release=%s, version %s', (release, version, dependency, spec) => {
    expect(chooseHonoforgeDependency(version, release)).toEqual(dependency)
    expect(dependencySpec(chooseHonoforgeDependency(version, release))).toBe(spec)
  })
})

describe('packHonoforge (real npm pack, offline)', () => {
  let root: string
  beforeEach(async () => {
    // A tiny stand-in package with the same `files` shape as create-honoforge.
    root = await mkdtemp(join(tmpdir(), 'honoforge-packroot-'))
    const manifest = {
      name: 'create-honoforge',
      version: '9.8.7',
      files: ['dist', 'templates'],
      scripts: { prepack: 'exit 1' },
    }
    await writeFile(join(root, 'package.json'), JSON.stringify(manifest))
    await mkdir(join(root, 'dist', 'cli'), { recursive: true })
    await writeFile(join(root, 'dist', 'cli', 'honoforge.js'), '#!/usr/bin/env node\n')
    await mkdir(join(root, 'templates'))
    await writeFile(join(root, 'templates', '_gitignore'), 'node_modules/\n')
    await writeFile(join(root, 'notes.txt'), 'not in files')
  })
  afterEach(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('returns the packed package as npm publishes it, without running its scripts', async () => {
    const bytes = await packHonoforge(root, exec)
    const tar = gunzipSync(bytes).toString('latin1')
    expect(tar).toContain('package/dist/cli/honoforge.js')
    expect(tar).toContain('package/templates/_gitignore')
    expect(tar).not.toContain('package/notes.txt')
    // The pack went to a temporary folder, not into the package or the current directory.
    expect((await readdir(root)).sort()).toEqual(['dist', 'notes.txt', 'package.json', 'templates'])
  })

  it('refuses an unbuilt package with what to run', async () => {
    await rm(join(root, 'dist'), { recursive: true })
    await expect(packHonoforge(root, exec)).rejects.toThrow(CliError)
    await expect(packHonoforge(root, exec)).rejects.toThrow(
      `${join(root, 'dist')} is not built. Run npm run build in ${root} first.`,
    )
  })

  it("reports a failing npm pack as a CliError with npm's message", async () => {
    await writeFile(join(root, 'package.json'), '{ not json')
    await expect(packHonoforge(root, exec)).rejects.toThrow(
      /^Cannot vendor create-honoforge: npm pack .* failed \(.+\)\.$/s,
    )
  })
})
