// The generated service under test: created with the real CLI, wired to the packed CLI tarball
// (devDependency create-honoforge = file:<tgz>), installed with Node 22, then grown with
// `npx honoforge gen resource ...`.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { freshDir, NODE22, parseJsonc, REPO_DIR, run, tail } from './util.mjs'

export const CREATE_BIN = join(REPO_DIR, 'dist', 'cli', 'create.js')

/** 50 resource names: ordinary nouns, no JS reserved words or SQL keywords, distinct plurals. */
// The default service already has `notes`, so the list does not include it.
export const RESOURCE_NAMES = [
  'bookmark',
  'article',
  'comment',
  'author',
  'book',
  'chapter',
  'invoice',
  'product',
  'customer',
  'review',
  'ticket',
  'project',
  'task',
  'milestone',
  'venue',
  'speaker',
  'sponsor',
  'badge',
  'coupon',
  'payment',
  'shipment',
  'warehouse',
  'supplier',
  'contract',
  'employee',
  'department',
  'vehicle',
  'driver',
  'route',
  'station',
  'sensor',
  'reading',
  'device',
  'firmware',
  'album',
  'track',
  'artist',
  'playlist',
  'recipe',
  'ingredient',
  'course',
  'lesson',
  'student',
  'teacher',
  'exam',
  'garden',
  'plant',
  'harvest',
  'forecast',
  'journey',
]
export const RESOURCE_FIELDS = ['title:string', 'body:text?']

/** Create a service with the real CLI: the defaults, plus `flags` (e.g. `['--db', 'postgres']`). */
export async function createService(parentDir, name = 'my-api', flags = []) {
  freshDir(parentDir)
  const res = await run(NODE22, [CREATE_BIN, name, '--yes', '--no-install', '--no-git', ...flags], {
    cwd: parentDir,
    timeoutMs: 120_000,
  })
  const dir = join(parentDir, name)
  if (res.code !== 0) throw new Error(`create-honoforge exited ${res.code}:\n${tail(res.stderr || res.stdout, 25)}`)
  if (!existsSync(join(dir, 'package.json')))
    throw new Error(`create-honoforge exited 0 but wrote no ${dir}/package.json:\n${tail(res.stdout, 15)}`)
  return { dir, ms: res.ms }
}

/** Point the project's create-honoforge devDependency at the packed tarball and npm install (Node 22). */
export async function installService(dir, tgz) {
  const set = await run('npm', ['pkg', 'set', `devDependencies.create-honoforge=file:${tgz}`], { cwd: dir })
  if (set.code !== 0) throw new Error(`npm pkg set failed: ${tail(set.stderr)}`)
  const res = await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, timeoutMs: 600_000 })
  if (res.code !== 0)
    throw new Error(
      `npm install in the generated project failed (exit ${res.code}):\n${tail(res.stderr || res.stdout, 30)}`,
    )
  return { ms: res.ms }
}

/** Run a package.json script if the project has it. Returns null when absent. */
export async function runScriptIfPresent(dir, script, timeoutMs = 180_000) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  if (!pkg.scripts?.[script]) return null
  const res = await run('npm', ['run', '--silent', script], { cwd: dir, timeoutMs })
  if (res.code !== 0) throw new Error(`npm run ${script} exited ${res.code}:\n${tail(res.stderr || res.stdout, 20)}`)
  return { ms: res.ms, command: `npm run ${script}` }
}

/** Type-check prerequisite: the Env type from `wrangler types` (cf-typegen), if the project uses it. */
export async function ensureWorkerTypes(dir) {
  const r = await runScriptIfPresent(dir, 'cf-typegen')
  if (r) return r
  const res = await run('npx', ['--no-install', 'wrangler', 'types'], { cwd: dir, timeoutMs: 120_000 })
  if (res.code !== 0) throw new Error(`wrangler types exited ${res.code}:\n${tail(res.stderr || res.stdout, 20)}`)
  return { ms: res.ms, command: 'npx wrangler types' }
}

/** Run `honoforge gen <args…>` in the project with its own installed CLI. */
export async function gen(dir, args) {
  const res = await run('npx', ['--no-install', 'honoforge', 'gen', ...args], { cwd: dir, timeoutMs: 180_000 })
  if (res.code !== 0)
    throw new Error(`honoforge gen ${args.join(' ')} exited ${res.code}:\n${tail(res.stderr || res.stdout, 25)}`)
  return { ms: res.ms, stdout: res.stdout }
}

export async function genResource(dir, name, fields = RESOURCE_FIELDS) {
  return gen(dir, ['resource', name, ...fields])
}

/** Facts about the generated project the load test needs (binding names, secret name, routes). */
export function inspectService(dir) {
  const cfgPath = ['wrangler.jsonc', 'wrangler.json', 'wrangler.toml']
    .map((f) => join(dir, f))
    .find((f) => existsSync(f))
  if (!cfgPath) throw new Error(`no wrangler config in ${dir}`)
  const cfg = cfgPath.endsWith('.toml') ? {} : parseJsonc(readFileSync(cfgPath, 'utf8'))
  const d1 = cfg.d1_databases?.[0]
  const migrationsDir = join(dir, d1?.migrations_dir ?? 'migrations')
  // Secret names: declared in wrangler config ("secrets.required"), .dev.vars.example, or the env schema.
  const secretNames = new Set(cfg.secrets?.required ?? [])
  for (const f of ['.dev.vars.example', '.dev.vars', '.env.example']) {
    const p = join(dir, f)
    if (existsSync(p))
      for (const m of readFileSync(p, 'utf8').matchAll(/^\s*([A-Z][A-Z0-9_]*)\s*=/gm)) secretNames.add(m[1])
  }
  const srcText = collectText(join(dir, 'src'))
  const jwtSecretName =
    [...secretNames].find((n) => /JWT.*SECRET|SECRET.*JWT|AUTH_SECRET/.test(n)) ??
    srcText.match(/\b(JWT_[A-Z_]*SECRET[A-Z_]*)\b/)?.[1] ??
    'JWT_SECRET'
  const vars = cfg.vars ?? {}
  return {
    cfgPath,
    cfg,
    d1Binding: d1?.binding ?? 'DB',
    migrationsDir,
    secretNames: [...secretNames],
    jwtSecretName,
    vars,
    srcText,
  }
}

function collectText(dir, acc = []) {
  if (!existsSync(dir)) return ''
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, name.name)
    if (name.isDirectory()) collectText(p, acc)
    else if (/\.(ts|js|mjs|json)$/.test(name.name)) acc.push(readFileSync(p, 'utf8'))
  }
  return acc.join('\n')
}
