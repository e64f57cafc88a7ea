#!/usr/bin/env node
// Entry point for `npm run bench` (runs on any Node >= 20). Bootstraps what the bench needs,
// then hands over to lib/main.mjs running on the Node 22 binary from bench/node_modules:
//   1. bench/node_modules (npm install, honouring bench/package-lock.json — `npm ci` rejects this
//      lockfile because the registry lacks workerd's non-linux optional packages; includes node@22, wrangler, …)
//   2. the repo root's node_modules (npm ci) if missing, and dist/ (npm run build) if missing
//   3. lib/main.mjs [--quick] [--cli-only | --load-only]
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const BENCH = dirname(fileURLToPath(import.meta.url))
const REPO = dirname(BENCH)
const NODE22 = join(BENCH, 'node_modules', 'node', 'bin', 'node')
const t0 = Date.now()
const bootstrap = { steps: [], failures: [] }

function step(name, cmd, args, cwd) {
  const s = Date.now()
  console.log(`[bench] ${name}: ${cmd} ${args.join(' ')} (in ${cwd})`)
  const r = spawnSync(cmd, args, {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false' },
  })
  const ok = r.status === 0
  bootstrap.steps.push({ name, ok, s: +((Date.now() - s) / 1000).toFixed(1) })
  if (!ok) bootstrap.failures.push({ name, error: `${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}` })
  return ok
}

// 1. The bench's own dependencies (never the root's).
const lock = join(BENCH, 'package-lock.json')
const marker = join(BENCH, 'node_modules', '.bench-lock-hash')
const lockHash = existsSync(lock) ? createHash('sha256').update(readFileSync(lock)).digest('hex') : 'none'
if (!existsSync(NODE22) || !existsSync(marker) || readFileSync(marker, 'utf8') !== lockHash) {
  const ok = step('bench dependencies', 'npm', ['install', '--no-audit', '--no-fund'], BENCH)
  if (!ok || !existsSync(NODE22)) {
    console.error('[bench] cannot continue without bench/node_modules (Node 22, wrangler, workerd, autocannon).')
    process.exit(1)
  }
  writeFileSync(marker, lockHash)
}

// 2. The CLI under test.
if (!existsSync(join(REPO, 'node_modules'))) step('root dependencies', 'npm', ['ci', '--no-audit', '--no-fund'], REPO)
if (!existsSync(join(REPO, 'dist', 'cli', 'create.js'))) step('build the CLI', 'npm', ['run', 'build'], REPO)

// 3. The bench itself, on Node 22.
const env = {
  ...process.env,
  PATH: `${dirname(NODE22)}:${join(BENCH, 'node_modules', '.bin')}:${process.env.PATH}`,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_LOG: 'error',
  BENCH_T0: String(t0),
  BENCH_SYSTEM_NODE: process.version,
  BENCH_BOOTSTRAP: JSON.stringify(bootstrap),
}
const child = spawn(NODE22, [join(BENCH, 'lib', 'main.mjs'), ...process.argv.slice(2)], {
  cwd: BENCH,
  env,
  stdio: 'inherit',
})
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
