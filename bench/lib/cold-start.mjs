// Figure 2: cold start — spawn workerd on a bundle, measure launch → first 200.
//
// The workerd config is the one Miniflare generates for the worker (so D1 and every other
// binding is wired exactly as in the load test). It is captured once per bundle by pointing
// MINIFLARE_WORKERD_PATH at a wrapper that saves the binary capnp config, then workerd is
// spawned directly on that config for every sample: no Node-side Miniflare work is timed.
import { spawn } from 'node:child_process'
import { chmodSync, cpSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { startWorker } from './serve.mjs'
import { freshDir, sleep, summarize } from './util.mjs'
import { writeMinimalConfig } from './workerd-config.mjs'

const require = createRequire(import.meta.url)
const REAL_WORKERD = require('workerd').default

/** Capture the workerd config Miniflare would run for this worker spec. */
export async function captureConfig(spec, captureDir) {
  freshDir(captureDir)
  const tmp = join(captureDir, 'tmp')
  freshDir(tmp)
  const wrapper = join(captureDir, 'workerd.sh')
  writeFileSync(
    wrapper,
    `#!/bin/sh\ncat > "${captureDir}/config.bin"\nprintf '%s\\n' "$@" > "${captureDir}/args"\nexec "${REAL_WORKERD}" "$@" < "${captureDir}/config.bin"\n`,
  )
  chmodSync(wrapper, 0o755)
  const saved = { w: process.env.MINIFLARE_WORKERD_PATH, t: process.env.TMPDIR }
  process.env.MINIFLARE_WORKERD_PATH = wrapper
  process.env.TMPDIR = tmp
  let w
  try {
    w = await startWorker({ ...spec, migrationsDir: undefined })
  } finally {
    if (saved.w === undefined) delete process.env.MINIFLARE_WORKERD_PATH
    else process.env.MINIFLARE_WORKERD_PATH = saved.w
    if (saved.t === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = saved.t
  }
  // Miniflare deletes its temp dirs (disk services named in the config) on dispose: keep a copy.
  cpSync(tmp, `${tmp}.keep`, { recursive: true })
  await w.dispose()
  rmSync(tmp, { recursive: true, force: true })
  renameSync(`${tmp}.keep`, tmp)
  const args = readFileSync(join(captureDir, 'args'), 'utf8')
    .trim()
    .split('\n')
    .map((a) =>
      a === '-'
        ? join(captureDir, 'config.bin')
        : a.startsWith('--external-addr=loopback=')
          ? '--external-addr=loopback=127.0.0.1:9'
          : a,
    )
  return { method: 'miniflare-config', args }
}

/** The minimal text config (see workerd-config.mjs). */
export function minimalLauncher(spec) {
  const { path, notes } = writeMinimalConfig(spec, spec.bundleDir)
  return { method: 'minimal-config', args: ['serve', '--experimental', '--control-fd=3', path], notes }
}

/** One sample: spawn workerd, wait until its direct socket listens, GET path, expect 200. */
export async function coldStartOnce({ args: argv }, path = '/', { timeoutMs = 20_000 } = {}) {
  const t0 = performance.now()
  const child = spawn(REAL_WORKERD, argv, { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  const exited = new Promise((r) => child.on('exit', (code, sig) => r(code ?? sig)))
  try {
    const port = await new Promise((resolve, reject) => {
      let buf = ''
      const timer = setTimeout(
        () => reject(new Error(`workerd did not listen within ${timeoutMs} ms\n${stderr.slice(-2000)}`)),
        timeoutMs,
      )
      exited.then((c) => reject(new Error(`workerd exited (${c}) before listening\n${stderr.slice(-2000)}`)))
      child.stdio[3].on('data', (d) => {
        buf += d
        const lines = buf.split('\n')
        buf = lines.pop()
        for (const line of lines) {
          try {
            const m = JSON.parse(line)
            if (m.event === 'listen' && m.socket !== 'entry') {
              clearTimeout(timer)
              resolve(m.port)
            }
          } catch {}
        }
      })
    })
    const tListen = performance.now()
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(timeoutMs) })
    await res.arrayBuffer()
    const tFirst = performance.now()
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}, not 200`)
    return { listenMs: tListen - t0, firstResponseMs: tFirst - t0 }
  } finally {
    child.kill('SIGKILL')
    await exited
  }
}

/**
 * Measure several bundles, interleaved (a, b, c, a, b, c, ...) so drift on the shared machine
 * hits all of them alike, with both launch methods. targets: [{ key, spec, path }].
 * Returns { [method]: { [key]: { ok, firstResponseMs, listenMs } | { ok: false, error } } }.
 */
export async function measureColdStarts(targets, { repeats, workDir, warmup = 1 }) {
  const launchers = { 'minimal-config': {}, 'miniflare-config': {} }
  const errors = { 'minimal-config': {}, 'miniflare-config': {} }
  const notes = {}
  for (const t of targets) {
    try {
      const l = minimalLauncher(t.spec)
      launchers['minimal-config'][t.key] = l
      notes[t.key] = l.notes
    } catch (err) {
      errors['minimal-config'][t.key] = `writing the workerd config failed: ${err.message}`
    }
    try {
      launchers['miniflare-config'][t.key] = await captureConfig(t.spec, join(workDir, `capture-${t.key}`))
    } catch (err) {
      errors['miniflare-config'][t.key] = `capturing Miniflare's workerd config failed: ${err.message}`
    }
  }
  const samples = {}
  for (const m of Object.keys(launchers))
    samples[m] = Object.fromEntries(targets.map((t) => [t.key, { first: [], listen: [] }]))
  for (let i = 0; i < warmup + repeats; i++) {
    for (const m of Object.keys(launchers)) {
      for (const t of targets) {
        const l = launchers[m][t.key]
        if (!l || errors[m][t.key]) continue
        try {
          const s = await coldStartOnce(l, t.path)
          if (i >= warmup) {
            samples[m][t.key].first.push(s.firstResponseMs)
            samples[m][t.key].listen.push(s.listenMs)
          }
        } catch (err) {
          errors[m][t.key] = err.message
        }
        await sleep(30)
      }
    }
  }
  const out = {}
  for (const m of Object.keys(launchers)) {
    out[m] = {}
    for (const t of targets) {
      out[m][t.key] = errors[m][t.key]
        ? { ok: false, error: errors[m][t.key], path: t.path }
        : {
            ok: true,
            path: t.path,
            firstResponseMs: summarize(samples[m][t.key].first),
            listenMs: summarize(samples[m][t.key].listen),
            ...(m === 'minimal-config' && notes[t.key]?.length ? { notes: notes[t.key] } : {}),
          }
    }
  }
  return out
}

export function hasCapture(dir) {
  return existsSync(join(dir, 'config.bin'))
}
