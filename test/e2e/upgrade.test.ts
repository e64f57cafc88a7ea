import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { hashContent, type Manifest } from '../../src/gen/manifest.js'
import { packageInfo } from '../../src/package-info.js'
import { sourceFiles, serviceTools as tools } from './service-tools.js'
import { output, packTarball, run, serviceEnv, workRoot } from './toolchain.js'

// A service made by the previous commit's package, grown and edited by its user, upgraded by
// this one: `npm install -D <this tarball>`, then `npx honoforge upgrade`. The previous commit is
// packed from `git archive HEAD~1` with this repository's node_modules (no install of its own).
const dir = join(workRoot, 'services', 'svc-upgrade')
const { npm, honoforge, expectChecksPass } = tools(dir)
const timeoutEdit = ['export const REQUEST_TIMEOUT_MS = 10_000', 'export const REQUEST_TIMEOUT_MS = 15_000'] as const
/** The index an older honoforge did not write into create_posts: upgrade adds it in a new migration. */
const slugIndex = 'CREATE UNIQUE INDEX idx_posts_slug ON posts (slug);'
const createPosts = join(dir, 'migrations', '0002_create_posts.sql')
/** Why the run is skipped: the previous package records no base to merge against. */
let noBase: string | undefined

/** The previous commit of this repository, packed as npm would publish it. */
function packPrevious(): string {
  const source = join(workRoot, 'previous')
  const dest = join(workRoot, 'previous-pack')
  rmSync(source, { recursive: true, force: true })
  rmSync(dest, { recursive: true, force: true })
  mkdirSync(source, { recursive: true })
  mkdirSync(dest, { recursive: true })
  const archive = join(dest, 'previous.tar')
  execFileSync('git', ['archive', '--format=tar', `--output=${archive}`, 'HEAD~1'], { cwd: packageInfo().root })
  execFileSync('tar', ['-xf', archive, '-C', source])
  rmSync(archive)
  symlinkSync(join(packageInfo().root, 'node_modules'), join(source, 'node_modules'), 'junction')
  const packed = run('npm', ['pack', '--pack-destination', dest], { cwd: source })
  if (packed.status !== 0) throw new Error(`packing HEAD~1 failed\n${output(packed)}`)
  const file = readdirSync(dest).find((name) => name.endsWith('.tgz'))
  if (!file) throw new Error(`npm pack wrote no tarball to ${dest}`)
  return join(dest, file)
}

beforeAll(() => {
  const previous = packPrevious()
  const parent = join(workRoot, 'services')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(parent, { recursive: true })
  const create = run(
    'npm',
    ['exec', '--yes', `--package=${previous}`, '--', 'create-honoforge', 'svc-upgrade', '--no-install', '--no-git'],
    { cwd: parent, env: serviceEnv() },
  )
  if (create.status !== 0) throw new Error(`create-honoforge of HEAD~1 failed\n${output(create)}`)
  if (!existsSync(join(dir, '.honoforge', 'base.json'))) {
    noBase = 'the previous commit records no .honoforge/base.json (it predates honoforge upgrade)'
    return
  }
  for (const args of [
    ['install', '--no-audit', '--no-fund'],
    ['run', 'openapi'],
  ]) {
    const result = npm(...args)
    if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed\n${output(result)}`)
  }
  const grown = honoforge('gen', 'resource', 'posts', 'title:string', 'slug:string!', 'body:text?')
  if (grown.status !== 0) throw new Error(`gen resource with HEAD~1 failed\n${output(grown)}`)
  olderCreatePosts()
  // The user's own changes: a setting of the app, a route of their own in a generated module.
  const app = join(dir, 'src', 'app.ts')
  writeFileSync(app, readFileSync(app, 'utf8').replace(...timeoutEdit))
  const posts = join(dir, 'src', 'routes', 'posts', 'index.ts')
  writeFileSync(posts, `${readFileSync(posts, 'utf8')}\n// Reviewed by the API guild.\n`)
  const upgraded = npm('install', '-D', '--no-audit', '--no-fund', packTarball())
  if (upgraded.status !== 0) throw new Error(`installing this package failed\n${output(upgraded)}`)
})

/** create_posts as an older honoforge would have written and recorded it: without the slug's index. */
function olderCreatePosts(): void {
  const text = readFileSync(createPosts, 'utf8')
  if (!text.includes(`${slugIndex}\n`)) throw new Error(`${createPosts} has no ${slugIndex}`)
  const older = text.replace(`${slugIndex}\n`, '')
  writeFileSync(createPosts, older)
  const manifestFile = join(dir, '.honoforge', 'manifest.json')
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest
  for (const file of manifest.generated.flatMap((run) => run.files)) {
    if (file.path === 'migrations/0002_create_posts.sql') file.sha256 = hashContent(older)
  }
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`)
}

describe('honoforge upgrade from the previous commit', () => {
  it('Should keep the user edits, record this version, and leave a service whose checks pass', (ctx) => {
    if (noBase) ctx.skip(noBase)
    const upgrade = honoforge('upgrade')
    expect(upgrade.status, output(upgrade)).toBe(0)
    expect(readFileSync(join(dir, 'src', 'app.ts'), 'utf8')).toContain(timeoutEdit[1])
    expect(readFileSync(join(dir, 'src', 'routes', 'posts', 'index.ts'), 'utf8')).toContain(
      '// Reviewed by the API guild.',
    )
    const manifest = JSON.parse(readFileSync(join(dir, '.honoforge', 'manifest.json'), 'utf8'))
    expect(manifest.create.version).toBe(packageInfo().version)
    // The schema change is a new migration; the service's tests apply every migration in
    // workerd (a bad statement fails them) and post a duplicate slug (the index refuses it).
    expect(readFileSync(join(dir, 'migrations', '0003_upgrade_posts.sql'), 'utf8')).toContain(slugIndex)
    expect(readFileSync(createPosts, 'utf8')).not.toContain(slugIndex)
    expectChecksPass()
  })

  it('Should change nothing when run again', (ctx) => {
    if (noBase) ctx.skip(noBase)
    const before = sourceFiles(dir)
    const again = honoforge('upgrade')
    expect(again.status, output(again)).toBe(0)
    expect(sourceFiles(dir)).toEqual(before)
  })
})
