import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { applyEdits, type JSONPath, modify, parse } from 'jsonc-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DoctorIo, doctorCommand } from '../../src/cli/doctor-command.js'
import { honoforgeCommand } from '../../src/cli/honoforge-command.js'
import { runCli } from '../../src/cli/run.js'
import { compatibilityDate } from '../../src/create/template.js'
import { type DoctorOptions, doctor } from '../../src/doctor/index.js'
import { createProject, type TestProject } from './gen-project.js'

// Each problem of the checklist planted in a service rendered from the real template, one at
// a time, then undone: doctor reports it with its id and severity, and nothing else. The
// checks that need the installed toolchain (wrangler's local migration state, the size build)
// run end to end in test/e2e/doctor.test.ts.

/** A month after the template's compatibility date, on the Node.js the service asks for. */
const options: DoctorOptions = {
  now: new Date(Date.parse(`${compatibilityDate}T12:00:00Z`) + 30 * 86_400_000),
  nodeVersion: 'v22.12.0',
  size: false,
}

/** Origins a team sets once browser front ends call the API (the template allows none). */
const realOrigins = { staging: 'https://staging.acme.dev', production: 'https://app.acme.dev' }

async function setConfig(project: TestProject, path: JSONPath, value: unknown): Promise<void> {
  const source = await project.read('wrangler.jsonc')
  await project.write('wrangler.jsonc', applyEdits(source, modify(source, path, value, {})))
}

/** A service whose owner set the browser origins, as most services come to. */
async function readyProject(createOptions: Parameters<typeof createProject>[0] = {}): Promise<TestProject> {
  const project = await createProject(createOptions)
  for (const [env, origin] of Object.entries(realOrigins)) {
    await setConfig(project, ['env', env, 'vars', 'CORS_ORIGINS'], origin)
  }
  return project
}

/** The findings as `id severity file` lines, for exact comparisons. */
async function found(project: TestProject, extra: DoctorOptions = {}): Promise<string[]> {
  const report = await doctor(project.root, { ...options, ...extra })
  return report.findings.map((finding) => `${finding.id} ${finding.severity} ${finding.file ?? '-'}`)
}

/** Run `plant`, expect exactly `expected`, then restore the file(s) it changed. */
async function expectFound(
  project: TestProject,
  files: string[],
  plant: () => Promise<void>,
  expected: string[],
  extra: DoctorOptions = {},
): Promise<void> {
  const saved = await Promise.all(files.map((file) => project.read(file)))
  await plant()
  try {
    expect(await found(project, extra)).toEqual(expected)
  } finally {
    for (const [i, file] of files.entries()) await project.write(file, saved[i] ?? '')
  }
}

