import type { Io } from '../io.js'

/** A long step on screen: its label shows until it settles. */
export interface UiTask {
  /** The step succeeded: `message` (a trailing period is dropped) replaces the label, with the time taken. */
  done(message: string): void
  /** The step did not do its job but the run goes on: `message` says what to do instead. */
  warn(message: string): void
}

/**
 * Everything the create flow shows, from the first line to the last, in one style: drawn with
 * @clack/prompts on a terminal (`terminalUi`), plain lines everywhere else (`plainUi`).
 */
export interface CreateUi {
  /** The first line of a run. */
  intro(title: string): void
  /** A finished step. */
  step(message: string): void
  /** Something worth knowing that does not stop the run. */
  warn(message: string): void
  /** Starts a long step (a terminal shows a spinner with the elapsed time). */
  task(label: string): UiTask
  /** The last lines of a successful run: a titled block (the next steps) and a closing line. */
  outro(title: string, lines: string[], closing: string): void
  /**
   * The message that ends a failed run, given by the top-level handler (`cli/run.ts`): settles
   * a running task as failed and closes what the intro opened.
   */
  error(message: string): void
}

/** Elapsed time in whole seconds, as a spinner's timer shows it: "0s", "12s", "2m 5s". */
export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000)
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${seconds % 60}s`
}

/** "Installed dependencies." → "Installed dependencies", so the elapsed time can follow. */
export function withoutPeriod(message: string): string {
  return message.replace(/\.$/, '')
}

/**
 * Line-oriented output for logs, pipes and CI: one line per event, no colour, no cursor
 * movement. Results go to `io.stdout`; warnings and errors to `io.stderr`.
 */
export function plainUi(io: Pick<Io, 'stdout' | 'stderr'>): CreateUi {
  return {
    intro: (title) => io.stdout(title),
    step: (message) => io.stdout(message),
    warn: (message) => io.stderr(`Warning: ${message}`),
    task(label) {
      const started = performance.now()
      io.stdout(`${label}...`)
      return {
        done: (message) => io.stdout(`${withoutPeriod(message)} in ${formatElapsed(performance.now() - started)}.`),
        warn: (message) => io.stderr(`Warning: ${message}`),
      }
    },
    outro: (title, lines, closing) =>
      io.stdout(['', `${title}:`, ...lines.map((line) => `  ${line}`), '', closing].join('\n')),
    error: (message) => io.stderr(message),
  }
}

/**
 * Whether `stream` is a terminal that can draw the clack UI: a TTY whose TERM is not "dumb".
 * Colour is a separate matter (clack honours NO_COLOR through node:util's styleText).
 */
export function canDraw(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  return stream.isTTY === true && env.TERM !== 'dumb'
}

/**
 * The UI for this process: the clack one when stdout can draw it (loaded only then), else
 * plain lines through `io`.
 */
export async function openCreateUi(
  io: Io,
  streams: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream } = process,
): Promise<CreateUi> {
  if (!canDraw(streams.stdout, io.env)) return plainUi(io)
  const { terminalUi } = await import('./ui-terminal.js')
  return terminalUi(streams)
}
