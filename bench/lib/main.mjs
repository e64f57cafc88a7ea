// Orchestrates the whole bench (run by the Node 22 binary; see ../run.mjs). Every figure is
// measured next to its baseline in this same run; a step that fails is recorded as failed with
// its error, and the rest of the bench continues.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { measureColdStarts } from './cold-start.mjs'
import { measureFirstOutput } from './first-output.mjs'
import { measureGeneratorSpeed } from './generator-speed.mjs'
import { measureGrownSizes } from './grown-size.mjs'
import { hasDist, measureFootprints, packRepo } from './install-footprint.mjs'
import { measureLoad, probe, signJwtHs256 } from './load.mjs'
import { describeMachine } from './machine.mjs'
import { measurePostgresSizes } from './postgres-size.mjs'
import { profileRoute } from './profile.mjs'
import {
  createService,
  ensureWorkerTypes,
  genResource,
  inspectService,
  installService,
  RESOURCE_FIELDS,
  RESOURCE_NAMES,
  runScriptIfPresent,
} from './project.mjs'
import { writeReport } from './report.mjs'
import { startWorker } from './serve.mjs'
import { breakdown, bundleWorker } from './size.mjs'
import { measureTypecheck } from './typecheck.mjs'
import { BENCH_DIR, ensureDir, errorInfo, freshDir, log, REPO_DIR, readJson, WORK_DIR } from './util.mjs'
import { startMinimalWorker } from './workerd-config.mjs'

const quick = process.argv.includes('--quick')
// --load-only: just what figure 3 needs (baseline bundles, the default service, load, CPU
// profiles), for checking a request-path change without the whole 7–8 minute run. Writes
// bench/.work/load-only.json and bench/.work/BENCHMARKS-load.md; BENCHMARKS.md is untouched.
const loadOnly = process.argv.includes('--load-only')
// --cli-only: just the CLI's own figures (4, create speed, and 6, install footprint) against
// create-vite, with their target rows, in about a minute. Writes bench/.work/cli-only.json and
// bench/.work/BENCHMARKS-cli.md; BENCHMARKS.md is untouched.
const cliOnly = process.argv.includes('--cli-only')
const PARAMS = quick
  ? {
      mode: 'quick',
      coldStartRepeats: 5,
      loadRepeats: 2,
      loadDurationS: 3,
      loadWarmupS: 1,
      connections: 20,
      generatorRepeats: 3,
      typecheckRepeats: 1,
      profileDurationS: 2,
      resourceSteps: [1, 10, 50],
    }
  : {
      mode: 'full',
      coldStartRepeats: 15,
      loadRepeats: 3,
      loadDurationS: 8,
      loadWarmupS: 2,
      connections: 20,
      generatorRepeats: 5,
      typecheckRepeats: 3,
      profileDurationS: 4,
      resourceSteps: [1, 10, 50],
    }

const JWT_SECRET = 'bench-only-hs256-secret-0123456789abcdef'
const FIX = (name) => join(BENCH_DIR, 'fixtures', name)

const t0 = Number(process.env.BENCH_T0) || Date.now()
const tMain = Date.now()
const bootstrap = (() => {
  try {
    return JSON.parse(process.env.BENCH_BOOTSTRAP ?? 'null')
  } catch {
    return null
  }
})()
if (loadOnly) Object.assign(PARAMS, { mode: `${PARAMS.mode}, load only`, resourceSteps: [] })
if (cliOnly) Object.assign(PARAMS, { mode: `${PARAMS.mode}, CLI only`, resourceSteps: [] })
const results = {
  schema: 1,
  params: PARAMS,
  machine: null,
  phasesS: {},
  figures: {
    size: {},
    coldStart: {},
    load: {},
    generator: {},
    firstOutput: {},
    genResource: {},
    typecheck: {},
    footprint: {},
  },
  failures: [],
  notes: [],
  bootstrap,
}

function fail(figure, what, err) {
  const msg = errorInfo(err)
  log(`FAILED ${figure}: ${what}: ${msg.split('\n')[0]}`)
  results.failures.push({ figure, what, error: msg })
  return { ok: false, error: msg }
}

