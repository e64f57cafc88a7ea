// Shared helpers: paths, process running, timing, statistics, sizes.
import { spawn } from 'node:child_process'
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const REPO_DIR = resolve(BENCH_DIR, '..')
export const WORK_DIR = join(BENCH_DIR, '.work')
export const BENCH_BIN = join(BENCH_DIR, 'node_modules', '.bin')
/** The Node 22 binary installed by bench/package.json (the `node` package). */
export const NODE22 = join(BENCH_DIR, 'node_modules', 'node', 'bin', 'node')

/** Environment for every child: Node 22 first on PATH, no wrangler telemetry or cf fetches. */
export function benchEnv(extra = {}) {
  return {
    ...process.env,
    PATH: `${dirname(NODE22)}:${BENCH_BIN}:${process.env.PATH}`,
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    WRANGLER_LOG: process.env.WRANGLER_LOG ?? 'warn',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    CI: '1',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    ...extra,
  }
}

export function log(...args) {
  const t = new Date().toISOString().slice(11, 19)
  console.log(`[bench ${t}]`, ...args)
}

/**
 * Run a command; resolves { code, stdout, stderr, ms } (never rejects on non-zero exit unless
 * `check` is set). `timeoutMs` kills the whole process group.
 */
export function run(
  cmd,
  args,
  { cwd = BENCH_DIR, env = benchEnv(), check = false, timeoutMs = 10 * 60_000, input } = {},
) {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now()
    const child = spawn(cmd, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    if (input !== undefined) child.stdin.end(input)
    else child.stdin.end()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {}
    }, timeoutMs)
    child.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const ms = performance.now() - t0
      stdout = stripAnsi(stdout)
      stderr = stripAnsi(stderr)
      const res = { code: timedOut ? 'timeout' : (code ?? signal), stdout, stderr, ms }
      if (check && res.code !== 0) {
        const err = new Error(
          `${cmd} ${args.join(' ')} (cwd ${cwd}) exited ${res.code}${timedOut ? ` after ${timeoutMs} ms` : ''}\n${tail(stderr || stdout, 30)}`,
        )
        err.result = res
        reject(err)
      } else resolvePromise(res)
    })
  })
}

export function stripAnsi(s) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: an ANSI escape sequence starts with ESC.
  return String(s).replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
}

export function tail(text, lines = 20) {
  return String(text).trimEnd().split('\n').slice(-lines).join('\n')
}

export function ensureDir(p) {
  mkdirSync(p, { recursive: true })
  return p
}

export function freshDir(p) {
  rmSync(p, { recursive: true, force: true })
  mkdirSync(p, { recursive: true })
  return p
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Summary of repeated samples: median, min, max, spread = (max-min)/median. */
export function summarize(samples) {
  const xs = samples.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b)
  if (xs.length === 0) return null
  const q = (p) => {
    const i = (xs.length - 1) * p
    const lo = Math.floor(i)
    const hi = Math.ceil(i)
    return xs[lo] + (xs[hi] - xs[lo]) * (i - lo)
  }
  const median = q(0.5)
  return {
    n: xs.length,
    median,
    min: xs[0],
    max: xs[xs.length - 1],
    p25: q(0.25),
    p75: q(0.75),
    spreadPct: median ? ((xs[xs.length - 1] - xs[0]) / median) * 100 : null,
    samples,
  }
}

export function ratio(a, b) {
  if (typeof a !== 'number' || typeof b !== 'number' || !b) return null
  return a / b
}

export function gzipSize(buf) {
  return gzipSync(buf, { level: 9 }).length
}

/** Apparent size (sum of file sizes) and file count of a directory tree; symlinks not followed. */
export function dirSize(p) {
  let bytes = 0
  let files = 0
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const f = join(d, name)
      const st = lstatSync(f)
      if (st.isDirectory()) walk(f)
      else if (st.isFile()) {
        bytes += st.size
        files++
      }
    }
  }
  if (existsSync(p)) walk(p)
  return { bytes, files }
}

export function readJson(p) {
  return JSON.parse(readFileSync(p, 'utf8'))
}

/** Strip // and /* *\/ comments and trailing commas from JSONC (good enough for wrangler.jsonc). */
export function parseJsonc(text) {
  let out = ''
  let i = 0
  let inStr = false
  while (i < text.length) {
    const ch = text[i]
    if (inStr) {
      out += ch
      if (ch === '\\') {
        out += text[i + 1] ?? ''
        i += 2
        continue
      }
      if (ch === '"') inStr = false
      i++
    } else if (ch === '"') {
      inStr = true
      out += ch
      i++
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++
    } else if (ch === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2) + 2
      if (i < 2) break
    } else {
      out += ch
      i++
    }
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'))
}

/** CPU time (user+system) in ms of a process, from /proc/<pid>/stat. */
export function procCpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // fields[0] is state (field 3); utime is field 14, stime field 15 → indexes 11, 12.
  const ticks = Number(fields[11]) + Number(fields[12])
  return (ticks * 1000) / CLK_TCK
}

// getconf CLK_TCK is 100 on Linux x86_64; checked once at startup in machine.mjs.
export let CLK_TCK = 100
export function setClkTck(v) {
  CLK_TCK = v
}

export function fmt(n, digits = 1) {
  if (n === null || n === undefined || Number.isNaN(n)) return '—'
  return Number(n).toFixed(digits)
}

export function kb(bytes, digits = 1) {
  return bytes == null ? '—' : (bytes / 1000).toFixed(digits)
}

export function errorInfo(err) {
  const msg = err?.message ?? String(err)
  return msg.length > 4000 ? `${msg.slice(0, 4000)}…` : msg
}
