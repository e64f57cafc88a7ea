import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { applyEdits, modify } from 'jsonc-parser'
import { beforeAll, describe, expect, it } from 'vitest'
import { serviceTools } from './service-tools.js'
import { createInstalledService, output } from './toolchain.js'

// `npx honoforge doctor` in one service created and installed from the packed tarball: the
// checks that need its toolchain run for real here (the document rebuilt by its own scripts,
// wrangler's local migration state, the size build). Each problem is planted, found, then
// undone, so one install serves every case.

/** The `--ci` document. */
interface CiReport {
  findings: Array<{ id: string; severity: string; file?: string; message: string; fix: string }>
  errors: number
  warnings: number
}

describe('honoforge doctor in an installed service', () => {
  let dir: string
  let tools: ReturnType<typeof serviceTools>
  const read = (path: string) => readFileSync(join(dir, path), 'utf8')
  const write = (path: string, content: string) => writeFileSync(join(dir, path), content)
  const doctorCi = (...args: string[]) => {
    const result = tools.honoforge('doctor', '--ci', ...args)
    return { result, report: JSON.parse(result.stdout) as CiReport }
  }
  const ids = (report: CiReport) => report.findings.map((finding) => `${finding.id} ${finding.file ?? '-'}`)

  beforeAll(() => {
    dir = createInstalledService('svc-doctor')
    tools = serviceTools(dir)
  })

  it('Should report nothing on a new service, then find an example.com origin left in production', () => {
    const human = tools.honoforge('doctor')
    expect(human.status, output(human)).toBe(0)
    expect(human.stdout).toContain('honoforge doctor: no problems found.')
    expect(human.stdout).toMatch(/Worker: [\d.]+ KB gzip \(budget 30 KB/)
    const fresh = doctorCi('--no-size')
    expect(fresh.result.status, output(fresh.result)).toBe(0)
    expect(fresh.report).toEqual({ findings: [], errors: 0, warnings: 0 })

    // Origins copied from an example: a warning, not a failure.
    const saved = read('wrangler.jsonc')
    write(
      'wrangler.jsonc',
      applyEdits(saved, modify(saved, ['env', 'production', 'vars', 'CORS_ORIGINS'], 'https://app.example.com', {})),
    )
    try {
      const { result, report } = doctorCi('--no-size')
      expect(result.status, output(result)).toBe(0)
      expect(ids(report)).toEqual(['cors-origins wrangler.jsonc'])
      expect(report.warnings).toBe(1)
    } finally {
      write('wrangler.jsonc', saved)
    }
  })

  it('Should find a stale openapi.json and exit 1', () => {
    const saved = read('public/openapi.json')
    write('public/openapi.json', saved.replace('"paths"', '"x-stale": true,\n  "paths"'))
    try {
      const { result, report } = doctorCi('--no-size')
      expect(result.status, output(result)).toBe(1)
      expect(ids(report)).toEqual(['openapi-current public/openapi.json'])
      expect(report.findings[0]?.fix).toBe('npm run openapi, then commit the result')
      expect(result.stderr).toContain('honoforge doctor: 1 error; fix them before deploying.')
    } finally {
      write('public/openapi.json', saved)
    }
  })

  it('Should find a migration the local database has not applied, from wrangler itself', () => {
    const migrate = tools.npm('run', 'db:migrate:local')
    expect(migrate.status, output(migrate)).toBe(0)
    const generated = tools.honoforge('gen', 'migration', 'add_tags_to_notes', 'tags:string?')
    expect(generated.status, output(generated)).toBe(0)
    const [added] = readdirSync(join(dir, 'migrations')).filter((name) => name.includes('add_tags_to_notes'))

    const { result, report } = doctorCi('--no-size')
    expect(result.status, output(result)).toBe(0)
    expect(ids(report)).toEqual([`migrations-applied migrations/${added}`])
    expect(report.findings[0]).toMatchObject({ severity: 'warning', fix: 'npm run db:migrate:local' })

    const applied = tools.npm('run', 'db:migrate:local')
    expect(applied.status, output(applied)).toBe(0)
    expect(doctorCi('--no-size').report.findings).toEqual([])
  })

  it('Should find an applied migration edited since it was generated and exit 1', () => {
    const path = 'migrations/0001_create_notes.sql'
    const saved = read(path)
    write(path, `${saved}CREATE INDEX notes_title ON notes (title);\n`)
    try {
      const human = tools.honoforge('doctor', '--no-size')
      expect(human.status, output(human)).toBe(1)
      expect(human.stdout).toContain('Errors (would break a deploy or the deployed service):')
      expect(human.stdout).toContain(`✖ ${path}: Changed after honoforge gen resource notes wrote it`)
      expect(human.stdout).toContain(`→ git checkout -- ${path} (restore it)`)
    } finally {
      write(path, saved)
    }
    expect(doctorCi('--no-size').result.status).toBe(0)
  })

  it('Should fail the size check when the Worker is over its budget', () => {
    const path = 'scripts/size.ts'
    const saved = read(path)
    write(path, saved.replace(/const BASE_BUDGET_KB = \d+/, 'const BASE_BUDGET_KB = 1'))
    try {
      const { result, report } = doctorCi()
      expect(result.status, output(result)).toBe(1)
      expect(ids(report)).toEqual(['size-budget -'])
      expect(report.findings[0]?.message).toMatch(/^Worker: [\d.]+ KB gzip \(budget \d+ KB.*\nOver budget by/)
    } finally {
      write(path, saved)
    }
  })
})