async function phase(name, fn) {
  const s = Date.now()
  log(`— ${name}`)
  try {
    return await fn()
  } catch (err) {
    return fail(name, 'unexpected error', err)
  } finally {
    results.phasesS[name] = +((Date.now() - s) / 1000).toFixed(1)
  }
}

const bundlesDir = ensureDir(join(WORK_DIR, 'bundles'))
const stages = {} // key → { bundle, configPath, migrationsDir, jwtSecretName, ... }

async function bundleInto(key, projectDir, extra = {}) {
  const b = await bundleWorker(projectDir, join(bundlesDir, key))
  results.figures.size[key] = {
    ok: true,
    gzipBytes: b.gzipBytes,
    minifiedBytes: b.minifiedBytes,
    files: b.files,
    wranglerOwn: b.wranglerOwn,
    ...extra,
  }
  log(`${key}: ${(b.gzipBytes / 1000).toFixed(2)} KB gzip (${(b.minifiedBytes / 1000).toFixed(1)} KB minified)`)
  return b
}

/** Freeze what the servers need from a project at this point (it keeps growing). */
function snapshotStage(key, bundle, info) {
  const dir = freshDir(join(WORK_DIR, 'stages', key))
  const configPath = join(dir, info.cfgPath.split('/').pop())
  cpSync(info.cfgPath, configPath)
  let migrationsDir
  if (existsSync(info.migrationsDir)) {
    migrationsDir = join(dir, 'migrations')
    cpSync(info.migrationsDir, migrationsDir, { recursive: true })
  }
  stages[key] = { bundle, configPath, migrationsDir, info }
}

for (const f of bootstrap?.failures ?? []) results.failures.push({ figure: 'bootstrap', what: f.name, error: f.error })
/** Rebuild public/openapi.json with the project's own script; report whether it changed; restore it. */
async function openapiIsStale(dir) {
  const p = join(dir, 'public', 'openapi.json')
  if (!existsSync(p)) return null
  const before = readFileSync(p)
  try {
    const r = await runScriptIfPresent(dir, 'openapi')
    if (!r) return null
    const after = readFileSync(p)
    return { changed: !before.equals(after), before: before.length, after: after.length }
  } finally {
    writeFileSync(p, before)
  }
}

// ---------------------------------------------------------------------------------------------
results.machine = await describeMachine()
log(
  `machine: ${results.machine.cpuModel}, ${results.machine.cores} cores, ${results.machine.memoryGiB} GiB; node ${results.machine.nodeSystem} (system) / ${results.machine.nodeBench} (bench)`,
)
freshDir(join(WORK_DIR, 'run'))
const RUN = join(WORK_DIR, 'run')

// 1a. Baseline bundles ------------------------------------------------------------------------
const baseBundles = {}
if (!cliOnly)
  await phase('baseline bundles', async () => {
    for (const [key, dir] of [
      ['honoHello', FIX('hono-hello')],
      ['handWritten', FIX('hand-written')],
      ['stockMiddleware', FIX('stock-middleware')],
    ]) {
      try {
        baseBundles[key] = await bundleInto(key, dir)
      } catch (err) {
        results.figures.size[key] = fail('size', `bundle ${key}`, err)
      }
    }
  })

// 6. Footprint (also produces the tarball the generated project installs) ----------------------
let pack = null
await phase('install footprint', async () => {
  try {
    pack = await packRepo(join(RUN, 'pack'))
    if (!pack.rebuilt) {
      fail('footprint', 'build the CLI (npm pack prepack)', pack.buildError)
      results.notes.push(
        'The CLI build failed in this run; the bench packed the dist/ already on disk (built earlier) so the other figures could run.',
      )
    }
  } catch (err) {
    fail('footprint', 'npm pack of create-honoforge', err)
  }
  if (loadOnly) return
  const createViteVersion = readJson(join(BENCH_DIR, 'node_modules', 'create-vite', 'package.json')).version
  results.figures.footprint = await measureFootprints({
    workDir: RUN,
    createViteVersion,
    honoforgePack: pack ?? undefined,
  })
  if (!pack && !results.figures.footprint.honoforge.ok)
    results.figures.footprint.honoforge.error =
      results.failures.at(-1)?.error ?? results.figures.footprint.honoforge.error
  for (const [k, v] of Object.entries(results.figures.footprint)) if (!v.ok) fail('footprint', k, v.error)
})

