// Figure 1, `--auth jwks` row: the Worker bundle of a service that checks tokens from an
// identity provider (RS256/ES256 against its JWKS, a per-isolate key cache) in place of HS256,
// as created, beside the default service's row. Runs alone too:
//   node bench/lib/jwks-size.mjs <create-honoforge tarball>
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createService, installService, runScriptIfPresent } from './project.mjs'
import { breakdown, bundleWorker } from './size.mjs'
import { errorInfo, log, WORK_DIR } from './util.mjs'

/**
 * Creates and installs a `--auth jwks` service (D1, like the default) from the packed CLI
 * (`tgz`) and bundles it. Answers `{ ok, gzipBytes, minifiedBytes, breakdown }` or
 * `{ ok: false, error }`.
 */
export async function measureJwksSize({ workDir, tgz }) {
  try {
    const { dir } = await createService(join(workDir, 'svc-jwks'), 'my-api', ['--auth', 'jwks'])
    await installService(dir, tgz)
    // wrangler's dry run needs public/ (the assets directory), which `npm run openapi` writes.
    await runScriptIfPresent(dir, 'openapi')
    const b = await bundleWorker(dir, join(workDir, 'bundles-jwks', 'jwksDefault'))
    log(`jwks jwksDefault: ${(b.gzipBytes / 1000).toFixed(2)} KB gzip`)
    const out = { ok: true, gzipBytes: b.gzipBytes, minifiedBytes: b.minifiedBytes }
    if (b.metafilePath) out.breakdown = breakdown(b.metafilePath, { gzipTotal: b.gzipBytes, top: 18 })
    return out
  } catch (err) {
    return { ok: false, error: errorInfo(err) }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const tgz = process.argv[2]
  if (!tgz) throw new Error('usage: node bench/lib/jwks-size.mjs <create-honoforge tarball>')
  const result = await measureJwksSize({ workDir: join(WORK_DIR, 'jwks-only'), tgz: resolve(tgz) })
  console.log(JSON.stringify({ ...result, breakdown: undefined }))
  if (!result.ok) process.exitCode = 1
}
