// Serve a bundled Worker from workerd through Miniflare's *direct socket* (requests go straight
// to the user Worker inside workerd: no Node proxy, no Miniflare entry worker in the path).
// Bindings come from the project's wrangler config (wrangler's own reader), D1 is Miniflare's
// local D1 (in the same workerd process), migrations are applied before serving.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { convertV4MiniflareOptions, Miniflare } from 'miniflare'
import { unstable_getMiniflareWorkerOptions, unstable_splitSqlQuery } from 'wrangler'

/** Build Miniflare (v4-shaped) worker options for a bundle + its wrangler config. */
export const RATE_LIMIT_STUB = {
  name: 'bench-ratelimit-stub',
  entrypoint: 'RateLimitStub',
  // An always-allow stand-in for the Workers Rate Limiting binding, reached over JS RPC (an
  // out-of-isolate call, like the real binding) instead of Miniflare's Durable Object emulation.
  source: `import { WorkerEntrypoint } from 'cloudflare:workers'
export class RateLimitStub extends WorkerEntrypoint { async limit() { return { success: true } } }
export default { fetch() { return new Response('stub', { status: 503 }) } }
`,
}

export function workerOptionsFor({
  bundleDir,
  mainFile,
  configPath,
  bindings = {},
  rateLimitOverride = 1_000_000_000,
  stubRateLimits = false,
}) {
  let base = {}
  const notes = []
  if (configPath) {
    const o = unstable_getMiniflareWorkerOptions(configPath)
    base = { ...o.workerOptions }
  }
  // The bundle replaces the source entry; everything else (bindings, flags) is the project's.
  delete base.scriptPath
  delete base.script
  delete base.modulesRules
  const files = readdirSync(bundleDir).filter((f) => /\.m?js$/.test(f))
  const main = basename(mainFile)
  const ordered = [main, ...files.filter((f) => f !== main)]
  base.modules = ordered.map((f) => ({
    type: 'ESModule',
    path: join(bundleDir, f),
    contents: readFileSync(join(bundleDir, f), 'utf8'),
  }))
  base.modulesRoot = bundleDir
  base.rootPath = configPath ? dirname(configPath) : bundleDir
  base.bindings = { ...(base.bindings ?? {}), ...bindings }
  // Static assets (the service's public/, with run_worker_first): Miniflare emulates the asset
  // router as another worker in front of this one, in the same workerd process, which more than
  // doubles the CPU of a cheap route. On Cloudflare that router runs outside the Worker, and the
  // routes measured never read an asset, so the Worker is served as the baselines are.
  if (base.assets) {
    delete base.assets
    notes.push(
      'static assets left out (Miniflare emulates their router as a second worker in front of this one; on Cloudflare it runs outside the Worker, and no route measured reads an asset)',
    )
  }
  // Local rate limits would turn a load test into a 429 test: lift them, and say so.
  if (stubRateLimits && base.ratelimits && Object.keys(base.ratelimits).length) {
    base.serviceBindings = { ...(base.serviceBindings ?? {}) }
    for (const name of Object.keys(base.ratelimits)) {
      base.serviceBindings[name] = { name: RATE_LIMIT_STUB.name, entrypoint: RATE_LIMIT_STUB.entrypoint }
      notes.push(`rate limit binding ${name} replaced by an always-allow JS-RPC stub`)
    }
    base.ratelimits = {}
  } else if (base.ratelimits && Object.keys(base.ratelimits).length) {
    for (const [name, rl] of Object.entries(base.ratelimits)) {
      base.ratelimits[name] = { ...rl, simple: { ...rl.simple, limit: rateLimitOverride } }
      notes.push(`rate limit binding ${name} lifted to ${rateLimitOverride}/period for the load test`)
    }
  }
  base.unsafeDirectSockets = [{ host: '127.0.0.1', port: 0 }]
  return { options: base, notes }
}

/** Start the worker. Returns { mf, url, pid, notes, dispose }. */
export async function startWorker(spec, sharedOptions = {}) {
  const { options, notes } = workerOptionsFor(spec)
  const needsStub = Object.values(options.serviceBindings ?? {}).some((b) => b?.name === RATE_LIMIT_STUB.name)
  const workers = [{ ...options, name: 'main' }]
  if (needsStub) {
    workers.push({
      name: RATE_LIMIT_STUB.name,
      compatibilityDate: '2026-11-01',
      modules: [{ type: 'ESModule', path: 'stub.js', contents: RATE_LIMIT_STUB.source }],
    })
  }
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      workers,
      host: '127.0.0.1',
      port: 0,
      logRequests: false,
      // The service's per-request log lines are still written by workerd (that cost is counted);
      // the bench just does not print them.
      handleStructuredLogs: () => {},
      ...sharedOptions,
    }),
  )
  await mf.ready
  const url = await mf.unsafeGetDirectURL('main')
  const pid = findWorkerdPid()
  if (spec.migrationsDir) await applyMigrations(mf, spec.d1Binding ?? 'DB', spec.migrationsDir, 'main')
  return {
    mf,
    url,
    pid,
    notes,
    dispose: () => mf.dispose(),
  }
}

const known = new Set()
/** The newest workerd child of this process not returned before. */
function findWorkerdPid() {
  const out = execFileSync('pgrep', ['-P', String(process.pid), 'workerd'])
    .toString()
    .trim()
    .split('\n')
    .filter(Boolean)
    .map(Number)
  const fresh = out.filter((p) => !known.has(p))
  const pid = Math.max(...(fresh.length ? fresh : out))
  known.add(pid)
  return pid
}

export async function applyMigrations(mf, binding, migrationsDir, workerName) {
  if (!existsSync(migrationsDir)) throw new Error(`migrations dir not found: ${migrationsDir}`)
  const db = await mf.getD1Database(binding, workerName)
  const files = readdirSync(migrationsDir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
  for (const f of files) {
    const sql = readFileSync(join(migrationsDir, f), 'utf8')
    for (const stmt of unstable_splitSqlQuery(sql)) {
      if (stmt.trim()) await db.prepare(stmt).run()
    }
  }
  return files
}
