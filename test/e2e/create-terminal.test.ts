import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer as createHttpServer } from 'node:http'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { packageInfo } from '../../src/package-info.js'
import { keys, openTerminal } from './terminal.js'
import { freePort, installPackedCli, output, run, workRoot } from './toolchain.js'

// The packed bin in a real pseudo-terminal, answered keystroke by keystroke, as a user sees it.
const cwd = join(workRoot, 'terminal')
let bin: string
const env: NodeJS.ProcessEnv = {
  ...process.env,
  CI: undefined,
  NO_COLOR: undefined,
  TERM: 'xterm-256color',
  npm_config_user_agent: 'npm/11.0.0 node/v20 linux x64',
}

beforeAll(() => {
  bin = join(installPackedCli('cli-terminal'), 'create-honoforge')
  rmSync(cwd, { recursive: true, force: true })
  mkdirSync(cwd, { recursive: true })
})

describe('create-honoforge in a terminal', () => {
  it('Should ask every question, then draw the steps and the next steps in the same style', async () => {
    const term = openTerminal(bin, [], { cwd, env })
    await term.waitFor(`create-honoforge ${packageInfo().version}`)
    await term.waitFor('Where should the project be created?')
    term.type(`shop${keys.enter}`)
    await term.waitFor('Worker name')
    term.type(`shop-api${keys.enter}`)
    await term.waitFor('Database')
    term.type(`${keys.down}${keys.down}${keys.enter}`) // None, past PostgreSQL
    await term.waitFor('Authentication')
    term.type(keys.enter) // JWT
    await term.waitFor('Serve OpenAPI docs at /docs?')
    term.type(keys.enter) // Yes
    await term.waitFor('Install dependencies with npm?')
    term.type(`${keys.right}${keys.enter}`) // No
    await term.waitFor('Initialise a git repository?')
    term.type(keys.enter) // Yes
    expect(await term.exit(), term.text()).toBe(0)

    const screen = term.text()
    expect(screen).toMatch(/^┌ +create-honoforge /)
    expect(screen).toMatch(/◇ {2}Database\n│ {2}None/)
    expect(screen).toMatch(/◇ {2}Install dependencies with npm\?\n│ {2}No/)
    expect(screen).toMatch(/◇ {2}Created shop-api in .*shop \(\d+ files\)\./)
    expect(screen).toMatch(/◇ {2}Initialised a git repository/)
    expect(screen).toMatch(/◇ {2}Next steps\n│ {4}cd shop\n│ {4}npm install\n│ {4}npm run openapi\n│ {4}npm run dev\n/)
    expect(screen).toMatch(/└ {2}shop-api is ready\.\n*$/)
    // Nothing but the flow draws on the screen: no package manager output, no stray lines.
    expect(screen).not.toMatch(/^(?![│┌└◇◆▲■●○◒◐◓◑ ]).+$/m)

    const project = join(cwd, 'shop')
    expect(JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')).name).toBe('shop-api')
    expect(existsSync(join(project, 'src', 'middleware', 'auth.ts'))).toBe(true)
    expect(existsSync(join(project, 'migrations'))).toBe(false)
    expect(existsSync(join(project, 'node_modules'))).toBe(false)
    expect(existsSync(join(project, '.git'))).toBe(true)
  })

  it('Should leave nothing behind and exit 130 on Ctrl-C at a prompt, without colour under NO_COLOR', async () => {
    const before = readdirSync(cwd)
    const term = openTerminal(bin, [], { cwd, env: { ...env, NO_COLOR: '1' } })
    await term.waitFor('Where should the project be created?')
    term.type(`half${keys.enter}`)
    await term.waitFor('Worker name')
    term.type(keys.ctrlC)
    expect(await term.exit(), term.text()).toBe(130)
    expect(term.text()).toMatch(/■ {2}Cancelled: nothing was written\.\n└/)
    expect(readdirSync(cwd)).toEqual(before)
    // No foreground colour (SGR 30–39, 90–97); clack still strikes through a cancelled answer.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the pattern is an escape sequence, ESC included.
    expect(term.raw()).not.toMatch(/\u001b\[(?:3|9)\d(?:;\d+)*m/)
  })

  it('Should show the spinner, then the last lines of a failed install and the command to retry', async () => {
    // A registry nothing listens on: npm fails at once against it.
    const registry = `http://127.0.0.1:${await freePort()}/`
    const npmEnv = {
      npm_config_registry: registry,
      npm_config_fetch_retries: '0',
      npm_config_cache: join(cwd, '.npm-cache'),
    }
    const term = openTerminal(bin, ['broken', '--yes', '--no-git'], { cwd, env: { ...env, ...npmEnv } })
    await term.waitFor(/◒ {2}Installing dependencies with npm \[\d+s\]/)
    expect(await term.exit(), term.text()).toBe(1)
    const screen = term.text()
    expect(screen).toMatch(/■ {2}Installing dependencies with npm \[\d+s\]/)
    expect(screen).toMatch(
      /■ {2}npm install failed \(exit code 1\)\. Its last lines:\n(│ {4}.*\n)*│ {4}npm error .*ECONNREFUSED/,
    )
    expect(screen).toMatch(/│ {2}The project was created in broken; to retry: cd broken && npm install\n└/)
    expect(existsSync(join(cwd, 'broken', 'package.json'))).toBe(true)
  })

  it('Should stop the install on Ctrl-C: exit 130, the project kept, the command to retry', async () => {
    // A registry that accepts connections and never answers keeps npm waiting.
    const registry = createHttpServer(() => {})
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = registry.address() as { port: number }
      const npmEnv = {
        npm_config_registry: `http://127.0.0.1:${port}/`,
        npm_config_fetch_retries: '0',
        npm_config_cache: join(cwd, '.npm-cache'),
      }
      const term = openTerminal(bin, ['stopped', '--yes', '--no-git'], { cwd, env: { ...env, ...npmEnv } })
      await term.waitFor(/Installing dependencies with npm \[1s\]/)
      term.type(keys.ctrlC)
      expect(await term.exit(), term.text()).toBe(130)
      expect(term.text()).toMatch(
        /■ {2}Install interrupted\. The project was created in stopped; to retry: cd stopped && npm install\n└/,
      )
      expect(existsSync(join(cwd, 'stopped', 'package.json'))).toBe(true)
    } finally {
      registry.closeAllConnections()
      registry.close()
    }
  })

  it('Should print plain lines without a terminal: no colour, no cursor movement, no spinner frames', async () => {
    // A registry nothing listens on: npm fails at once against it.
    const registry = `http://127.0.0.1:${await freePort()}/`
    const npmEnv = {
      npm_config_registry: registry,
      npm_config_fetch_retries: '0',
      npm_config_cache: join(cwd, '.npm-cache'),
    }
    const result = run(bin, ['piped', '--yes', '--no-git'], { cwd, env: { ...env, ...npmEnv } })
    expect(result.status, output(result)).toBe(1)
    expect(result.stdout).toMatch(/^create-honoforge \S+\nCreated piped in .* \(\d+ files\)\.\n/)
    expect(result.stdout).toContain('\nInstalling dependencies with npm...\n')
    expect(result.stderr).toMatch(
      /npm install failed \(exit code 1\)\. Its last lines:\n( {2}.*\n)* {2}npm error .*ECONNREFUSED/,
    )
    expect(result.stderr).toContain('The project was created in piped; to retry: cd piped && npm install')
    const printed = `${result.stdout}${result.stderr}`
    expect(printed).not.toContain('\u001b')
    expect(printed).not.toContain('\r')
  })
})
