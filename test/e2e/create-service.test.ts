import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import { node22BinDir, output, packTarball, run, serviceEnv, workRoot } from './toolchain.js'

// The path a user takes, from the packed tarball: create (no TTY) → install → the
// service's own checks → a deploy build. One service per flag combination.
const combinations = [
  { label: 'defaults (d1, jwt, docs)', flags: [] as string[], expectFiles: ['migrations/0001_create_notes.sql', 'src/middleware/auth.ts'] },
  { label: '--db none --auth none --no-docs', flags: ['--db', 'none', '--auth', 'none', '--no-docs'], expectFiles: [] },
]

let tgz: string
beforeAll(() => {
  tgz = packTarball()
  node22BinDir()
})

describe.each(combinations)('a service created with $label', ({ flags, expectFiles }) => {
  const name = `svc-${flags.length === 0 ? 'default' : 'minimal'}`
  const parent = join(workRoot, 'services')
  const dir = join(parent, name)
  const env = () => serviceEnv()
  const npm = (...args: string[]) => run('npm', args, { cwd: dir, env: env() })

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
    for (const file of ['package.json', 'wrangler.jsonc', 'public/openapi.json', '.gitignore', ...expectFiles]) {
      expect(existsSync(join(dir, file)), file).toBe(true)
    }
    if (flags.includes('none')) {
      expect(existsSync(join(dir, 'migrations'))).toBe(false)
      expect(existsSync(join(dir, 'src/middleware/auth.ts'))).toBe(false)
    }
  })

  it('Should install, pointing its create-honoforge devDependency at the tarball', () => {
    // The package is not published yet: the service would otherwise ask the registry for it.
    expect(npm('pkg', 'set', `devDependencies.create-honoforge=file:${tgz}`).status).toBe(0)
    const result = npm('install', '--no-audit', '--no-fund')
    expect(result.status, output(result)).toBe(0)
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

  it('Should build within its size budget', () => {
    const result = npm('run', 'size')
    expect(result.status, output(result)).toBe(0)
    const kb = Number(/Worker: ([\d.]+) KB gzip/.exec(result.stdout)?.[1])
    expect(kb).toBeGreaterThan(5)
    expect(kb).toBeLessThanOrEqual(30)
  })

  it('Should build for deploy with wrangler deploy --dry-run', () => {
    const out = join(dir, 'dist')
    const result = npm('exec', '--', 'wrangler', 'deploy', '--dry-run', '--outdir', out, '--env', 'production')
    expect(result.status, output(result)).toBe(0)
    const bundle = readdirSync(out).find((file) => file.endsWith('.js'))
    expect(bundle).toBeDefined()
    expect(readFileSync(join(out, bundle!), 'utf8')).toContain('problem+json')
  })

  it('Should regenerate an identical openapi.json', () => {
    const before = readFileSync(join(dir, 'public', 'openapi.json'), 'utf8')
    const result = npm('run', 'openapi')
    expect(result.status, output(result)).toBe(0)
    expect(readFileSync(join(dir, 'public', 'openapi.json'), 'utf8')).toBe(before)
  })

  it('Should offer the honoforge command from its devDependency', () => {
    const result = npm('exec', '--', 'honoforge', '--help')
    expect(result.status, output(result)).toBe(0)
    expect(result.stdout).toContain('honoforge')
  })
})

describe('the packed tarball', () => {
  it('Should contain the built bins and templates, with dotfiles renamed', () => {
    const listing = run('tar', ['-tzf', tgz], { cwd: workRoot }).stdout
    expect(listing).toContain('package/dist/cli/create.js')
    expect(listing).toContain('package/dist/cli/honoforge.js')
    expect(listing).toContain('package/templates/service/_gitignore')
    expect(listing).toContain('package/templates/openapi/d1-jwt-docs.json')
    expect(listing).not.toMatch(/package\/templates\/.*\/\.gitignore/)
    expect(gunzipSync(readFileSync(tgz)).length).toBeGreaterThan(0)
  })
})
