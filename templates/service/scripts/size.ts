/**
 * Builds the Worker as `wrangler deploy` would (minified, nothing uploaded)
 * and fails when its gzip size is over budget: `npm run size`.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

/** The budget for the gzipped Worker, in KB (1 KB = 1000 bytes). */
const BUDGET_KB = 30

const outdir = mkdtempSync(join(tmpdir(), 'worker-size-'))
try {
  execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--minify', '--outdir', outdir], { stdio: 'ignore' })
  const files = readdirSync(outdir).filter((file) => file.endsWith('.js'))
  const bytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(outdir, file)), { level: 9 }).length, 0)
  const kb = bytes / 1000
  console.log(`Worker: ${kb.toFixed(1)} KB gzip (budget ${BUDGET_KB} KB)`)
  if (kb > BUDGET_KB) {
    console.error(`Over budget by ${(kb - BUDGET_KB).toFixed(1)} KB: check what a new import pulls in (wrangler deploy --dry-run --metafile)`)
    process.exitCode = 1
  }
} finally {
  rmSync(outdir, { recursive: true, force: true })
}
