import { stripVTControlCharacters } from 'node:util'
import { type IPty, spawn } from '@lydell/node-pty'

/** Keys as a terminal sends them. */
export const keys = { enter: '\r', down: '\u001b[B', right: '\u001b[C', left: '\u001b[D', ctrlC: '\u0003' } as const

/** A command running in a real pseudo-terminal, driven by keystrokes. */
export interface Terminal {
  /** Everything written so far, raw (with colours and cursor movement). */
  raw(): string
  /** Everything written so far, as text: escape sequences and carriage returns removed. */
  text(): string
  /** Resolves once `pattern` appears in the text written after the last `waitFor`. */
  waitFor(pattern: string | RegExp, timeoutMs?: number): Promise<void>
  /** Types `data` (see `keys`). */
  type(data: string): void
  /** Resolves with the exit code once the command ends (killed after `timeoutMs`). */
  exit(timeoutMs?: number): Promise<number>
}

/**
 * Run `file` in an 80×30 pseudo-terminal: stdin and stdout are TTYs, as in a user's shell.
 */
export function openTerminal(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Terminal {
  const pty: IPty = spawn(file, args, {
    name: 'xterm-256color',
    cols: 80,
    rows: 30,
    cwd: options.cwd,
    env: options.env,
  })
  let output = ''
  let seen = 0
  const listeners = new Set<() => void>()
  pty.onData((data) => {
    output += data
    for (const listener of listeners) listener()
  })
  const exited = new Promise<number>((resolve) => pty.onExit(({ exitCode }) => resolve(exitCode)))
  const text = () => stripVTControlCharacters(output).replaceAll('\r', '')

  return {
    raw: () => output,
    text,
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const fresh = text().slice(seen)
          const match = typeof pattern === 'string' ? fresh.indexOf(pattern) : fresh.search(pattern)
          if (match < 0) return
          seen += match + 1
          done()
          resolve()
        }
        const timer = setTimeout(() => {
          done()
          reject(new Error(`Timed out waiting for ${String(pattern)}. Screen so far:\n${text()}`))
        }, timeoutMs)
        const done = () => {
          clearTimeout(timer)
          listeners.delete(check)
        }
        listeners.add(check)
        check()
      }),
    type: (data) => pty.write(data),
    exit: (timeoutMs = 60_000) => {
      const timer = setTimeout(() => pty.kill('SIGKILL'), timeoutMs)
      return exited.finally(() => clearTimeout(timer))
    },
  }
}