// 4. Generator speed ---------------------------------------------------------------------------
if (!loadOnly)
  await phase('generator speed', async () => {
    if (!hasDist()) fail('generator', 'create-honoforge', `dist/cli/create.js missing in ${REPO_DIR} (CLI not built)`)
    results.figures.generator = await measureGeneratorSpeed({ repeats: PARAMS.generatorRepeats, workDir: RUN })
    for (const [k, v] of Object.entries(results.figures.generator)) if (!v.ok) fail('generator', k, v.error)
  })

// 4c. Time to first output (interactive in a pty, and --yes) ------------------------------------
if (!loadOnly)
  await phase('first output', async () => {
    results.figures.firstOutput = await measureFirstOutput({ repeats: PARAMS.generatorRepeats, workDir: RUN })
    for (const [k, v] of Object.entries(results.figures.firstOutput)) if (!v.ok) fail('firstOutput', k, v.error)
  })
if (cliOnly) finish('cli-only.json', 'BENCHMARKS-cli.md')

// 1b/4b/5. The generated service, grown to 1, 10, 50 resources -----------------------------------
let projectDir = null
await phase('generated service', async () => {
  let created
  try {
    created = await createService(join(RUN, 'svc'))
    projectDir = created.dir
  } catch (err) {
    for (const k of ['default', ...PARAMS.resourceSteps.map((n) => `resources${n}`)])
      results.figures.size[k] = fail('size', `service ${k}`, err)
    results.figures.typecheck = fail('typecheck', 'create the service', err)
    results.figures.genResource = fail('genResource', 'create the service', err)
    return
  }
  if (!pack) {
    const e = new Error('no create-honoforge tarball (npm pack failed), so the project cannot be installed')
    results.figures.typecheck = fail('typecheck', 'install', e)
    results.figures.genResource = fail('genResource', 'install', e)
    results.figures.size.default = fail('size', 'service default', e)
    return
  }
  try {
    const inst = await installService(projectDir, pack.tgz)
    results.figures.serviceInstallMs = inst.ms
  } catch (err) {
    results.figures.typecheck = fail('typecheck', 'npm install in the generated project', err)
    results.figures.genResource = fail('genResource', 'npm install in the generated project', err)
    results.figures.size.default = fail('size', 'service default (npm install failed)', err)
    return
  }
  let info
  try {
    info = inspectService(projectDir)
    results.figures.serviceInfo = {
      jwtSecretName: info.jwtSecretName,
      secretNames: info.secretNames,
      d1Binding: info.d1Binding,
      vars: Object.keys(info.vars),
    }
  } catch (err) {
    fail('size', 'inspect the generated project', err)
  }
  // The service's OpenAPI document is built at build time (`npm run openapi`); bundle the fresh
  // project as-is first, and only if that fails, build the document and say so.
  const bundleService = async (key, extra = {}) => {
    try {
      return await bundleInto(key, projectDir, extra)
    } catch (err) {
      const built = await runScriptIfPresent(projectDir, 'openapi')
      if (!built) throw err
      results.notes.push(
        `size (${key}): \`wrangler deploy --dry-run\` failed until \`npm run openapi\` had built the OpenAPI document (${
          errorInfo(err)
            .split('\n')
            .find((l) => /ERROR|Could not|error/i.test(l))
            ?.trim() ?? 'see latest.json'
        }); the bench ran \`npm run openapi\` and bundled again.`,
      )
      return await bundleInto(key, projectDir, { ...extra, afterOpenapiScript: true })
    }
  }
  try {
    const b = await bundleService('default')
    if (b.metafilePath)
      results.figures.size.default.breakdown = breakdown(b.metafilePath, { gzipTotal: b.gzipBytes, top: 18 })
    if (info) snapshotStage('default', b, info)
    const stale = await openapiIsStale(projectDir).catch((err) => ({ error: errorInfo(err) }))
    results.figures.size.default.openapiCheck = stale
    if (stale?.changed)
      results.notes.push(
        `size (default): the shipped openapi.json differs from what \`npm run openapi\` builds (${stale.before} → ${stale.after} bytes); the size figure is the bundle as created.`,
      )
  } catch (err) {
    results.figures.size.default = fail('size', 'bundle the default service', err)
  }
  results.figures.typecheck = { ok: true, byResources: {} }
  const typecheckNow = async (n) => {
    try {
      const prep = await ensureWorkerTypes(projectDir)
      if (n === 0)
        results.notes.push(
          `typecheck: before timing \`tsc --noEmit\`, the bench runs \`${prep.command}\` (generates the Env type the project's tsconfig references); not timed.`,
        )
      const tc = await measureTypecheck(projectDir, { repeats: PARAMS.typecheckRepeats })
      results.figures.typecheck.byResources[String(n)] = tc
      if (!tc.ok) fail('typecheck', `${n} resources`, tc.error)
    } catch (err) {
      results.figures.typecheck.byResources[String(n)] = fail('typecheck', `${n} resources`, err)
    }
  }
  if (!loadOnly) await typecheckNow(0)
  const gen = {
    ok: true,
    fields: RESOURCE_FIELDS,
    msByIndex: [],
    command: `npx --no-install honoforge gen resource <name> ${RESOURCE_FIELDS.join(' ')}`,
  }
  results.figures.genResource = gen
  let count = 0
  for (const target of PARAMS.resourceSteps) {
    try {
      while (count < target) {
        const name = RESOURCE_NAMES[count]
        const r = await genResource(projectDir, name)
        gen.msByIndex.push(r.ms)
        count++
      }
    } catch (err) {
      Object.assign(gen, fail('genResource', `resource #${count + 1} (${RESOURCE_NAMES[count]})`, err), {
        msByIndex: gen.msByIndex,
      })
      const why =
        errorInfo(err)
          .split('\n')
          .filter((l) => l.trim() && !/^npm warn /.test(l))
          .slice(-1)[0] ?? ''
      for (const n of PARAMS.resourceSteps.filter((n) => n >= target)) {
        results.figures.size[`resources${n}`] = { ok: false, error: `gen resource failed at #${count + 1}: ${why}` }
        results.figures.typecheck.byResources[String(n)] = {
          ok: false,
          error: `gen resource failed at #${count + 1}: ${why}`,
        }
      }
      break
    }
    log(`${count} resources: gen took ${(gen.msByIndex.at(-1) / 1000).toFixed(2)} s for #${count}`)
    try {
      // Bundle what the project would ship as generated (its deploy script does not rebuild the
      // OpenAPI document)…
      const b = await bundleService(`resources${target}`, { resources: target })
      if (b.metafilePath)
        results.figures.size[`resources${target}`].breakdown = breakdown(b.metafilePath, {
          gzipTotal: b.gzipBytes,
          top: 40,
        })
      snapshotStage(`resources${target}`, b, inspectService(projectDir))
      // …then check that the generator kept the document current: rebuild it, compare, restore.
      const stale = await openapiIsStale(projectDir).catch((err) => ({ error: errorInfo(err) }))
      results.figures.size[`resources${target}`].openapiCheck = stale
      if (stale?.changed)
        results.notes.push(
          `size (${target} resources): openapi.json was stale after \`gen resource\` — \`npm run openapi\` changed it (${stale.before} → ${stale.after} bytes); the size figure is the bundle as generated.`,
        )
      if (stale?.error) fail('size', `check openapi.json with ${target} resources`, stale.error)
    } catch (err) {
      results.figures.size[`resources${target}`] = fail('size', `bundle with ${target} resources`, err)
    }
    await typecheckNow(target)
  }
})

