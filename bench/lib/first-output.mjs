// Time to first output: from spawning `create-honoforge` to the first byte it writes — the
// moment the user sees the command respond. Measured twice: interactive, in a pseudo-terminal
// (the intro and first prompt; then Ctrl-C), and `--yes` with pipes (the intro line).
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { CREATE_BIN } from './project.mjs'
import { benchEnv, freshDir, NODE22, REPO_DIR, sleep, summarize } from './util.mjs'

// The pseudo-terminal comes from the repo's own dev dependencies (its tests drive prompts with it).
const { spawn: spawnPty } = createRequire(join(REPO_DIR, 'package.json'))('@lydell/node-pty')

/** A user's terminal: colour, no CI marker. */
const terminalEnv = () => ({
  ...benchEnv(),
  CI: undefined,
  NO_COLOR: undefined,
  FORCE_COLOR: undefined,
  TERM: 'xterm-256color',
})

/** Spawn in a pty with no arguments, time the first byte, then cancel the prompt with Ctrl-C. */
function interactiveOnce(cwd) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const pty = spawnPty(NODE22, [CREATE_BIN], { name: 'xterm-256color', cols: 100, rows: 30, cwd, env: terminalEnv() })
    let first
    let text = ''
    const timer = setTimeout(() => pty.kill('SIGKILL'), 30_000)
    pty.onData((data) => {
      first ??= performance.now() - t0
      text += data
      // Cancel once the first question is on screen: nothing is written.
      if (text.includes('Where should the project be created?') && !text.includes('\u0003')) {
        text += '\u0003'
        pty.write('\u0003')
      }
    })
    pty.onExit(({ exitCode }) => {
      clearTimeout(timer)
      if (first === undefined) reject(new Error(`exit ${exitCode} without output`))
      else if (exitCode !== 130)
        reject(new Error(`expected exit 130 after Ctrl-C, got ${exitCode}: ${text.slice(-300)}`))
      else resolve(first)
    })
  })
}

/** Spawn `--yes --no-install --no-git` with pipes; time the first byte on stdout or stderr. */
function yesOnce(cwd) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(NODE22, [CREATE_BIN, 'my-api', '--yes', '--no-install', '--no-git'], {
      cwd,
      env: benchEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let first
    let err = ''
    const mark = () => (first ??= performance.now() - t0)
    child.stdout.on('data', mark)
    child.stderr.on('data', (d) => {
      mark()
      err += d
    })
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 && first !== undefined ? resolve(first) : reject(new Error(`exit ${code}: ${err.slice(-300)}`)),
    )
  })
}

/** { interactive, yes }: each { ok, firstOutputMs: summary } or { ok: false, error }. */
export async function measureFirstOutput({ repeats, workDir }) {
  const out = {}
  for (const [key, once] of [
    ['interactive', interactiveOnce],
    ['yes', yesOnce],
  ]) {
    try {
      const samples = []
      for (let i = 0; i < repeats + 1; i++) {
        const ms = await once(freshDir(join(workDir, `first-output-${key}`)))
        if (i > 0) samples.push(ms) // the first run warms the page cache; not recorded
        await sleep(50)
      }
      out[key] = { ok: true, firstOutputMs: summarize(samples) }
    } catch (err) {
      out[key] = { ok: false, error: err.message }
    }
  }
  return out
}
