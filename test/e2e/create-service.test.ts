import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { assert, beforeAll, describe, expect, it } from 'vitest'
import { packageInfo } from '../../src/package-info.js'
import { node22BinDir, output, packTarball, run, serviceEnv, tarballEntries, workRoot } from './toolchain.js'

// The path a user takes, from the packed tarball: create (no TTY) → install → the
// service's own checks → a deploy build. One service per flag combination.
const combinations = [
  {
    label: 'defaults (d1, jwt, docs)',
    name: 'svc-default',
    flags: [] as string[],
    expectFiles: ['migrations/0001_create_notes.sql', 'src/middleware/auth.ts'],
    budgetKb: 30,
  },
  {
    label: '--db none --auth none --no-docs',
    name: 'svc-minimal',
    flags: ['--db', 'none', '--auth', 'none', '--no-docs'],
    expectFiles: [],
    budgetKb: 30,
  },
  // Tokens from an identity provider: its suite serves a JWKS of its own, no network. The key
  // cache and the issuer, audience and clock checks cost about 1 KB over the HS256 secret.
  {
    label: '--auth jwks',
    name: 'svc-jwks',
    flags: ['--auth', 'jwks'],
    expectFiles: ['src/lib/jwks.ts', 'test/identity-provider.ts', 'test/jwks.test.ts'],
    budgetKb: 31,
  },
]

let tgz: string
beforeAll(() => {
  tgz = packTarball()
  node22BinDir()
})

