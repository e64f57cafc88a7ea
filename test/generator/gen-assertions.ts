/**
 * Checks generator tests share: the config read back, generated modules free of syntax
 * errors, the dry-run-then-re-run contract, a series of commands that must all succeed, and
 * an upgrade with nothing to do.
 */
import { type ParseError, parse } from 'jsonc-parser'
import ts from 'typescript'
import { expect } from 'vitest'
import type { TestProject } from './gen-project.js'

/** The service's wrangler.jsonc, parsed (a syntax error fails the test). */
export async function wranglerConfig<T>(service: TestProject): Promise<T> {
  const errors: ParseError[] = []
  const config = parse(await service.read('wrangler.jsonc'), errors, { allowTrailingComma: true }) as T
  expect(errors).toEqual([])
  return config
}

/** Syntax errors TypeScript finds in a generated module (types are the service's own typecheck's). */
export function syntaxErrors(path: string, source: string): string[] {
  const output = ts.transpileModule(source, { fileName: path, reportDiagnostics: true })
  return (output.diagnostics ?? []).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
}

/**
 * `honoforge <args> --dry-run` prints `planned` lines and writes nothing; the run itself then
 * writes, regenerating the binding types once; running it again changes nothing, not even them.
 */
export async function expectDryRunThenNoOp(project: TestProject, args: string[], planned: string[]): Promise<void> {
  const before = await project.snapshot()
  const dry = await project.run(...args, '--dry-run')
  expect(dry.code, dry.stderr).toBe(0)
  for (const line of planned) expect(dry.stdout).toContain(line)
  expect(dry.stdout).toContain('Dry run: nothing was written.')
  expect(await project.snapshot()).toEqual(before)
  expect(project.typegenRuns()).toBe(0)

  expect((await project.run(...args)).code).toBe(0)
  const generated = await project.snapshot()
  const again = await project.run(...args)
  expect(again.code, again.stderr).toBe(0)
  expect(again.stdout).not.toMatch(/^(create|update) /m)
  expect(await project.snapshot()).toEqual(generated)
  // Nothing changed in wrangler.jsonc the second time: no types to regenerate.
  expect(project.typegenRuns()).toBe(1)
}

/** `honoforge <args>` fails with `message` and exit code 1, writing nothing and regenerating no types. */
export async function expectRefusal(project: TestProject, args: string[], message: RegExp): Promise<void> {
  const before = await project.snapshot()
  const result = await project.run(...args)
  expect(result.code).toBe(1)
  expect(result.stderr).toMatch(message)
  expect(await project.snapshot()).toEqual(before)
  expect(project.typegenRuns()).toBe(0)
}

/** Run each `honoforge <args>` in turn, each expected to succeed (a failure names the command). */
export async function runEach(project: TestProject, commands: readonly string[][]): Promise<void> {
  for (const args of commands) {
    const result = await project.run(...args)
    expect(result.code, `honoforge ${args.join(' ')}\n${result.stderr}`).toBe(0)
  }
}

/** `honoforge upgrade` succeeds and changes no file, .honoforge/base.json and the manifest among them. */
export async function expectUpgradeNoOp(service: TestProject): Promise<void> {
  const before = await service.snapshot()
  const run = await service.run('upgrade')
  expect(run.code, run.stderr).toBe(0)
  expect(run.stdout).not.toMatch(/^(create|update|delete) /m)
  expect(await service.snapshot()).toEqual(before)
}
