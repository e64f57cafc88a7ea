import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createInstalledService, output, run, serviceEnv, workRoot } from './toolchain.js'

// A service grown with every generator through the bin its devDependency installs, then held
// to its own checks: type-check, tests inside workerd (D1 migrated) and the size budget.
const dir = join(workRoot, 'services', 'svc-gen')
const npm = (...args: string[]) => run('npm', args, { cwd: dir, env: serviceEnv() })
const honoforge = (...args: string[]) => npm('exec', '--', 'honoforge', ...args)

/** The service's own checks, each of which must pass. */
function expectChecksPass() {
  const typecheck = npm('run', 'typecheck')
  expect(typecheck.status, output(typecheck)).toBe(0)
  const test = npm('test')
  expect(test.status, output(test)).toBe(0)
  const size = npm('run', 'size')
  expect(size.status, output(size)).toBe(0)
  return { tests: test.stdout, size: size.stdout }
}

beforeAll(() => {
  createInstalledService('svc-gen')
})

describe('a service grown with honoforge gen', () => {
  it('Should generate two related resources covering every field type, an endpoint, a migration and a middleware', () => {
    const steps = [
      [
        'gen',
        'resource',
        'authors',
        'name:string!',
        'email:string!',
        'bio:text?',
        'active:boolean',
        'born:datetime?',
        'rating:number?',
        'level:integer',
        'meta:json?',
        'kind:enum(a|b|c)',
        'website:uuid?',
        'homepage:url?',
        'contact:email?',
        'since:date?',
      ],
      [
        'gen',
        'resource',
        'books',
        'title:string',
        'author:references(authors)',
        'isbn:string!',
        'editor:references(authors)?',
      ],
      ['gen', 'resource', 'categories', 'name:string', 'parent:references(categories)?'],
      ['gen', 'resource', 'news', 'headline:string', '--public'],
      [
        'gen',
        'endpoint',
        'publish-book',
        '--method',
        'post',
        '--path',
        '/books/:id/publish',
        '--query',
        'notify:boolean?',
        '--body',
        'at:datetime',
        'note:text?',
      ],
      // Public, under the protected /authors: mounted first, it is served without a token.
      [
        'gen',
        'endpoint',
        'author-stats',
        '--method',
        'get',
        '--path',
        '/authors/stats',
        '--query',
        'since:datetime?',
        '--public',
      ],
      ['gen', 'migration', 'add_nickname_to_authors', 'nickname:string?'],
      ['gen', 'middleware', 'audit-log'],
    ]
    for (const step of steps) {
      const result = honoforge(...step)
      expect(result.status, `${step.join(' ')}\n${output(result)}`).toBe(0)
    }
    for (const file of [
      'src/routes/books/db.ts',
      'test/publish-book.test.ts',
      'migrations/0006_add_nickname_to_authors.sql',
      'src/middleware/audit-log.ts',
    ]) {
      expect(existsSync(join(dir, file)), file).toBe(true)
    }
    // Endpoints under a resource's path are mounted in its router, ahead of its routes.
    expect(readFileSync(join(dir, 'src/routes/books/index.ts'), 'utf8')).toContain("books.route('/', publishBook)")
    expect(readFileSync(join(dir, 'src/routes/authors/index.ts'), 'utf8')).toContain("authors.route('/', authorStats)")
    expect(readFileSync(join(dir, 'src/routes/index.ts'), 'utf8')).not.toMatch(/publishBook|authorStats/)
  })

  it('Should change nothing when a command runs again', () => {
    const before = readFileSync(join(dir, '.honoforge/manifest.json'), 'utf8')
    const again = honoforge('gen', 'resource', 'news', 'headline:string', '--public')
    expect(again.status, output(again)).toBe(0)
    expect(again.stdout).toMatch(/^9 identical$/m)
    expect(readFileSync(join(dir, '.honoforge/manifest.json'), 'utf8')).toBe(before)
  })

  it('Should pass its own type-check, tests and size budget', () => {
    const { tests, size } = expectChecksPass()
    for (const file of [
      'authors',
      'books',
      'categories',
      'news',
      'publish-book',
      'author-stats',
      'middleware/audit-log',
    ]) {
      expect(tests).toContain(`test/${file}.test.ts`)
    }
    expect(size).toMatch(/Worker: [\d.]+ KB gzip/)
  })

  it('Should keep openapi.json and the client types as npm run openapi writes them', () => {
    const files = [join(dir, 'public', 'openapi.json'), join(dir, 'client', 'api.d.ts')]
    const before = files.map((file) => readFileSync(file, 'utf8'))
    expect(before[1]).toContain('"/books/{id}/publish": {')
    expect(npm('run', 'openapi').status).toBe(0)
    expect(files.map((file) => readFileSync(file, 'utf8'))).toEqual(before)
  })

  it('Should still pass after destroying a resource, once the endpoint under it is gone', () => {
    const refused = honoforge('destroy', 'resource', 'books')
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain('its router mounts the endpoints publish-book')
    expect(honoforge('destroy', 'endpoint', 'publish-book').status).toBe(0)
    const destroyed = honoforge('destroy', 'resource', 'books')
    expect(destroyed.status, output(destroyed)).toBe(0)
    expect(existsSync(join(dir, 'src/routes/books'))).toBe(false)
    expect(readFileSync(join(dir, 'migrations/0007_drop_books.sql'), 'utf8')).toBe('DROP TABLE books;\n')
    expect(readFileSync(join(dir, 'client', 'api.d.ts'), 'utf8')).not.toContain('"/books')
    const { tests } = expectChecksPass()
    expect(tests).not.toContain('test/books.test.ts')
    expect(tests).not.toContain('test/publish-book.test.ts')
  })

  it("Should render an ejected, edited template with the Handlebars of the service's node-plop", () => {
    // The package ships its own templates precompiled and no compiler: an override is the one
    // template compiled at run time.
    expect(existsSync(join(dir, 'node_modules', 'create-honoforge', 'node_modules', 'handlebars'))).toBe(false)
    expect(honoforge('eject', 'middleware').status).toBe(0)
    const override = join(dir, '.honoforge/templates/middleware/middleware.ts.hbs')
    writeFileSync(
      override,
      `// {{middleware.Words}}: reviewed by the platform team.\n${readFileSync(override, 'utf8')}`,
    )
    const result = honoforge('gen', 'middleware', 'tenant')
    expect(result.status, output(result)).toBe(0)
    expect(result.stdout).toContain('using override .honoforge/templates/middleware/middleware.ts.hbs')
    expect(readFileSync(join(dir, 'src/middleware/tenant.ts'), 'utf8')).toMatch(
      /^\/\/ Tenant: reviewed by the platform team\.\n/,
    )
  })
})
