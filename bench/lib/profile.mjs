// Attribution for figure 3: where the Worker's CPU goes under load. A V8 CPU profile of the user
// Worker's isolate is taken over the DevTools protocol (workerd's inspector, via Miniflare) while
// autocannon drives one route; self time is mapped through the bundle's source map to the
// original module and grouped like the bundle breakdown (hono: core, app: src/middleware, …).
// Profiling runs on separate server instances after the measured load runs, so its overhead
// never touches the load figures.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { SourceMapConsumer } from 'source-map-js'
import { groupOf } from './size.mjs'
import { BENCH_DIR, NODE22, run } from './util.mjs'

const CLIENT = join(BENCH_DIR, 'lib', 'load-client.mjs')

function cdp(wsUrl) {
  const ws = new WebSocket(wsUrl)
  let id = 0
  const pending = new Map()
  ws.addEventListener('message', (ev) => {
    const msg = JSON.parse(typeof ev.data === 'string' ? ev.data : Buffer.from(ev.data).toString())
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id)
      pending.delete(msg.id)
      if (msg.error) reject(new Error(`${msg.error.message}`))
      else resolve(msg.result)
    }
  })
  const opened = new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true })
    ws.addEventListener('error', () => reject(new Error(`cannot connect to ${wsUrl}`)), { once: true })
  })
  return {
    opened,
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const n = ++id
        pending.set(n, { resolve, reject })
        ws.send(JSON.stringify({ id: n, method, params }))
      }),
    close: () => ws.close(),
  }
}

function shortSource(src) {
  const nm = src.lastIndexOf('node_modules/')
  if (nm >= 0) return src.slice(nm + 'node_modules/'.length)
  const i = src.lastIndexOf('/src/')
  return i >= 0 ? src.slice(i + 1) : src.replace(/^(\.\.\/)+/, '')
}

/** Profile `target` (as in load.mjs) on a server started with `{ inspectorPort: 0 }`. */
export async function profileRoute(server, target, { duration, connections, mainFile, samplingUs = 250 }) {
  const httpBase = server.inspectorUrl ?? (await server.mf.getInspectorURL()).href.replace(/^ws:/, 'http:')
  const list = await (await fetch(new URL('/json/list', httpBase))).json()
  const entry =
    list.find((t) => t.id === 'core:user:main') ??
    list.find((t) => t.id === 'main') ??
    list.find((t) => /user|main/.test(t.id))
  if (!entry) throw new Error(`no inspector target for the user worker (have ${list.map((t) => t.id).join(', ')})`)
  const s = cdp(entry.webSocketDebuggerUrl)
  await s.opened
  try {
    await s.send('Profiler.enable')
    await s.send('Profiler.setSamplingInterval', { interval: samplingUs })
    await s.send('Profiler.start')
    const cfg = {
      url: new URL(target.path, server.url).href,
      method: target.method ?? 'GET',
      headers: target.headers ?? {},
      body: target.body,
      connections,
      duration,
    }
    const res = await run(NODE22, [CLIENT, JSON.stringify(cfg)], { timeoutMs: (duration + 30) * 1000 })
    const { profile } = await s.send('Profiler.stop')
    if (res.code !== 0) throw new Error(`load client failed: ${res.stderr.slice(-800)}`)
    const load = JSON.parse(res.stdout.trim().split('\n').pop())
    return summarizeProfile(profile, { requests: load.requests, mainFile })
  } finally {
    s.close()
  }
}

/** Self time per group, in µs per request, from a V8 CPU profile (native self time charged to its JS caller's group). */
export function summarizeProfile(profile, { requests, mainFile }) {
  const mapPath = `${mainFile}.map`
  const consumer = existsSync(mapPath) ? new SourceMapConsumer(JSON.parse(readFileSync(mapPath, 'utf8'))) : null
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const selfUs = new Map()
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0 // the delta *after* sample i is the time spent in it
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt)
  }
  const parent = new Map()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const resolved = new Map()
  // Where a JS frame comes from: { group, label } via the bundle's source map, or null for native.
  const resolve = (n) => {
    if (resolved.has(n.id)) return resolved.get(n.id)
    const cf = n.callFrame
    let out = null
    if (cf.url && consumer && cf.url.endsWith(mainFile.split('/').pop())) {
      const pos = consumer.originalPositionFor({ line: cf.lineNumber + 1, column: cf.columnNumber })
      const src = pos.source ?? null
      out = src
        ? {
            group: groupOf(src),
            label: `${pos.name ?? (cf.functionName || '(anonymous)')} (${shortSource(src)}:${pos.line})`,
          }
        : {
            group: 'bundle: unmapped (wrangler/esbuild glue)',
            label: `${cf.functionName || '(anonymous)'} (bundle, unmapped)`,
          }
    } else if (cf.url) {
      out = {
        group: `runtime JS: ${cf.url.replace(/^node-internal:|^cloudflare-internal:/, '')}`,
        label: `${cf.functionName || '(anonymous)'} (${cf.url})`,
      }
    }
    resolved.set(n.id, out)
    return out
  }
  const groups = new Map()
  const funcs = new Map()
  let busy = 0
  let idle = 0
  for (const [nodeId, us] of selfUs) {
    const n = byId.get(nodeId)
    const cf = n.callFrame
    let group
    let label
    if (cf.functionName === '(idle)') {
      idle += us
      continue
    } else if (
      cf.functionName === '(program)' ||
      cf.functionName === '(garbage collector)' ||
      cf.functionName === '(root)'
    ) {
      group = `runtime: ${cf.functionName}`
      label = cf.functionName
    } else {
      const own = resolve(n)
      if (own) {
        group = own.group
        label = own.label
      } else {
        // Native/builtin code: charge it to the nearest JS caller, so e.g. console.log's cost
        // lands on the logger that called it.
        let p = parent.get(nodeId)
        let caller = null
        while (p !== undefined && !caller) {
          caller = resolve(byId.get(p))
          p = parent.get(p)
        }
        group = caller ? caller.group : 'runtime: native (no JS caller)'
        label = `${cf.functionName || '(anonymous)'} [native] ← ${caller ? caller.label : 'runtime'}`
      }
    }
    busy += us
    groups.set(group, (groups.get(group) ?? 0) + us)
    funcs.set(label, (funcs.get(label) ?? 0) + us)
  }
  const per = (us) => (requests ? us / requests : null)
  return {
    requests,
    isolateBusyUsPerRequest: per(busy),
    isolateIdleUs: idle,
    groups: [...groups.entries()]
      .map(([group, us]) => ({ group, usPerRequest: per(us), share: busy ? us / busy : 0 }))
      .sort((a, b) => b.usPerRequest - a.usPerRequest),
    topFunctions: [...funcs.entries()]
      .map(([fn, us]) => ({ fn, usPerRequest: per(us), share: busy ? us / busy : 0 }))
      .sort((a, b) => b.usPerRequest - a.usPerRequest)
      .slice(0, 12),
  }
}
