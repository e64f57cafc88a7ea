// Figure 4: generator speed — `create-honoforge my-api --yes --no-install --no-git` vs
// `create-vite x --template vanilla-ts --no-interactive --no-immediate`, same Node, same run,
// interleaved repeats. (`gen resource` timings are collected while the project grows: main.mjs.)
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CREATE_BIN } from './project.mjs'
import { BENCH_DIR, dirSize, freshDir, NODE22, REPO_DIR, run, sleep, summarize, tail } from './util.mjs'

/**
 * Runs `measure` with the checkout's build stamped as a registry release (dist/release.json,
 * what `npm publish` writes), so create is timed as `npm create` users run it: without packing
 * itself into the service, which only unpublished builds do. The stamp is removed afterwards.
 */
async function asRegistryRelease(measure) {
  const stamp = join(REPO_DIR, 'dist', 'release.json')
  const { version } = JSON.parse(readFileSync(join(REPO_DIR, 'package.json'), 'utf8'))
  writeFileSync(stamp, `${JSON.stringify({ version })}\n`)
  try {
    return await measure()
  } finally {
    rmSync(stamp, { force: true })
  }
}

const CREATE_VITE = join(BENCH_DIR, 'node_modules', 'create-vite', 'index.js')

export async function measureGeneratorSpeed(options) {
  return asRegistryRelease(() => measureSpeed(options))
}

async function measureSpeed({ repeats, workDir }) {
  const tools = {
    honoforge: { argv: [CREATE_BIN, 'my-api', '--yes', '--no-install', '--no-git'], out: 'my-api' },
    createVite: {
      argv: [CREATE_VITE, 'x', '--template', 'vanilla-ts', '--no-interactive', '--no-immediate'],
      out: 'x',
    },
  }
  const samples = { honoforge: [], createVite: [] }
  const errors = {}
  const files = {}
  for (let i = 0; i < repeats + 1; i++) {
    for (const [key, t] of Object.entries(tools)) {
      if (errors[key]) continue
      const cwd = freshDir(join(workDir, `gen-${key}`))
      const res = await run(NODE22, t.argv, { cwd, timeoutMs: 120_000 })
      if (res.code !== 0 || !existsSync(join(cwd, t.out, 'package.json'))) {
        errors[key] =
          `exit ${res.code}${res.code === 0 ? ' but no package.json written' : ''}: ${tail(res.stderr || res.stdout, 15)}`
        continue
      }
      files[key] = dirSize(join(cwd, t.out))
      if (i > 0) samples[key].push(res.ms) // first run warms the page cache; not recorded
      await sleep(50)
    }
  }
  const out = {}
  for (const key of Object.keys(tools)) {
    out[key] = errors[key]
      ? { ok: false, error: errors[key], command: `node ${tools[key].argv.join(' ')}` }
      : {
          ok: true,
          wallMs: summarize(samples[key]),
          filesWritten: files[key].files,
          bytesWritten: files[key].bytes,
          command: `node ${tools[key].argv.map((a) => a.replace(/^\/.*\//, '')).join(' ')}`,
        }
  }
  return out
}
