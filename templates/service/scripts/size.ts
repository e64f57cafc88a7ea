/**
 * Builds the Worker as `wrangler deploy` would (minified, nothing uploaded)
 * and fails when its gzip size is over budget: `npm run size`.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

/**
 * The budget for the gzipped Worker without resources, in KB (1 KB = 1000 bytes): with the
 * notes resource a new D1 service starts with, 30 KB.
 */
const BASE_BUDGET_KB = 28
/** What each resource (`honoforge gen resource`, the example one included) may add to it. */
const RESOURCE_BUDGET_KB = 2

/** Resources recorded in the generator's manifest: each one raises the budget. */
function generatedResources(): number {
  const manifest = '.honoforge/manifest.json'
  if (!existsSync(manifest)) return 0
  const { generated = [] } = JSON.parse(readFileSync(manifest, 'utf8')) as { generated?: { generator: string }[] }
  return generated.filter((entry) => entry.generator === 'resource').length
}

const resources = generatedResources()
const BUDGET_KB = BASE_BUDGET_KB + RESOURCE_BUDGET_KB * resources

const outdir = mkdtempSync(join(tmpdir(), 'worker-size-'))
try {
  execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--minify', '--outdir', outdir], { stdio: 'ignore' })
  const files = readdirSync(outdir).filter((file) => file.endsWith('.js'))
  const bytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(outdir, file)), { level: 9 }).length, 0)
  const kb = bytes / 1000
  const basis = resources > 0 ? `: ${BASE_BUDGET_KB} + ${RESOURCE_BUDGET_KB} × ${resources} resources` : ''
  console.log(`Worker: ${kb.toFixed(1)} KB gzip (budget ${BUDGET_KB} KB${basis})`)
  if (kb > BUDGET_KB) {
    console.error(
      `Over budget by ${(kb - BUDGET_KB).toFixed(1)} KB: check what a new import pulls in (wrangler deploy --dry-run --metafile)`,
    )
    process.exitCode = 1
  }
} finally {
  rmSync(outdir, { recursive: true, force: true })
}