// 1c. The `--db postgres` service, as created and with 1 and 10 resources ------------------------
if (!loadOnly)
  await phase('postgres service', async () => {
    if (!pack) {
      results.figures.size.postgresDefault = fail('size', 'postgres service', 'no create-honoforge tarball to install')
      return
    }
    const sizes = await measurePostgresSizes({ workDir: RUN, tgz: pack.tgz, resourceSteps: [1, 10] })
    for (const [key, value] of Object.entries(sizes)) {
      results.figures.size[key] = value
      if (!value.ok) fail('size', key, value.error)
    }
  })

// 1d. Grown services: `gen auth` on D1 and Postgres, a `--auth jwks` service, `gen channel`, `gen queue`
if (!loadOnly)
  await phase('grown services', async () => {
    if (!pack) {
      results.figures.size.authAccountsD1 = fail('size', 'grown services', 'no create-honoforge tarball to install')
      return
    }
    const sizes = await measureGrownSizes({ workDir: RUN, tgz: pack.tgz })
    for (const [key, value] of Object.entries(sizes)) {
      results.figures.size[key] = value
      if (!value.ok) fail('size', key, value.error)
    }
  })

// 2. Cold start ---------------------------------------------------------------------------------
function specFor(key) {
  if (key === 'honoHello')
    return (
      baseBundles.honoHello && {
        bundleDir: baseBundles.honoHello.outDir,
        mainFile: baseBundles.honoHello.mainFile,
        configPath: join(FIX('hono-hello'), 'wrangler.jsonc'),
      }
    )
  if (key === 'handWritten')
    return (
      baseBundles.handWritten && {
        bundleDir: baseBundles.handWritten.outDir,
        mainFile: baseBundles.handWritten.mainFile,
        configPath: join(FIX('hand-written'), 'wrangler.jsonc'),
        bindings: { JWT_SECRET },
        migrationsDir: join(FIX('hand-written'), 'migrations'),
        d1Binding: 'DB',
      }
    )
  if (key === 'stockMiddleware')
    return (
      baseBundles.stockMiddleware && {
        bundleDir: baseBundles.stockMiddleware.outDir,
        mainFile: baseBundles.stockMiddleware.mainFile,
        configPath: join(FIX('stock-middleware'), 'wrangler.jsonc'),
        bindings: { JWT_SECRET },
        migrationsDir: join(FIX('stock-middleware'), 'migrations'),
        d1Binding: 'DB',
      }
    )
  const s = stages[key]
  if (!s) return null
  return {
    bundleDir: s.bundle.outDir,
    mainFile: s.bundle.mainFile,
    configPath: s.configPath,
    bindings: { [s.info.jwtSecretName]: JWT_SECRET },
    migrationsDir: s.migrationsDir,
    d1Binding: s.info.d1Binding,
  }
}

