import type { Writable } from 'node:stream'
import { styleText } from 'node:util'
import { intro, log, outro, S_BAR, S_BAR_END, S_ERROR, S_STEP_SUBMIT, unicode } from '@clack/prompts'
import { type CreateUi, formatElapsed, type UiTask, withoutPeriod } from './ui.js'

type Out = Writable & { columns?: number }

// One character per frame.
const frames = unicode ? '◒◐◓◑' : '•oO0'
const clearLine = '\r\x1b[2K'
const hideCursor = '\x1b[?25l'
const showCursor = '\x1b[?25h'

/**
 * The create flow drawn with @clack/prompts, continuing the style of its prompts: an intro,
 * steps on the guide line, a spinner with the elapsed time, the next steps, an outro.
 * Errors that end the run go to `stderr`, closing the guide line when the intro opened it.
 */
export function terminalUi({ stdout, stderr }: { stdout: Out; stderr: Out } = process): CreateUi {
  let opened = false
  let running: Spinner | undefined
  const output = stdout // clack's option name

  return {
    intro(title) {
      opened = true
      intro(styleText('inverse', ` ${title} `), { output })
    },
    step: (message) => log.step(message, { output }),
    warn: (message) => log.warn(message, { output }),
    task(label) {
      const spinner = startSpinner(stdout, label)
      running = spinner
      const settle = (finish: () => void) => {
        if (running === spinner) running = undefined
        finish()
      }
      return {
        done: (message) => settle(() => spinner.stop(styleText('green', S_STEP_SUBMIT), withoutPeriod(message))),
        warn: (message) =>
          settle(() => {
            spinner.clear()
            log.warn(message, { output })
          }),
      } satisfies UiTask
    },
    outro(title, lines, closing) {
      // A titled block on the guide line rather than clack's note box, which wraps to the
      // terminal's width and breaks apart where the width is unknown.
      log.step([title, ...lines.map((line) => `  ${styleText('cyan', line)}`)].join('\n'), { output })
      outro(closing, { output })
    },
    error(message) {
      running?.stop(styleText('red', S_ERROR), running.label)
      running = undefined
      if (!opened) return void stderr.write(`${message}\n`)
      log.error(message, { output: stderr })
      stderr.write(`${styleText('gray', S_BAR_END)}\n`)
      opened = false
    },
  }
}

interface Spinner {
  label: string
  stop(symbol: string, message: string): void
  clear(): void
}

/**
 * clack's own spinner puts stdin in raw mode and exits with code 0 on Ctrl-C, leaving the
 * package manager running; this one leaves the terminal alone, so Ctrl-C stays a SIGINT that
 * reaches the child and the flow's interrupt handling.
 */
function startSpinner(out: Out, label: string): Spinner {
  const started = performance.now()
  const elapsed = () => styleText('dim', `[${formatElapsed(performance.now() - started)}]`)
  // One line only: a wrapped line could not be redrawn in place. An unknown width (0) is not a limit.
  const clip = (line: string) => (out.columns ? line.slice(0, Math.max(out.columns - 12, 20)) : line)
  let frame = 0
  const draw = () => {
    const symbol = styleText('magenta', frames.charAt(frame++ % frames.length))
    out.write(`${clearLine}${symbol}  ${clip(label)} ${elapsed()}`)
  }
  out.write(`${styleText('gray', S_BAR)}\n${hideCursor}`)
  draw()
  const timer = setInterval(draw, 100)
  const end = (line: string) => {
    clearInterval(timer)
    out.write(`${clearLine}${line}${showCursor}`)
  }
  return {
    label,
    stop: (symbol, message) => end(`${symbol}  ${message} ${elapsed()}\n`),
    // Also erases the guide line drawn above the spinner: what follows draws its own.
    clear: () => end(`\x1b[1A${clearLine}`),
  }
}
