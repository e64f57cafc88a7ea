// Figure 3: request cost under load. Servers are workerd processes (Miniflare direct sockets,
// see serve.mjs); the load comes from a separate autocannon process on 127.0.0.1 with a fixed
// duration and connection count. Server CPU is read from /proc/<workerd pid>/stat before/after.
import { createHmac } from 'node:crypto'
import { join } from 'node:path'
import { BENCH_DIR, NODE22, procCpuMs, run, sleep, summarize } from './util.mjs'

const CLIENT = join(BENCH_DIR, 'lib', 'load-client.mjs')

const b64url = (buf) => Buffer.from(buf).toString('base64url')

/** HS256 JWT (RFC 7519) signed with `secret`. */
export function signJwtHs256(payload, secret) {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
  const body = b64url(JSON.stringify(payload))
  const sig = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url')
  return `${header}.${body}.${sig}`
}

/** One request, to check a target answers what we expect before loading it. */
export async function probe(target) {
  const res = await fetch(new URL(target.path, target.server.url), {
    method: target.method ?? 'GET',
    headers: target.headers,
    body: target.body,
    signal: AbortSignal.timeout(10_000),
  })
  const text = await res.text()
  return { status: res.status, body: text.slice(0, 600), ok: res.status === (target.expectStatus ?? 200) }
}

async function oneRun(target, { connections, duration }) {
  const cfg = {
    url: new URL(target.path, target.server.url).href,
    method: target.method ?? 'GET',
    headers: target.headers ?? {},
    body: target.body,
    connections,
    duration,
  }
  const cpu0 = procCpuMs(target.server.pid)
  const res = await run(NODE22, [CLIENT, JSON.stringify(cfg)], { timeoutMs: (duration + 30) * 1000 })
  const cpu1 = procCpuMs(target.server.pid)
  if (res.code !== 0) throw new Error(`load client failed (exit ${res.code}): ${res.stderr.slice(-1500)}`)
  const out = JSON.parse(res.stdout.trim().split('\n').pop())
  const expected = String(target.expectStatus ?? 200)
  const good = out.statusCodes[expected] ?? 0
  return {
    ...out,
    good,
    serverCpuMs: cpu1 - cpu0,
    cpuMsPer1k: out.requests ? ((cpu1 - cpu0) / out.requests) * 1000 : null,
  }
}

/**
 * targets: [{ key, server: { url, pid }, method, path, headers, body, expectStatus }].
 * Runs are interleaved across targets for each repeat. Returns { [key]: result }.
 */
export async function measureLoad(targets, { connections, duration, warmupDuration, repeats, onProgress = () => {} }) {
  const results = {}
  const live = []
  for (const t of targets) {
    try {
      const p = await probe(t)
      if (!p.ok) {
        results[t.key] = {
          ok: false,
          error: `probe ${t.method ?? 'GET'} ${t.path} answered ${p.status}, expected ${t.expectStatus ?? 200}: ${p.body}`,
        }
        continue
      }
      results[t.key] = { ok: true, probe: p, runs: [] }
      live.push(t)
    } catch (err) {
      results[t.key] = { ok: false, error: `probe failed: ${err.message}` }
    }
  }
  // Warm-up: JIT, D1 object, connection pools. Not recorded.
  for (const t of live) {
    try {
      await oneRun(t, { connections, duration: warmupDuration })
    } catch (err) {
      results[t.key] = { ok: false, error: `warm-up failed: ${err.message}` }
    }
  }
  for (let r = 0; r < repeats; r++) {
    for (const t of live) {
      if (!results[t.key].ok) continue
      try {
        const one = await oneRun(t, { connections, duration })
        results[t.key].runs.push(one)
        onProgress(
          `${t.key} #${r + 1}: ${one.reqPerSec.toFixed(0)} req/s, p50 ${one.latencyMs.p50} ms, p99 ${one.latencyMs.p99} ms, ${one.cpuMsPer1k?.toFixed(1)} CPU ms/1k, codes ${JSON.stringify(one.statusCodes)}`,
        )
      } catch (err) {
        results[t.key] = { ok: false, error: err.message }
      }
      await sleep(300)
    }
  }
  for (const t of live) {
    const r = results[t.key]
    if (!r.ok) continue
    const runs = r.runs
    const badRuns = runs.filter((x) => x.good < x.requests || x.errors > 0)
    Object.assign(r, {
      method: t.method ?? 'GET',
      path: t.path,
      reqPerSec: summarize(runs.map((x) => x.reqPerSec)),
      p50Ms: summarize(runs.map((x) => x.latencyMs.p50)),
      p99Ms: summarize(runs.map((x) => x.latencyMs.p99)),
      cpuMsPer1k: summarize(runs.map((x) => x.cpuMsPer1k)),
      totalRequests: runs.reduce((s, x) => s + x.requests, 0),
      unexpectedResponses: runs.reduce((s, x) => s + (x.requests - x.good) + x.errors, 0),
    })
    if (badRuns.length) r.warning = `${r.unexpectedResponses} responses were not ${t.expectStatus ?? 200} (or errored)`
  }
  return results
}