if (!loadOnly)
  await phase('cold start', async () => {
    const targets = [
      { key: 'honoHello', path: '/' },
      { key: 'default', path: '/health' },
      { key: 'resources50', path: '/health' },
    ]
    const live = []
    const out = {}
    for (const t of targets) {
      const spec = specFor(t.key)
      if (spec) live.push({ ...t, spec })
      else out[t.key] = fail('coldStart', t.key, `no bundle for ${t.key} (see the size figure)`)
    }
    const measured = await measureColdStarts(live, { repeats: PARAMS.coldStartRepeats, workDir: join(RUN, 'cold') })
    results.figures.coldStart = { ...measured, missing: out }
    for (const [m, byKey] of Object.entries(measured))
      for (const [k, v] of Object.entries(byKey)) if (!v.ok) fail('coldStart', `${m} ${k}`, v.error)
  })

// 3. Load ---------------------------------------------------------------------------------------
const now = Math.floor(Date.now() / 1000)
const claims = (info) => {
  const c = { sub: 'bench-user', iat: now, exp: now + 3 * 3600 }
  for (const [k, v] of Object.entries(info?.vars ?? {})) {
    if (/ISSUER|_ISS$/.test(k) && typeof v === 'string') c.iss = v
    if (/AUDIENCE|_AUD$/.test(k) && typeof v === 'string') c.aud = v
  }
  return c
}
const headersFor = (info) => ({
  authorization: `Bearer ${signJwtHs256(claims(info), JWT_SECRET)}`,
  'content-type': 'application/json',
})
const noteBody = JSON.stringify({ title: 'bench note', body: 'A note written by the load test.' })
const seed = async (server, headers) => {
  for (let i = 0; i < 40; i++) await fetch(new URL('/notes', server.url), { method: 'POST', headers, body: noteBody })
}
const hasRateLimits = (key) => (stages[key]?.info.cfg.ratelimits ?? []).length > 0
let notesStage = null

