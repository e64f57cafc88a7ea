/**
 * What the CLI needs from its process, gathered in one value so tests can run the whole
 * command in-process with their own cwd, environment and output sinks.
 */
export interface Io {
  cwd: string
  env: Record<string, string | undefined>
  /** Whether stdin is a terminal: prompts are shown only then. */
  stdinIsTTY: boolean
  stdout: (text: string) => void
  stderr: (text: string) => void
}

/** The real process: its cwd, environment, TTY state and standard streams. */
export function processIo(): Io {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
  }
}