describe('honoforge doctor on a D1 service with JWT auth', () => {
  let project: TestProject
  beforeAll(async () => {
    project = await readyProject()
  })
  afterAll(() => project.remove())

  it('Should report nothing for a service whose origins are set', async () => {
    const report = await doctor(project.root, options)
    expect(report).toEqual({ findings: [], errors: 0, warnings: 0, notes: [] })
  })

  it('Should report nothing for a new service, whose deploy environments allow no browser origin yet', async () => {
    const fresh = await createProject()
    try {
      const config = parse(await fresh.read('wrangler.jsonc')) as {
        env: Record<string, { vars: Record<string, string> }>
      }
      expect(config.env.production?.vars.CORS_ORIGINS).toBe('')
      expect(await doctor(fresh.root, options)).toEqual({ findings: [], errors: 0, warnings: 0, notes: [] })
    } finally {
      await fresh.remove()
    }
  })

  it("Should find the documentation's example.com among staging origins", async () => {
    await expectFound(
      project,
      ['wrangler.jsonc'],
      () => setConfig(project, ['env', 'staging', 'vars', 'CORS_ORIGINS'], 'https://staging.example.com'),
      ['cors-origins warning wrangler.jsonc'],
    )
  })

  it('Should find a secret the production environment does not require', async () => {
    await expectFound(
      project,
      ['wrangler.jsonc'],
      () => setConfig(project, ['env', 'production', 'secrets'], undefined),
      ['secrets-declared error wrangler.jsonc'],
    )
    const report = await doctor(project.root, options)
    expect(report.findings).toEqual([])
  })

  it('Should find a required secret without a local value, and a missing .dev.vars', async () => {
    await expectFound(project, ['.dev.vars'], () => project.write('.dev.vars', '# emptied\nJWT_SECRET=""\n'), [
      'secrets-local warning .dev.vars',
    ])
    await expectFound(project, ['.dev.vars'], () => rm(join(project.root, '.dev.vars')), [
      'secrets-local warning .dev.vars',
    ])
  })

  it('Should find a var and a binding an environment does not declare', async () => {
    await expectFound(
      project,
      ['wrangler.jsonc'],
      async () => {
        await setConfig(project, ['env', 'staging', 'ratelimits'], undefined)
        await setConfig(project, ['vars', 'SUPPORT_EMAIL'], 'help@acme.dev')
      },
      ['env-parity error wrangler.jsonc', 'env-parity error wrangler.jsonc', 'env-parity error wrangler.jsonc'],
    )
  })

  it('Should find a D1 database_id left as a placeholder, and accept a real one or none', async () => {
    await expectFound(
      project,
      ['wrangler.jsonc'],
      () => setConfig(project, ['env', 'production', 'd1_databases', 0, 'database_id'], 'your-database-id'),
      ['database-ids error wrangler.jsonc'],
    )
    await expectFound(
      project,
      ['wrangler.jsonc'],
      () =>
        setConfig(
          project,
          ['env', 'production', 'd1_databases', 0, 'database_id'],
          '8d3f1c1e-4b2a-4c7e-9a55-0f3b6c2d1e90',
        ),
      [],
    )
  })

  it('Should find a rate-limit namespace two environments share', async () => {
    await expectFound(
      project,
      ['wrangler.jsonc'],
      () => setConfig(project, ['env', 'production', 'ratelimits', 0, 'namespace_id'], '1001'),
      ['rate-limit-namespaces warning wrangler.jsonc'],
    )
  })

  it('Should find localhost among production origins', async () => {
    await expectFound(
      project,
      ['wrangler.jsonc'],
      () =>
        setConfig(project, ['env', 'production', 'vars', 'CORS_ORIGINS'], 'https://app.acme.dev,http://localhost:5173'),
      ['cors-origins warning wrangler.jsonc'],
    )
  })

  it('Should find observability turned off at the top level (inherited by each environment) or in one', async () => {
    await expectFound(project, ['wrangler.jsonc'], () => setConfig(project, ['observability', 'enabled'], false), [
      'observability warning wrangler.jsonc',
      'observability warning wrangler.jsonc',
    ])
    await expectFound(
      project,
      ['wrangler.jsonc'],
      () => setConfig(project, ['env', 'staging', 'observability'], { enabled: false }),
      ['observability warning wrangler.jsonc'],
    )
  })

  it('Should find an environment served on its routes and on *.workers.dev, but not one wrangler serves on its routes alone', async () => {
    const routes = [{ pattern: 'api.acme.dev', custom_domain: true }]
    // With routes, wrangler's workers_dev defaults to false.
    await expectFound(
      project,
      ['wrangler.jsonc'],
      () => setConfig(project, ['env', 'production', 'routes'], routes),
      [],
    )
    await expectFound(
      project,
      ['wrangler.jsonc'],
      async () => {
        await setConfig(project, ['env', 'production', 'routes'], routes)
        await setConfig(project, ['env', 'production', 'workers_dev'], true)
      },
      ['workers-dev-beside-routes warning wrangler.jsonc'],
    )
    // Inherited from the top level: only the environment with routes has two ways in.
    await expectFound(
      project,
      ['wrangler.jsonc'],
      async () => {
        await setConfig(project, ['workers_dev'], true)
        await setConfig(project, ['env', 'production', 'route'], 'api.acme.dev/*')
      },
      ['workers-dev-beside-routes warning wrangler.jsonc'],
    )
  })

  it('Should find an environment with neither routes nor *.workers.dev, set there or inherited', async () => {
    await expectFound(project, ['wrangler.jsonc'], () => setConfig(project, ['env', 'staging', 'workers_dev'], false), [
      'deploy-target error wrangler.jsonc',
    ])
    await expectFound(
      project,
      ['wrangler.jsonc'],
      async () => {
        await setConfig(project, ['workers_dev'], false)
        await setConfig(project, ['env', 'production', 'routes'], ['api.acme.dev/*'])
      },
      ['deploy-target error wrangler.jsonc'],
    )
    const report = await doctor(project.root, options)
    expect(report.findings).toEqual([])
    await setConfig(project, ['workers_dev'], false)
    try {
      const [staging, production] = (await doctor(project.root, options)).findings
      expect(staging?.message).toBe(
        'env.staging has no routes and "workers_dev": false (the top level): wrangler deploys a Worker no URL reaches ("No targets deployed").',
      )
      expect(production?.message).toMatch(/^env\.production has no routes/)
    } finally {
      const source = await project.read('wrangler.jsonc')
      await project.write('wrangler.jsonc', applyEdits(source, modify(source, ['workers_dev'], undefined, {})))
    }
  })

  it('Should find a compatibility date more than a year old', async () => {
    const later = new Date(Date.parse(`${compatibilityDate}T00:00:00Z`) + 400 * 86_400_000)
    expect(await found(project, { now: later })).toEqual(['compatibility-date warning wrangler.jsonc'])
    const report = await doctor(project.root, { ...options, now: later })
    expect(report.findings[0]?.message).toContain(`is ${compatibilityDate}, 400 days old`)
  })

  it('Should find a Node.js older than engines.node', async () => {
    expect(await found(project, { nodeVersion: 'v20.19.5' })).toEqual(['node-version error package.json'])
    expect(await found(project, { nodeVersion: 'v24.0.0' })).toEqual([])
  })

  it('Should find a stale openapi.json and stale client types', async () => {
    await expectFound(
      project,
      ['public/openapi.json', 'client/api.d.ts'],
      async () => {
        const document = JSON.parse(await project.read('public/openapi.json'))
        document.info.title = 'Renamed by hand'
        await project.write('public/openapi.json', `${JSON.stringify(document, null, 2)}\n`)
        await project.write('client/api.d.ts', `${await project.read('client/api.d.ts')}\n// edited\n`)
      },
      ['openapi-current error public/openapi.json', 'openapi-current error client/api.d.ts'],
    )
  })

  it('Should find a generated migration edited since, but not a custom one being written', async () => {
    const migration = 'migrations/0001_create_notes.sql'
    await expectFound(
      project,
      [migration],
      async () => project.write(migration, `${await project.read(migration)}ALTER TABLE notes ADD COLUMN x TEXT;\n`),
      [`migrations-unedited error ${migration}`],
    )
    const generated = await project.run('gen', 'migration', 'backfill_titles')
    expect(generated.code, generated.stderr).toBe(0)
    const [custom] = Object.keys(await project.snapshot()).filter((path) => path.includes('backfill_titles'))
    expect(custom).toBeDefined()
    await project.write(custom ?? '', 'UPDATE notes SET title = trim(title);\n')
    expect(await found(project)).toEqual([])
  })

  it('Should check one environment with env, and refuse one wrangler.jsonc does not declare', async () => {
    await expectFound(
      project,
      ['wrangler.jsonc'],
      () => setConfig(project, ['env', 'production', 'secrets'], undefined),
      [],
      { env: 'staging' },
    )
    await expect(doctor(project.root, { ...options, env: 'prod' })).rejects.toThrow(
      'wrangler.jsonc declares no environment "prod": use one of staging, production.',
    )
  })
})

