// Figure 1, Postgres rows: the `--db postgres` service's Worker bundle as created, then grown
// with `honoforge gen resource`, measured like the default (D1) service's rows beside them.
import { join } from 'node:path'
import { createService, genResource, installService, RESOURCE_NAMES, runScriptIfPresent } from './project.mjs'
import { breakdown, bundleWorker } from './size.mjs'
import { errorInfo, log } from './util.mjs'

/**
 * Creates and installs a `--db postgres` service from the packed CLI (`tgz`), bundles it, then
 * adds resources up to each of `resourceSteps` and bundles again. Answers
 * `{ postgresDefault, postgresResources<n>... }`, each `{ ok, gzipBytes, minifiedBytes }` or
 * `{ ok: false, error }`; a failed step fails that row and the ones after it.
 */
export async function measurePostgresSizes({ workDir, tgz, resourceSteps }) {
  const out = {}
  const keys = ['postgresDefault', ...resourceSteps.map((n) => `postgresResources${n}`)]
  const failRest = (err) => {
    for (const key of keys) out[key] ??= { ok: false, error: errorInfo(err) }
    return out
  }
  let dir
  try {
    dir = (await createService(join(workDir, 'svc-postgres'), 'my-api', ['--db', 'postgres'])).dir
    await installService(dir, tgz)
    // wrangler's dry run needs public/ (the assets directory), which `npm run openapi` writes.
    await runScriptIfPresent(dir, 'openapi')
  } catch (err) {
    return failRest(err)
  }
  const bundle = async (key, extra = {}) => {
    const b = await bundleWorker(dir, join(workDir, 'bundles-postgres', key))
    out[key] = { ok: true, gzipBytes: b.gzipBytes, minifiedBytes: b.minifiedBytes, ...extra }
    if (b.metafilePath) out[key].breakdown = breakdown(b.metafilePath, { gzipTotal: b.gzipBytes, top: 18 })
    log(`postgres ${key}: ${(b.gzipBytes / 1000).toFixed(2)} KB gzip`)
  }
  let count = 0
  try {
    await bundle('postgresDefault')
    for (const target of resourceSteps) {
      while (count < target) await genResource(dir, RESOURCE_NAMES[count++])
      await bundle(`postgresResources${target}`, { resources: target })
    }
  } catch (err) {
    // The reason is the last line that is not npm's noise; the full output follows it.
    const lines = errorInfo(err).split('\n')
    const why = lines.filter((line) => line.trim() && !/^npm warn /.test(line)).at(-1) ?? ''
    return failRest(new Error(`at ${count} added resources: ${why}\n${lines.join('\n')}`))
  }
  return out
}
