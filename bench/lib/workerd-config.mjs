// Minimal workerd (text capnp) config for one bundle: the Worker, its plain vars/secrets, and
// stubs for resource bindings (D1 → the real `cloudflare-internal:d1-api` wrapper over a stub
// fetcher that answers 503; rate limiters → an always-allow JS-RPC stub; anything else → a stub
// service). Used for the cold-start figure,
// where Miniflare's full config would add ~100 ms of its own internal services to every sample.
// A route that really touches a stubbed resource will not answer 200: the bench then reports
// the Miniflare-config figure only.

import { spawn } from 'node:child_process'
import { readdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, join } from 'node:path'
import { RATE_LIMIT_STUB, workerOptionsFor } from './serve.mjs'

const capnpString = (s) => JSON.stringify(String(s))

export function writeMinimalConfig(spec, configDir) {
  const { options } = workerOptionsFor(spec)
  const notes = []
  const files = readdirSync(spec.bundleDir).filter((f) => /\.m?js$/.test(f))
  const main = basename(spec.mainFile)
  const ordered = [main, ...files.filter((f) => f !== main)]
  const rel = (f) => join(spec.bundleDir, f).replace(`${configDir}/`, '')
  const modules = ordered.map((f) => `(name = ${capnpString(f)}, esModule = embed ${capnpString(rel(f))})`)
  const bindings = []
  for (const [name, value] of Object.entries(options.bindings ?? {})) {
    if (typeof value === 'string') bindings.push(`(name = ${capnpString(name)}, text = ${capnpString(value)})`)
    else bindings.push(`(name = ${capnpString(name)}, json = ${capnpString(JSON.stringify(value))})`)
  }
  for (const name of Object.keys(options.d1Databases ?? {})) {
    bindings.push(
      `(name = ${capnpString(name)}, wrapped = (moduleName = "cloudflare-internal:d1-api", innerBindings = [(name = "fetcher", service = "stub")]))`,
    )
    notes.push(`${name}: D1 wrapper over a stub (no database)`)
  }
  for (const name of Object.keys(options.ratelimits ?? {})) {
    // An in-isolate, always-allow stand-in (a wrapped binding over an internal module).
    bindings.push(`(name = ${capnpString(name)}, wrapped = (moduleName = "bench:ratelimit-stub"))`)
    notes.push(`${name}: always-allow in-isolate rate-limit stub`)
  }
  const stubKinds = [
    'kvNamespaces',
    'r2Buckets',
    'serviceBindings',
    'queueProducers',
    'durableObjects',
    'analyticsEngineDatasets',
    'hyperdrives',
    'workflows',
  ]
  for (const kind of stubKinds) {
    const v = options[kind]
    const names = Array.isArray(v) ? v : Object.keys(v ?? {})
    for (const name of names) {
      bindings.push(`(name = ${capnpString(name)}, service = "stub")`)
      notes.push(`${name} (${kind}): stub service`)
    }
  }
  const flags = (options.compatibilityFlags ?? []).map(capnpString).join(', ')
  const text = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .mainWorker), (name = "stub", worker = .stubWorker) ],
  extensions = [ ( modules = [ ( name = "bench:ratelimit-stub", internal = true,
    esModule = "export default function () { return { async limit() { return { success: true } } } }" ) ] ) ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);
const mainWorker :Workerd.Worker = (
  modules = [ ${modules.join(', ')} ],
  compatibilityDate = ${capnpString(options.compatibilityDate ?? '2026-11-01')},
  compatibilityFlags = [ ${flags} ],
  bindings = [ ${bindings.join(', ')} ],
);
const stubWorker :Workerd.Worker = (
  modules = [ (name = "stub.js", esModule = ${capnpString(RATE_LIMIT_STUB.source)}) ],
  compatibilityDate = "2026-11-01",
);
`
  const path = join(configDir, 'bench-minimal.capnp')
  writeFileSync(path, text)
  return { path, notes }
}

const REAL_WORKERD = createRequire(import.meta.url)('workerd').default

/**
 * Serve a bundle from workerd directly on the minimal config (no Miniflare). Resolves
 * { url, pid, inspectorUrl?, notes, dispose }. workerd's stdout (the Worker's console output) is
 * drained asynchronously so a logging Worker never blocks on a full pipe.
 */
export async function startMinimalWorker(spec, { inspector = false, timeoutMs = 20_000 } = {}) {
  const { path, notes } = writeMinimalConfig(spec, spec.bundleDir)
  const args = ['serve', '--experimental', '--control-fd=3', path]
  if (inspector) args.push('--inspector-addr=127.0.0.1:0')
  const child = spawn(REAL_WORKERD, args, { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] })
  child.stdout.resume()
  let stderr = ''
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)))
  const exited = new Promise((r) => child.on('exit', (c, s) => r(c ?? s)))
  const ports = await new Promise((resolve, reject) => {
    const got = {}
    let buf = ''
    const timer = setTimeout(
      () => reject(new Error(`workerd did not listen within ${timeoutMs} ms\n${stderr}`)),
      timeoutMs,
    )
    exited.then((c) => reject(new Error(`workerd exited (${c}) before listening\n${stderr}`)))
    child.stdio[3].on('data', (d) => {
      buf += d
      const lines = buf.split('\n')
      buf = lines.pop()
      for (const line of lines) {
        try {
          const m = JSON.parse(line)
          if (m.event === 'listen') got.http = m.port
          if (m.event === 'listen-inspector') got.inspector = m.port
        } catch {}
      }
      if (got.http && (!inspector || got.inspector)) {
        clearTimeout(timer)
        resolve(got)
      }
    })
  })
  return {
    url: new URL(`http://127.0.0.1:${ports.http}/`),
    pid: child.pid,
    inspectorUrl: ports.inspector ? `http://127.0.0.1:${ports.inspector}` : undefined,
    notes,
    dispose: async () => {
      child.kill('SIGKILL')
      await exited
    },
  }
}