await phase('load', async () => {
  const servers = []
  // variant: {} = Miniflare direct socket with the project's bindings (local D1, local rate
  // limiter); { stubRateLimits } = same, rate limiter → JS-RPC stub; { minimal } = workerd on the
  // minimal config (no Miniflare; rate limiter → in-isolate stub; D1 stubbed, so /health only).
  const start = async (key, variant = {}) => {
    const spec = specFor(key)
    if (!spec) throw new Error(`no bundle for ${key}`)
    const srv = variant.minimal ? await startMinimalWorker(spec) : await startWorker({ ...spec, ...variant })
    servers.push(srv)
    const id = `${key}${variant.minimal ? ' (minimal workerd config)' : variant.stubRateLimits ? ' (rate limiter stubbed)' : ''}`
    for (const n of srv.notes) if (!results.notes.includes(`load, ${id}: ${n}`)) results.notes.push(`load, ${id}: ${n}`)
    return srv
  }
  const targets = []
  try {
    const hello = await start('honoHello')
    targets.push({ key: 'helloGet', server: hello, path: '/' })
  } catch (err) {
    results.figures.load.helloGet = fail('load', 'start bare Hono', err)
  }
  try {
    const hw = await start('handWritten')
    const h = headersFor(null)
    await seed(hw, h)
    targets.push({
      key: 'handWrittenPost',
      server: hw,
      method: 'POST',
      path: '/notes',
      headers: h,
      body: noteBody,
      expectStatus: 201,
    })
    targets.push({ key: 'handWrittenList', server: hw, path: '/notes?limit=20', headers: h })
  } catch (err) {
    results.figures.load.handWrittenPost = fail('load', 'start the hand-written baseline', err)
  }
  // The request-path baseline: the service's behaviour from Hono's stock middleware, with the
  // same (lifted) Rate Limiting binding, so both sides pay Miniflare's emulation where they call it.
  try {
    const sm = await start('stockMiddleware')
    const h = headersFor(null)
    await seed(sm, h)
    targets.push({ key: 'stockHealth', server: sm, path: '/health' })
    targets.push({
      key: 'stockPost',
      server: sm,
      method: 'POST',
      path: '/notes',
      headers: h,
      body: noteBody,
      expectStatus: 201,
    })
    targets.push({ key: 'stockList', server: sm, path: '/notes?limit=20', headers: h })
  } catch (err) {
    results.figures.load.stockHealth = fail('load', 'start the stock-middleware baseline', err)
  }
  // The service: /health on the default service; POST/list /notes on the default service if it
  // has them, else on the service with 1 generated resource.
  if (stages.default) {
    try {
      const svc = await start('default')
      targets.push({ key: 'serviceHealth', server: svc, path: '/health' })
      notesStage = 'default'
      let notesServer = svc
      const p = await probe({
        server: svc,
        method: 'POST',
        path: '/notes',
        headers: headersFor(stages.default.info),
        body: noteBody,
        expectStatus: 201,
      }).catch(() => ({ status: 0 }))
      if (p.status === 404 && stages.resources1) {
        notesStage = 'resources1'
        notesServer = await start('resources1')
      }
      const hn = headersFor(stages[notesStage].info)
      await seed(notesServer, hn)
      results.figures.load.notesStage = notesStage
      targets.push({
        key: 'servicePost',
        server: notesServer,
        method: 'POST',
        path: '/notes',
        headers: hn,
        body: noteBody,
        expectStatus: 201,
      })
      targets.push({ key: 'serviceList', server: notesServer, path: '/notes?limit=20', headers: hn })
      if (hasRateLimits('default')) {
        // Attribution rows: what the service costs without Miniflare's emulation of the
        // Rate Limiting API (a Durable Object with SQLite storage per call).
        const minimal = await start('default', { minimal: true })
        targets.push({ key: 'serviceHealthNoRl', server: minimal, path: '/health' })
        // …compared with bare Hono served the same way.
        const helloMinimal = await start('honoHello', { minimal: true })
        targets.push({ key: 'helloGetMinimal', server: helloMinimal, path: '/' })
      }
      if (hasRateLimits(notesStage)) {
        const stubbed = await start(notesStage, { stubRateLimits: true })
        await seed(stubbed, hn)
        targets.push({
          key: 'servicePostRlStub',
          server: stubbed,
          method: 'POST',
          path: '/notes',
          headers: hn,
          body: noteBody,
          expectStatus: 201,
        })
      }
    } catch (err) {
      results.figures.load.serviceHealth = fail('load', 'start the generated service', err)
    }
  } else {
    results.figures.load.serviceHealth = fail(
      'load',
      'generated service',
      'no default service bundle (see the size figure)',
    )
  }
  try {
    const measured = await measureLoad(targets, {
      connections: PARAMS.connections,
      duration: PARAMS.loadDurationS,
      warmupDuration: PARAMS.loadWarmupS,
      repeats: PARAMS.loadRepeats,
      onProgress: (m) => log(m),
    })
    Object.assign(results.figures.load, measured)
    for (const [k, v] of Object.entries(measured)) if (!v.ok) fail('load', k, v.error)
  } finally {
    for (const s of servers) await s.dispose().catch(() => {})
  }
})

