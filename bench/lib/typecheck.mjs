// Figure 5: `tsc --noEmit` wall time in the generated project, with the project's own TypeScript.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { run, summarize, tail } from './util.mjs'

export async function measureTypecheck(dir, { repeats }) {
  const tsc = join(dir, 'node_modules', '.bin', 'tsc')
  if (!existsSync(tsc))
    return { ok: false, error: `no node_modules/.bin/tsc in ${dir} (project dependencies not installed?)` }
  let version
  try {
    version = JSON.parse(readFileSync(join(dir, 'node_modules', 'typescript', 'package.json'), 'utf8')).version
  } catch {}
  const samples = []
  let last
  for (let i = 0; i < repeats; i++) {
    last = await run(tsc, ['--noEmit'], { cwd: dir, timeoutMs: 300_000 })
    samples.push(last.ms)
  }
  const errorCount = (last.stdout.match(/error TS\d+/g) ?? []).length
  return {
    ok: last.code === 0,
    typescript: version,
    wallMs: summarize(samples),
    exitCode: last.code,
    ...(last.code !== 0
      ? {
          error: `tsc --noEmit exited ${last.code} with ${errorCount} errors:\n${tail(last.stdout || last.stderr, 12)}`,
        }
      : {}),
  }
}
