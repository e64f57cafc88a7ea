/**
 * What the service builds: `public/openapi.json` and the client types, rebuilt in a staged
 * copy exactly as `honoforge gen` does (the service's own scripts/openapi.ts) and compared
 * byte for byte; and the Worker's gzip size against the budget of `npm run size`.
 */
import { clientTypesPath, openapiDocumentPath, plannedOpenApi } from '../gen/openapi-build.js'
import type { Check, Issue } from './types.js'

export const openapiCurrent: Check = {
  id: 'openapi-current',
  severity: 'error',
  description: `${openapiDocumentPath} and ${clientTypesPath} are what npm run openapi builds from the code`,
  async check(service) {
    let built: Awaited<ReturnType<typeof plannedOpenApi>>
    try {
      built = await plannedOpenApi(service.project, [])
    } catch (error) {
      return [
        {
          file: openapiDocumentPath,
          message: `Cannot rebuild the API document to compare: ${(error as Error).message}`,
          fix: 'Fix what the message names, then npm run openapi',
        },
      ]
    }
    const issues: Issue[] = []
    for (const file of built) {
      if ((await service.project.read(file.path)) === file.content) continue
      issues.push({
        file: file.path,
        message: 'Not what the code builds now: callers and the deployed /openapi.json describe another API.',
        fix: 'npm run openapi, then commit the result',
      })
    }
    return issues
  },
}

/** The line `npm run size` prints: `Worker: 29.8 KB gzip (budget 30 KB...)`. */
const sizeLine = /^Worker: .*$/m

export const sizeBudget: Check = {
  id: 'size-budget',
  severity: 'error',
  description: 'The minified Worker is under its gzip budget (npm run size; --no-size skips the build)',
  async check(service) {
    if (!service.size || service.packageJson.scripts?.size === undefined) return []
    const result = await service.run('npm', ['run', '--silent', 'size'])
    const measured = sizeLine.exec(result.stdout)?.[0]
    if (measured) service.notes.push(measured)
    if (result.code === 0) return []
    const why = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-5).join('\n')
    return [
      {
        message: measured ? `${measured}\n${why}` : `npm run size failed (exit ${result.code}):\n${why}`,
        fix: 'npm run size; wrangler deploy --dry-run --metafile shows what a new import pulls in',
      },
    ]
  },
}
