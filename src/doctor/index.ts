/**
 * `honoforge doctor`: the service against the production checklist. Each check is data
 * (`Check`); this runs them all and gathers what they found into one report.
 */
import { databaseIds, envParity, rateLimitNamespaces } from './bindings.js'
import { openapiCurrent, sizeBudget } from './build.js'
import { channelHeartbeat } from './channels.js'
import { migrationsApplied, migrationsUnedited } from './migrations.js'
import { deployTarget, workersDevBesideRoutes } from './routes.js'
import { secretsDeclared, secretsLocal } from './secrets.js'
import { type DoctorOptions, openService } from './service.js'
import {
  compatibilityDate,
  cookieOrigins,
  corsOrigins,
  identityProvider,
  nodeVersion,
  observability,
} from './settings.js'
import type { Check, Finding } from './types.js'

export type { DoctorOptions } from './service.js'
export type { Check, Finding, Severity } from './types.js'

/** The checklist, in the order the report lists findings of the same severity. */
export const checks: readonly Check[] = [
  nodeVersion,
  secretsDeclared,
  secretsLocal,
  envParity,
  databaseIds,
  rateLimitNamespaces,
  deployTarget,
  workersDevBesideRoutes,
  identityProvider,
  corsOrigins,
  cookieOrigins,
  observability,
  compatibilityDate,
  channelHeartbeat,
  openapiCurrent,
  migrationsApplied,
  migrationsUnedited,
  sizeBudget,
]

/** What doctor found: the `--ci` document, plus notes for people (the measured size). */
export interface DoctorReport {
  findings: Finding[]
  errors: number
  warnings: number
  notes: string[]
}

/**
 * Check the service `cwd` is in.
 *
 * @example const report = await doctor(process.cwd(), { env: 'production' })
 * @throws CliError outside a service, or for a config doctor cannot read (see `openService`).
 */
export async function doctor(cwd: string, options: DoctorOptions = {}): Promise<DoctorReport> {
  const service = await openService(cwd, options)
  const found = await Promise.all(
    checks.map(async (check) =>
      (await check.check(service)).map((issue): Finding => ({ id: check.id, severity: check.severity, ...issue })),
    ),
  )
  const findings = found.flat().sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1))
  const errors = findings.filter((finding) => finding.severity === 'error').length
  return { findings, errors, warnings: findings.length - errors, notes: service.notes }
}
