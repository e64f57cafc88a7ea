/**
 * The doctor report as people read it (grouped by severity, each finding with its fix) and
 * as CI reads it (one JSON document).
 */
import type { DoctorReport } from './index.js'
import type { Finding } from './types.js'

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`

/** The `--ci` document: `{ findings: [{ id, severity, file?, message, fix }], errors, warnings }`. */
export function reportJson(report: DoctorReport): string {
  const { findings, errors, warnings } = report
  return JSON.stringify({ findings, errors, warnings }, null, 2)
}

/** The report for a terminal: errors, then warnings, then the notes; one line when all is well. */
export function reportText(report: DoctorReport): string {
  const lines: string[] = []
  const group = (title: string, mark: string, findings: Finding[]) => {
    if (findings.length === 0) return
    lines.push('', title)
    for (const finding of findings) {
      const [first = '', ...rest] = finding.message.split('\n')
      lines.push(`  ${mark} ${finding.file ? `${finding.file}: ` : ''}${first} [${finding.id}]`)
      for (const line of rest) lines.push(`      ${line}`)
      lines.push(`    → ${finding.fix}`)
    }
  }
  const errors = report.findings.filter((finding) => finding.severity === 'error')
  const warnings = report.findings.filter((finding) => finding.severity === 'warning')
  lines.push(
    report.findings.length === 0
      ? 'honoforge doctor: no problems found.'
      : `honoforge doctor: ${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')}.`,
  )
  group('Errors (would break a deploy or the deployed service):', '✖', errors)
  group('Warnings:', '▲', warnings)
  if (report.notes.length > 0) lines.push('', ...report.notes)
  return lines.join('\n')
}
