import { PassThrough } from 'node:stream'
import { stripVTControlCharacters } from 'node:util'
import { describe, expect, it } from 'vitest'
import { canDraw, formatElapsed, plainUi } from '../../src/create/ui.js'
import { terminalUi } from '../../src/create/ui-terminal.js'

/** A stream that records what is written to it. */
function recorder(columns = 80) {
  const stream = Object.assign(new PassThrough(), { columns })
  const chunks: string[] = []
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()))
  return { stream, text: () => chunks.join('') }
}

describe('formatElapsed', () => {
  it.each([
    [0, '0s'],
    [999, '0s'],
    [12_400, '12s'],
    [125_000, '2m 5s'],
  ])('%i ms reads %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text)
  })
})

describe('canDraw', () => {
  it('draws on a TTY unless TERM is dumb', () => {
    expect(canDraw({ isTTY: true }, {})).toBe(true)
    expect(canDraw({ isTTY: true }, { TERM: 'dumb' })).toBe(false)
    expect(canDraw({ isTTY: false }, {})).toBe(false)
    expect(canDraw({}, {})).toBe(false)
  })
})

describe('plainUi', () => {
  it('prints one plain line per event: results on stdout, warnings and errors on stderr', () => {
    const out: string[] = []
    const err: string[] = []
    const ui = plainUi({ stdout: (text) => out.push(text), stderr: (text) => err.push(text) })
    ui.intro('create-honoforge 1.0.0')
    ui.step('Created x.')
    ui.warn('Node is old.')
    const task = ui.task('Installing dependencies with npm')
    task.done('Installed dependencies with npm.')
    ui.task('Building the OpenAPI document').warn('Run `npm run openapi`.')
    ui.outro('Next steps', ['cd x', 'npm run dev'], 'x is ready.')
    ui.error('It failed.')
    expect(out).toEqual([
      'create-honoforge 1.0.0',
      'Created x.',
      'Installing dependencies with npm...',
      'Installed dependencies with npm in 0s.',
      'Building the OpenAPI document...',
      '\nNext steps:\n  cd x\n  npm run dev\n\nx is ready.',
    ])
    expect(err).toEqual(['Warning: Node is old.', 'Warning: Run `npm run openapi`.', 'It failed.'])
    expect([...out, ...err].join('\n')).not.toContain('\u001b')
  })
})

/** A terminal UI drawing into recorders. */
function recordedTerminalUi() {
  const stdout = recorder()
  const stderr = recorder()
  return { ui: terminalUi({ stdout: stdout.stream, stderr: stderr.stream }), stdout, stderr }
}

describe('terminalUi', () => {
  it('draws the run on one guide line, from the intro to the outro', () => {
    const { ui, stdout, stderr } = recordedTerminalUi()
    ui.intro('create-honoforge 1.0.0')
    ui.step('Created x.')
    ui.task('Installing dependencies with npm').done('Installed dependencies with npm.')
    ui.outro('Next steps', ['cd x', 'npm run dev'], 'x is ready.')
    const screen = stripVTControlCharacters(stdout.text()).replaceAll('\r', '')
    expect(screen).toContain('┌   create-honoforge 1.0.0')
    expect(screen).toContain('◇  Created x.')
    expect(screen).toContain('◇  Installed dependencies with npm [0s]')
    expect(screen).toMatch(/◇ {2}Next steps\n│ {4}cd x\n│ {4}npm run dev\n│\n└ {2}x is ready\./)
    expect(stderr.text()).toBe('')
  })

  it('settles a running task as failed and closes the guide line with the error', () => {
    const { ui, stdout, stderr } = recordedTerminalUi()
    ui.intro('create-honoforge 1.0.0')
    ui.task('Installing dependencies with npm')
    ui.error('npm install failed (exit code 1). Its last lines:\n  npm error code E404\nTo retry: cd x && npm install')
    expect(stripVTControlCharacters(stdout.text())).toMatch(/■ {2}Installing dependencies with npm \[0s\]\n/)
    expect(stripVTControlCharacters(stderr.text())).toBe(
      '│\n■  npm install failed (exit code 1). Its last lines:\n│    npm error code E404\n│  To retry: cd x && npm install\n└\n',
    )
  })

  it('prints an error that comes before the intro (a usage error) as a plain line', () => {
    const { ui, stdout, stderr } = recordedTerminalUi()
    ui.error('Unknown option --nope.')
    expect(stderr.text()).toBe('Unknown option --nope.\n')
    expect(stdout.text()).toBe('')
  })

  it('a task that only warns leaves no spinner behind', () => {
    const { ui, stdout } = recordedTerminalUi()
    ui.intro('create-honoforge 1.0.0')
    ui.task('Generating the Env types').warn('Run `npm run cf-typegen`.')
    const text = stdout.text()
    // The spinner line and its guide line are erased before the warning is drawn.
    expect(text).toContain('\r\u001b[2K\u001b[1A\r\u001b[2K')
    expect(stripVTControlCharacters(text.slice(text.lastIndexOf('\u001b[1A')))).toContain(
      '▲  Run `npm run cf-typegen`.',
    )
  })
})