// 3b. Where the CPU goes: V8 CPU profiles of the Worker isolate under the same load --------------
await phase('cpu profiles', async () => {
  const out = {}
  results.figures.profile = out
  const jobs = [
    ['helloGet', 'honoHello', { minimal: true }, { path: '/' }],
    ['serviceHealth', 'default', { minimal: true }, { path: '/health' }],
    [
      'handWrittenPost',
      'handWritten',
      {},
      { method: 'POST', path: '/notes', headers: headersFor(null), body: noteBody },
    ],
    ['stockHealth', 'stockMiddleware', { minimal: true }, { path: '/health' }],
    [
      'stockPost',
      'stockMiddleware',
      { stubRateLimits: true },
      { method: 'POST', path: '/notes', headers: headersFor(null), body: noteBody },
    ],
  ]
  if (notesStage)
    jobs.push([
      'servicePost',
      notesStage,
      { stubRateLimits: hasRateLimits(notesStage) },
      { method: 'POST', path: '/notes', headers: headersFor(stages[notesStage].info), body: noteBody },
    ])
  for (const [key, stage, variant, target] of jobs) {
    const spec = specFor(stage)
    if (!spec) {
      out[key] = { ok: false, error: `no bundle for ${stage}` }
      continue
    }
    let srv
    try {
      srv = variant.minimal
        ? await startMinimalWorker(spec, { inspector: true })
        : await startWorker({ ...spec, ...variant }, { inspectorPort: 0 })
      const p = await profileRoute(srv, target, {
        duration: PARAMS.profileDurationS,
        connections: PARAMS.connections,
        mainFile: spec.mainFile,
      })
      out[key] = {
        ok: true,
        served: variant.minimal
          ? 'workerd, minimal config'
          : variant.stubRateLimits
            ? 'Miniflare, rate limiter stubbed'
            : 'Miniflare',
        ...p,
      }
    } catch (err) {
      out[key] = fail('profile', key, err)
    } finally {
      await srv?.dispose().catch(() => {})
    }
  }
})

if (loadOnly) finish('load-only.json', 'BENCHMARKS-load.md')
finish()

/**
 * Record the totals and write the results: for a partial run (`json`, `md` given) under
 * bench/.work/, leaving BENCHMARKS.md untouched; then end the process.
 */
function finish(json, md) {
  results.totalWallS = +((Date.now() - t0) / 1000).toFixed(1)
  results.benchOnlyWallS = +((Date.now() - tMain) / 1000).toFixed(1)
  results.finishedAt = new Date().toISOString()
  if (json) {
    writeFileSync(join(WORK_DIR, json), `${JSON.stringify(results, null, 2)}\n`)
    writeReport(results, join(WORK_DIR, md))
    log(
      `done in ${results.totalWallS} s — ${results.failures.length} failure(s). Wrote bench/.work/${json} and bench/.work/${md} (BENCHMARKS.md untouched)`,
    )
  } else {
    ensureDir(join(BENCH_DIR, 'results'))
    writeFileSync(join(BENCH_DIR, 'results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`)
    writeReport(results, join(REPO_DIR, 'BENCHMARKS.md'))
    log(
      `done in ${results.totalWallS} s (measuring ${results.benchOnlyWallS} s) — ${results.failures.length} failure(s). Wrote bench/results/latest.json and BENCHMARKS.md`,
    )
  }
  process.exit(0)
}