describe('honoforge doctor on the command line', () => {
  let project: TestProject
  beforeAll(async () => {
    project = await readyProject()
    // One error and one warning to report.
    await setConfig(project, ['env', 'production', 'secrets'], undefined)
    await setConfig(project, ['env', 'staging', 'vars', 'CORS_ORIGINS'], 'http://localhost:5173')
  })
  afterAll(() => project.remove())

  /** `honoforge <args>` in the project, in-process, with the test's clock and Node.js version. */
  async function cli(...args: string[]) {
    const out: string[] = []
    const err: string[] = []
    const io: DoctorIo = {
      cwd: project.root,
      env: {},
      stdinIsTTY: false,
      doctor: options,
      stdout: (text) => out.push(stripVTControlCharacters(text)),
      stderr: (text) => err.push(stripVTControlCharacters(text)),
    }
    const code = await runCli(honoforgeCommand, args, io)
    return { code, stdout: out.join('\n'), stderr: err.join('\n') }
  }

  it('Should print one JSON document with --ci and exit 1 for an error', async () => {
    const { code, stdout, stderr } = await cli('doctor', '--ci', '--no-size')
    expect(code).toBe(1)
    expect(stderr).toBe('honoforge doctor: 1 error; fix them before deploying.')
    const report = JSON.parse(stdout)
    expect(Object.keys(report)).toEqual(['findings', 'errors', 'warnings'])
    expect(report).toMatchObject({ errors: 1, warnings: 1 })
    expect(report.findings).toEqual([
      {
        id: 'secrets-declared',
        severity: 'error',
        file: 'wrangler.jsonc',
        message: expect.stringContaining('env.production does not require the secret JWT_SECRET'),
        fix: 'Add "JWT_SECRET" to env.production.secrets.required in wrangler.jsonc, then set it: npx wrangler secret put JWT_SECRET --env production',
      },
      {
        id: 'cors-origins',
        severity: 'warning',
        file: 'wrangler.jsonc',
        message: expect.stringContaining('env.staging.vars.CORS_ORIGINS still allows http://localhost:5173'),
        fix: expect.stringContaining('Set env.staging.vars.CORS_ORIGINS in wrangler.jsonc'),
      },
    ])
  })

  it('Should list errors, then warnings, each with its fix, for people', async () => {
    const { code, stdout } = await cli('doctor', '--no-size')
    expect(code).toBe(1)
    const lines = stdout.split('\n')
    expect(lines[0]).toBe('honoforge doctor: 1 error, 1 warning.')
    const errors = lines.indexOf('Errors (would break a deploy or the deployed service):')
    const warnings = lines.indexOf('Warnings:')
    expect(errors).toBeGreaterThan(0)
    expect(warnings).toBeGreaterThan(errors)
    expect(lines[errors + 1]).toMatch(
      /^ {2}✖ wrangler\.jsonc: env\.production does not require .* \[secrets-declared\]$/,
    )
    expect(lines[errors + 2]).toMatch(/^ {4}→ Add "JWT_SECRET" to env\.production\.secrets\.required/)
    expect(lines[warnings + 1]).toMatch(/^ {2}▲ wrangler\.jsonc: env\.staging\.vars\.CORS_ORIGINS .* \[cors-origins\]$/)
  })

  it('Should exit 0 when only warnings are left, and check one environment with --env', async () => {
    const staging = await cli('doctor', '--env', 'staging', '--no-size')
    expect(staging.code).toBe(0)
    expect(staging.stdout.split('\n')[0]).toBe('honoforge doctor: 0 errors, 1 warning.')
    expect(await cli('doctor', '--env', 'prod')).toMatchObject({
      code: 1,
      stderr: 'wrangler.jsonc declares no environment "prod": use one of staging, production.',
    })
  })

  it('Should describe its options in --help', async () => {
    const { code, stdout } = await cli('doctor', '--help')
    expect(code).toBe(0)
    for (const flag of ['--ci', '--env', '--no-size']) expect(stdout).toContain(flag)
    expect(doctorCommand.meta).toMatchObject({ name: 'honoforge doctor' })
  })
})

