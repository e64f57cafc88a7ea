// Figure 1: Worker bundle size — gzip -9 of the minified bundle from
// `wrangler deploy --dry-run --outdir <dir> --minify`, plus an esbuild metafile breakdown.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { BENCH_BIN, freshDir, gzipSize, readJson, run } from './util.mjs'

/** Which wrangler to bundle a project with: its own if installed, else the bench's. */
export function wranglerFor(projectDir) {
  const own = join(projectDir, 'node_modules', '.bin', 'wrangler')
  return existsSync(own) ? { bin: own, own: true } : { bin: join(BENCH_BIN, 'wrangler'), own: false }
}

/**
 * Bundle a Worker project. Returns { ok, outDir, files, minifiedBytes, gzipBytes, metafile, wrangler }.
 * Throws with wrangler's output when bundling fails.
 */
export async function bundleWorker(projectDir, outDir, { configPath } = {}) {
  freshDir(outDir)
  const metaPath = join(outDir, '..', `${outDir.split('/').pop()}.meta.json`)
  const w = wranglerFor(projectDir)
  const args = ['deploy', '--dry-run', '--outdir', outDir, '--minify', '--metafile', metaPath]
  if (configPath) args.push('--config', configPath)
  const res = await run(w.bin, args, { cwd: projectDir, timeoutMs: 180_000 })
  if (res.code !== 0) {
    throw new Error(
      `wrangler deploy --dry-run failed in ${projectDir} (exit ${res.code}):\n${(res.stderr + res.stdout).trim().split('\n').slice(-25).join('\n')}`,
    )
  }
  const files = readdirSync(outDir).filter((f) => /\.(m?js|wasm)$/.test(f))
  if (files.length === 0) throw new Error(`wrangler wrote no .js file into ${outDir}`)
  let minifiedBytes = 0
  let gzipBytes = 0
  const perFile = []
  for (const f of files) {
    const buf = readFileSync(join(outDir, f))
    const g = gzipSize(buf)
    minifiedBytes += buf.length
    gzipBytes += g
    perFile.push({ file: f, minifiedBytes: buf.length, gzipBytes: g })
  }
  const mainFile = files.includes('index.js') ? 'index.js' : files.find((f) => f.endsWith('.js'))
  return {
    ok: true,
    outDir,
    mainFile: join(outDir, mainFile),
    files: perFile,
    minifiedBytes,
    gzipBytes,
    metafilePath: existsSync(metaPath) ? metaPath : null,
    wranglerOwn: w.own,
    ms: res.ms,
  }
}

/** Map one esbuild input path to a readable group ("hono: router", "zod: core", "app: src/routes"). */
export function groupOf(input) {
  const nm = input.lastIndexOf('node_modules/')
  if (nm >= 0) {
    const rest = input.slice(nm + 'node_modules/'.length)
    const parts = rest.split('/')
    const pkg = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]
    const inner = parts.slice(pkg.split('/').length)
    if (pkg === 'hono') {
      // dist/<area>/... ; dist/cjs is not expected in a Worker bundle
      const d = inner[0] === 'dist' ? inner.slice(1) : inner
      if (d.length === 1) return 'hono: core'
      if (d[0] === 'middleware' || d[0] === 'helper' || d[0] === 'adapter') return `hono: ${d[0]}/${d[1]}`
      if (d[0] === 'utils' && d[1] === 'jwt') return 'hono: utils/jwt'
      return `hono: ${d[0]}`
    }
    if (pkg === 'zod') {
      const s = inner.join('/')
      const m = s.match(/v4\/(core|mini|classic|locales)\//)
      if (m) return `zod: ${m[1]}`
      return 'zod: other'
    }
    return pkg
  }
  if (input.startsWith('<') || input.includes('wrangler/templates') || input.includes('.wrangler/'))
    return 'wrangler glue'
  const clean = input.replace(/^(\.\.\/)+/, '')
  if (/openapi.*\.json$/i.test(clean)) return 'app: openapi document'
  const src = clean.indexOf('src/')
  if (src >= 0) {
    const parts = clean.slice(src).split('/')
    return parts.length > 2 ? `app: ${parts[0]}/${parts[1]}` : `app: ${parts.join('/')}`
  }
  return `app: ${clean}`
}

/** Breakdown of minified bytes by group from an esbuild metafile. */
export function breakdown(metafilePath, { gzipTotal, top = 15 } = {}) {
  const meta = readJson(metafilePath)
  const groups = new Map()
  let total = 0
  for (const [outPath, out] of Object.entries(meta.outputs ?? {})) {
    if (!/\.m?js$/.test(outPath)) continue
    for (const [input, info] of Object.entries(out.inputs ?? {})) {
      const g = groupOf(input)
      const b = info.bytesInOutput ?? 0
      groups.set(g, (groups.get(g) ?? 0) + b)
      total += b
    }
  }
  const rows = [...groups.entries()]
    .map(([group, bytes]) => ({
      group,
      minifiedBytes: bytes,
      share: total ? bytes / total : 0,
      // Proportional estimate: gzip does not attribute bytes to inputs; label it as such.
      approxGzipBytes: gzipTotal && total ? Math.round((bytes / total) * gzipTotal) : null,
    }))
    .sort((a, b) => b.minifiedBytes - a.minifiedBytes)
  const inputsTotal = Object.values(meta.inputs ?? {}).reduce((s, i) => s + (i.bytes ?? 0), 0)
  return {
    totalMinifiedBytesFromInputs: total,
    inputsBytesBeforeMinify: inputsTotal,
    rows: rows.slice(0, top),
    otherGroups: rows.length > top ? rows.slice(top) : [],
  }
}
