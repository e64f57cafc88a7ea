// Figure 1, rows of grown services: what `honoforge gen auth` adds to a service's Worker bundle
// (on D1 and on Postgres; with ES256 signing on D1), what a `--auth jwks` service weighs beside
// the default HS256 one, what `honoforge gen channel` adds (a Durable Object and its routes)
// with and without accounts, and what `honoforge gen queue` adds (a consumer, its registry and
// helper, the entry's queue handler) on D1 and on Postgres.
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createService, gen, installService, runScriptIfPresent } from './project.mjs'
import { breakdown, bundleWorker } from './size.mjs'
import { errorInfo, log, WORK_DIR } from './util.mjs'

/** Each measured service: how it is created and what is generated in it before the bundle. */
const variants = [
  { key: 'authBaseD1', flags: [], steps: [] },
  { key: 'authAccountsD1', flags: [], steps: [['auth']] },
  { key: 'authBasePostgres', flags: ['--db', 'postgres'], steps: [] },
  { key: 'authAccountsPostgres', flags: ['--db', 'postgres'], steps: [['auth']] },
  { key: 'authJwks', flags: ['--auth', 'jwks'], steps: [] },
  // A service of its own: gen auth does not switch the algorithm of accounts already there.
  { key: 'authAccountsEs256D1', flags: [], service: 'es256', steps: [['auth', '--alg', 'es256']] },
  // Channels in services of their own, measured against the fresh services above.
  { key: 'channelD1', flags: [], service: 'channel-d1', steps: [['channel', 'chat']] },
  { key: 'channelPostgres', flags: ['--db', 'postgres'], service: 'channel-postgres', steps: [['channel', 'chat']] },
  { key: 'channelBaseOpen', flags: ['--db', 'none', '--auth', 'none'], steps: [] },
  { key: 'channelOpen', flags: ['--db', 'none', '--auth', 'none'], steps: [['channel', 'chat']] },
  // Queues likewise; the second queue shows what each one after the first costs.
  { key: 'queueD1', flags: [], service: 'queue-d1', steps: [['queue', 'emails']] },
  { key: 'queuesD1', flags: [], service: 'queue-d1', steps: [['queue', 'send-welcome']] },
  { key: 'queuePostgres', flags: ['--db', 'postgres'], service: 'queue-postgres', steps: [['queue', 'emails']] },
  // Cron jobs likewise; the second job shows what each one after the first costs.
  { key: 'cronD1', flags: [], service: 'cron-d1', steps: [['cron', 'nightly-report', '--schedule', '0 3 * * *']] },
  { key: 'cronsD1', flags: [], service: 'cron-d1', steps: [['cron', 'weekly-digest', '--schedule', '0 8 * * MON']] },
]

/**
 * Creates, installs and bundles the services of `variants` from the packed CLI (`tgz`), each
 * after its generator runs. Answers `{ <key>: { ok, gzipBytes,
 * minifiedBytes } | { ok: false, error } }` for every key of `variants`.
 */
export async function measureGrownSizes({ workDir, tgz }) {
  const out = {}
  const services = new Map()
  for (const { key, flags, steps, service } of variants) {
    try {
      // Before and after a generator share one installed service per set of create flags.
      const id = service ?? (flags.join(' ') || 'default')
      let dir = services.get(id)
      if (!dir) {
        dir = (await createService(join(workDir, 'svc-grown', id.replace(/\W+/g, '-')), 'my-api', flags)).dir
        await installService(dir, tgz)
        // wrangler's dry run needs public/ (the assets directory), which `npm run openapi` writes.
        await runScriptIfPresent(dir, 'openapi')
        services.set(id, dir)
      }
      for (const args of steps) await gen(dir, args)
      const b = await bundleWorker(dir, join(workDir, 'bundles-grown', key))
      out[key] = { ok: true, gzipBytes: b.gzipBytes, minifiedBytes: b.minifiedBytes }
      if (b.metafilePath) out[key].breakdown = breakdown(b.metafilePath, { gzipTotal: b.gzipBytes, top: 18 })
      log(`grown ${key}: ${(b.gzipBytes / 1000).toFixed(2)} KB gzip`)
    } catch (err) {
      out[key] = { ok: false, error: errorInfo(err) }
    }
  }
  return out
}

// Runs alone too: node bench/lib/grown-size.mjs <create-honoforge tarball>
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const tgz = process.argv[2]
  if (!tgz) throw new Error('usage: node bench/lib/grown-size.mjs <create-honoforge tarball>')
  const sizes = await measureGrownSizes({ workDir: join(WORK_DIR, 'grown-only'), tgz: resolve(tgz) })
  for (const [key, s] of Object.entries(sizes))
    console.log(key, s.ok ? `${(s.gzipBytes / 1000).toFixed(2)} KB gzip` : s.error)
  if (Object.values(sizes).some((s) => !s.ok)) process.exitCode = 1
}
