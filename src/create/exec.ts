import { spawn } from 'node:child_process'

export interface ExecOptions {
  cwd: string
  /** Kills the child when it fires. */
  signal?: AbortSignal
  /** Start through a shell: needed for package managers on Windows, which are .cmd shims. */
  shell?: boolean
}

export interface ExecResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Runs a command; injectable so install and git steps are testable without real processes. */
export type Exec = (command: string, args: string[], options: ExecOptions) => Promise<ExecResult>

/**
 * Run a command to completion, capturing its output. Resolves with its exit status whatever it
 * is; rejects only when the command cannot be started (ENOENT when it is not on PATH) or
 * `signal` fires.
 */
export const exec: Exec = (command, args, { cwd, signal, shell = false }) =>
  new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd,
      signal,
      // Output is captured, never shared: the create flow draws the screen alone.
      stdio: ['ignore', 'pipe', 'pipe'],
      shell,
    })
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code, exitSignal) => resolvePromise({ code, signal: exitSignal, stdout, stderr }))
  })