describe.each(combinations)('a service created with $label', ({ name, flags, expectFiles, budgetKb }) => {
  const parent = join(workRoot, 'services')
  const dir = join(parent, name)
  const env = () => serviceEnv()
  const npm = (...args: string[]) => run('npm', args, { cwd: dir, env: env() })
  const hasD1 = !flags.includes('none')

  it('Should be created by the packed CLI without a TTY', () => {
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(parent, { recursive: true })
    const result = run(
      'npm',
      ['exec', '--yes', `--package=${tgz}`, '--', 'create-honoforge', name, ...flags, '--no-install', '--no-git'],
      { cwd: parent },
    )
    expect(result.status, output(result)).toBe(0)
    expect(result.stdout).toContain('npm run dev')
    // Without install, the document is built by the service's own code once it is installed.
    expect(result.stdout).toContain('  npm install\n  npm run openapi\n')
    expect(existsSync(join(dir, 'public', 'openapi.json'))).toBe(false)
    expect(existsSync(join(dir, 'client', 'api.d.ts'))).toBe(false)
    expect(result.stdout).toContain('is not a registry release')
    for (const file of ['package.json', 'wrangler.jsonc', '.gitignore', ...expectFiles]) {
      expect(existsSync(join(dir, file)), file).toBe(true)
    }
    if (flags.includes('none')) {
      expect(existsSync(join(dir, 'migrations'))).toBe(false)
      expect(existsSync(join(dir, 'src/middleware/auth.ts'))).toBe(false)
    }
  })

  it('Should carry the packed CLI in vendor/, since it is not the registry release', () => {
    const version = packageInfo().version
    const vendored = join(dir, 'vendor', `create-honoforge-${version}.tgz`)
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    expect(manifest.devDependencies['create-honoforge']).toBe(`file:vendor/create-honoforge-${version}.tgz`)
    // Packed again from the copy npm exec installed: the same files as the tarball it came from.
    expect(tarballEntries(vendored)).toEqual(tarballEntries(tgz))
  })

  it('Should install as created, with no path outside the service', () => {
    const result = npm('install', '--no-audit', '--no-fund')
    expect(result.status, output(result)).toBe(0)
    // No peer dependency npm had to override (the client types' tools among them).
    expect(output(result)).not.toContain('ERESOLVE')
    const lock = readFileSync(join(dir, 'package-lock.json'), 'utf8')
    expect(lock).toContain('"resolved": "file:vendor/create-honoforge-')
    expect(lock).not.toContain(workRoot)
  })

  it('Should build its OpenAPI document and client types as the next steps say', () => {
    const result = npm('run', 'openapi')
    expect(result.status, output(result)).toBe(0)
    const document = JSON.parse(readFileSync(join(dir, 'public', 'openapi.json'), 'utf8'))
    expect(document.openapi).toBe('3.1.0')
    expect(Object.keys(document.paths)).toContain('/health')
    expect(Object.keys(document.paths).includes('/notes')).toBe(hasD1)
    const types = readFileSync(join(dir, 'client', 'api.d.ts'), 'utf8')
    expect(types).toContain('"/health": {')
    expect(types.includes('"/notes/{id}": {')).toBe(hasD1)
  })

  it('Should pass its own tests inside workerd', () => {
    const result = npm('test')
    expect(result.status, output(result)).toBe(0)
    expect(result.stdout).toMatch(/Tests\s+\d+ passed/)
  })

  it('Should type-check', () => {
    const result = npm('run', 'typecheck')
    expect(result.status, output(result)).toBe(0)
  })

  it('Should pass its own lint (Biome: formatting, import order, rules) with nothing to change', () => {
    const result = npm('run', 'lint')
    expect(result.status, output(result)).toBe(0)
    expect(`${result.stdout}${result.stderr}`).toMatch(/Checked \d+ files/)
  })

  it('Should build within its size budget', () => {
    const result = npm('run', 'size')
    expect(result.status, output(result)).toBe(0)
    const kb = Number(/Worker: ([\d.]+) KB gzip/.exec(result.stdout)?.[1])
    expect(kb).toBeGreaterThan(5)
    expect(kb).toBeLessThanOrEqual(budgetKb)
  })

  it('Should build for deploy with wrangler deploy --dry-run', () => {
    const out = join(dir, 'dist')
    const result = npm('exec', '--', 'wrangler', 'deploy', '--dry-run', '--outdir', out, '--env', 'production')
    expect(result.status, output(result)).toBe(0)
    const bundle = readdirSync(out).find((file) => file.endsWith('.js'))
    assert(bundle, 'wrangler wrote no .js bundle')
    expect(readFileSync(join(out, bundle), 'utf8')).toContain('problem+json')
  })

  it('Should regenerate an identical openapi.json and client types, with either script', () => {
    const files = [join(dir, 'public', 'openapi.json'), join(dir, 'client', 'api.d.ts')]
    const before = files.map((file) => readFileSync(file, 'utf8'))
    for (const script of ['openapi', 'client']) {
      const result = npm('run', script)
      expect(result.status, output(result)).toBe(0)
      expect(
        files.map((file) => readFileSync(file, 'utf8')),
        script,
      ).toEqual(before)
    }
  })

  it('Should offer the honoforge command from its devDependency', () => {
    const result = npm('exec', '--', 'honoforge', '--help')
    expect(result.status, output(result)).toBe(0)
    expect(result.stdout).toContain('honoforge')
  })

  it.runIf(hasD1)('Should have the notes resource exactly as honoforge gen writes it', () => {
    const result = npm('exec', '--', 'honoforge', 'gen', 'resource', 'notes', 'title:string', 'body:text?')
    expect(result.status, output(result)).toBe(0)
    expect(result.stdout).not.toMatch(/^(?:create|update|conflict) /m)
    expect(result.stdout).toMatch(/^\d+ identical$/m)
  })

  it.runIf(hasD1)('Should still type-check, lint and pass its tests once the notes resource is destroyed', () => {
    const destroyed = npm('exec', '--', 'honoforge', 'destroy', 'resource', 'notes')
    expect(destroyed.status, output(destroyed)).toBe(0)
    expect(existsSync(join(dir, 'src/routes/notes'))).toBe(false)
    for (const script of ['typecheck', 'lint', 'test']) {
      const result = npm('run', script)
      expect(result.status, `${script}\n${output(result)}`).toBe(0)
    }
  })
})

describe('the packed tarball', () => {
  it('Should contain the built bins and templates, with dotfiles renamed', () => {
    const listing = run('tar', ['-tzf', tgz], { cwd: workRoot }).stdout
    expect(listing).toContain('package/dist/cli/create.js')
    expect(listing).toContain('package/dist/cli/honoforge.js')
    expect(listing).toContain('package/templates/service/_gitignore')
    expect(listing).toContain('package/generator/resource/index.ts.hbs')
    // The document is built from each service's own code, never shipped prebuilt.
    expect(listing).not.toMatch(/openapi\.json/)
    expect(listing).not.toMatch(/package\/templates\/.*\/\.gitignore/)
    // Only npm publish stamps a release; a packed tarball makes services that vendor it.
    expect(listing).not.toContain('package/dist/release.json')
    expect(existsSync(join(packageInfo().root, 'dist', 'release.json'))).toBe(false)
    expect(gunzipSync(readFileSync(tgz)).length).toBeGreaterThan(0)
  })
})