describe('honoforge doctor on other services', () => {
  it("Should find a --auth jwks service's example identity provider in each environment, and nothing once it is named", async () => {
    const project = await createProject({ auth: 'jwks' })
    try {
      const report = await doctor(project.root, options)
      expect(report.findings.map((finding) => `${finding.id} ${finding.severity} ${finding.file}`)).toEqual([
        'identity-provider error wrangler.jsonc',
        'identity-provider error wrangler.jsonc',
      ])
      expect(report.findings[0]?.message).toBe(
        "env.staging.vars JWKS_URL, JWT_ISSUER, JWT_AUDIENCE still point at the template's example identity provider: the deployed service would refuse every token.",
      )
      for (const env of ['staging', 'production']) {
        await setConfig(project, ['env', env, 'vars', 'JWKS_URL'], 'https://id.acme.dev/.well-known/jwks.json')
        await setConfig(project, ['env', env, 'vars', 'JWT_ISSUER'], 'https://id.acme.dev/')
      }
      expect(await found(project)).toEqual([
        'identity-provider error wrangler.jsonc',
        'identity-provider error wrangler.jsonc',
      ])
      for (const env of ['staging', 'production']) {
        await setConfig(project, ['env', env, 'vars', 'JWT_AUDIENCE'], 'https://api.acme.dev')
      }
      expect(await found(project)).toEqual([])
    } finally {
      await project.remove()
    }
  })

  it('Should find a cookie-auth service whose deploy environments allow no browser origin', async () => {
    const project = await createProject()
    try {
      const generated = await project.run('gen', 'auth', '--cookie')
      expect(generated.code, generated.stderr).toBe(0)
      const report = await doctor(project.root, options)
      expect(report.findings.map((finding) => `${finding.id} ${finding.severity} ${finding.file}`)).toEqual([
        'cookie-origins warning wrangler.jsonc',
        'cookie-origins warning wrangler.jsonc',
      ])
      expect(report.findings[0]?.message).toContain('env.staging.vars.CORS_ORIGINS lists no origin')
      expect(report.findings[1]?.fix).toContain('Set env.production.vars.CORS_ORIGINS in wrangler.jsonc')
      for (const [env, origin] of Object.entries(realOrigins)) {
        await setConfig(project, ['env', env, 'vars', 'CORS_ORIGINS'], origin)
      }
      expect(await found(project)).toEqual([])
    } finally {
      await project.remove()
    }
  })

  it('Should find the placeholder Hyperdrive ids of a new Postgres service', async () => {
    const project = await readyProject({ db: 'postgres' })
    try {
      const report = await doctor(project.root, options)
      expect(report.findings.map((finding) => `${finding.id} ${finding.severity}`)).toEqual([
        'database-ids error',
        'database-ids error',
      ])
      expect(report.findings[0]?.fix).toMatch(/^npx wrangler hyperdrive create svc-staging --connection-string=/)
      await setConfig(project, ['env', 'staging', 'hyperdrive', 0, 'id'], '0123456789abcdef0123456789abcdef')
      await setConfig(project, ['env', 'production', 'hyperdrive', 0, 'id'], 'fedcba9876543210fedcba9876543210')
      expect(await found(project)).toEqual([])
    } finally {
      await project.remove()
    }
  })

  it("Should find a channel whose clients ping slower than its idle timeout or Cloudflare's 100 s", async () => {
    const project = await readyProject()
    try {
      const generated = await project.run('gen', 'channel', 'chat')
      expect(generated.code, generated.stderr).toBe(0)
      expect(await found(project)).toEqual([])
      await expectFound(
        project,
        ['wrangler.jsonc'],
        () => setConfig(project, ['env', 'production', 'vars', 'CHAT_CHANNEL_IDLE_TIMEOUT_MS'], '15000'),
        ['channel-heartbeat error wrangler.jsonc'],
      )
      const channel = 'src/channels/chat/channel.ts'
      await expectFound(
        project,
        [channel],
        async () =>
          project.write(
            channel,
            (await project.read(channel)).replace('PING_INTERVAL_MS = 20_000', 'PING_INTERVAL_MS = 120_000'),
          ),
        [
          'channel-heartbeat error docs/channels/chat.md',
          `channel-heartbeat error ${channel}`,
          'channel-heartbeat error wrangler.jsonc',
          'channel-heartbeat error wrangler.jsonc',
          'channel-heartbeat error wrangler.jsonc',
        ],
      )
      const docs = 'docs/channels/chat.md'
      expect(await project.read(docs)).toContain('pings every **20 s**')
      await expectFound(
        project,
        [docs],
        async () =>
          project.write(docs, (await project.read(docs)).replace('pings every **20 s**', 'pings every **90 s**')),
        [
          `channel-heartbeat error ${docs}`,
          'channel-heartbeat error wrangler.jsonc',
          'channel-heartbeat error wrangler.jsonc',
          'channel-heartbeat error wrangler.jsonc',
        ],
      )
    } finally {
      await project.remove()
    }
  })
})
