import { execFileSync, spawn } from 'node:child_process'
import { freePort } from './toolchain.js'

/** A service's `npm run dev`, running in a process group of its own as a terminal would run it. */
export interface DevServer {
  /** Base URL the dev server listens on. */
  url: string
  /** Everything the command printed so far, for assertion messages. */
  output: () => string
  /**
   * Ctrl-C: SIGINT to the whole process group, then waits until every process in it has
   * exited. Throws (after killing what is left) when something outlives the grace period.
   */
  stop: () => Promise<void>
}

/**
 * Starts `npm run dev -- --port <free port>` in `dir` and waits until GET /health answers.
 * `detached` makes the command lead a new process group (setsid), so stopping it signals
 * npm, the dev script, wrangler, workerd and the database server together, as Ctrl-C does.
 */
async function startDevServer(dir: string, env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<DevServer> {
  const port = await freePort()
  const child = spawn('npm', ['run', 'dev', '--', '--port', String(port), '--ip', '127.0.0.1'], {
    cwd: dir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  child.stdout.on('data', (chunk) => {
    text += chunk
  })
  child.stderr.on('data', (chunk) => {
    text += chunk
  })
  const group = child.pid
  if (group === undefined) throw new Error(`npm run dev did not start in ${dir}`)
  const server: DevServer = {
    url: `http://127.0.0.1:${port}`,
    output: () => text,
    stop: () => stopGroup(group, () => text),
  }
  const deadline = Date.now() + timeoutMs
  while (!(await answers(`${server.url}/health`))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await server.stop().catch(() => {})
      throw new Error(`npm run dev did not answer /health on port ${port} (exit ${child.exitCode})\n${text}`)
    }
    await sleep(250)
  }
  return server
}

/** Runs `fn` against a started dev server and stops the server (Ctrl-C) however `fn` ends. */
export async function withDevServer<T>(
  dir: string,
  env: NodeJS.ProcessEnv,
  fn: (server: DevServer) => Promise<T>,
): Promise<T> {
  const server = await startDevServer(dir, env)
  try {
    return await fn(server)
  } finally {
    await server.stop()
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok
  } catch {
    return false
  }
}

async function stopGroup(group: number, output: () => string, graceMs = 30_000): Promise<void> {
  signalGroup(group, 'SIGINT')
  const deadline = Date.now() + graceMs
  while (groupMembers(group).length > 0) {
    if (Date.now() > deadline) {
      const left = groupMembers(group)
      signalGroup(group, 'SIGKILL')
      throw new Error(`still running ${graceMs} ms after Ctrl-C:\n${left.join('\n')}\n--- output\n${output()}`)
    }
    await sleep(100)
  }
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal)
  } catch {
    // The group is already gone.
  }
}

/** `pid command` of every running process in the process group (zombies excluded). */
function groupMembers(group: number): string[] {
  return processTable()
    .filter((row) => row.pgid === group && !row.state.startsWith('Z'))
    .map((row) => `${row.pid} ${row.command}`)
}

/**
 * `pid command` of every running process whose command line mentions `path`: the service's
 * own Postgres binaries live in its node_modules, so this finds its servers and nobody else's.
 */
export function processesMentioning(path: string): string[] {
  return processTable()
    .filter((row) => row.command.includes(path) && !row.state.startsWith('Z'))
    .map((row) => `${row.pid} ${row.command}`)
}

type ProcessRow = { pid: number; pgid: number; state: string; command: string }

function processTable(): ProcessRow[] {
  const listing = execFileSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' })
  return listing
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map(([, pid, pgid, state, command]) => ({
      pid: Number(pid),
      pgid: Number(pgid),
      state: state ?? '',
      command: command ?? '',
    }))
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
