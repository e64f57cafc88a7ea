import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createProject, type TestProject, treeDiff } from './gen-project.js'

let project: TestProject
beforeEach(async () => {
  project = await createProject()
})
afterEach(async () => {
  await project.remove()
})

describe('honoforge gen migration', () => {
  it('Should number after the existing migrations and infer the SQL from the name', async () => {
    expect((await project.run('gen', 'migration', 'AddEmailToNotes', 'email:string!?')).code).toBe(0)
    expect(await project.read('migrations/0002_add_email_to_notes.sql')).toBe(
      'ALTER TABLE notes ADD COLUMN email TEXT;\nCREATE UNIQUE INDEX idx_notes_email ON notes (email);\n',
    )
    expect((await project.run('gen', 'migration', 'backfill_titles')).code).toBe(0)
    expect(await project.read('migrations/0003_backfill_titles.sql')).toMatch(
      /^-- Write the SQL for this migration here/,
    )
  })

  it('Should write the same SQL as gen resource does for the same table', async () => {
    await project.run('gen', 'migration', 'create_tags', 'label:string!', 'color:enum(red|blue)?')
    const alone = await project.read('migrations/0002_create_tags.sql')
    const other = await createProject()
    try {
      await other.run('gen', 'resource', 'tags', 'label:string!', 'color:enum(red|blue)?')
      expect(await other.read('migrations/0002_create_tags.sql')).toBe(alone)
    } finally {
      await other.remove()
    }
  })

  it('Should be a no-op when run again', async () => {
    await project.run('gen', 'migration', 'add_email_to_notes', 'email:string?')
    const generated = await project.snapshot()
    expect((await project.run('gen', 'migration', 'add_email_to_notes', 'email:string?')).stdout).toContain(
      '2 identical',
    )
    expect(await project.snapshot()).toEqual(generated)
  })

  it('Should undo a create_ migration with a drop, and refuse to undo others', async () => {
    await project.run('gen', 'migration', 'create_tags', 'label:string')
    expect((await project.run('destroy', 'migration', 'create_tags')).code).toBe(0)
    expect(await project.read('migrations/0003_drop_tags.sql')).toBe('DROP TABLE tags;\n')
    expect(await project.read('migrations/0002_create_tags.sql')).toContain('CREATE TABLE tags')
    await project.run('gen', 'migration', 'add_email_to_notes', 'email:string?')
    const refused = await project.run('destroy', 'migration', 'add_email_to_notes')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('honoforge reverses only create_<table> ones')
  })

  it.each([
    [['add_email_to_notes', 'email:string'], 'SQLite cannot add a NOT NULL column'],
    [['add_email_to_notes'], 'needs field specs'],
    [['backfill', 'email:string'], 'Cannot tell what migration backfill should do with fields'],
    [['drop_notes', 'email:string'], 'takes no field specs'],
  ])('Should refuse %j with exit 1', async (args, message) => {
    const before = await project.snapshot()
    const result = await project.run('gen', 'migration', ...args)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(message)
    expect(await project.snapshot()).toEqual(before)
  })
})

describe('honoforge gen middleware', () => {
  it('Should write a typed middleware and a test in hono style, and destroy them again', async () => {
    const original = await project.snapshot()
    const result = await project.run('gen', 'middleware', 'AuditLog')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('app.use(auditLog())')
    expect(treeDiff(original, await project.snapshot())).toEqual({
      added: ['src/middleware/audit-log.ts', 'test/middleware/audit-log.test.ts'],
      removed: [],
      changed: ['.honoforge/base.json', '.honoforge/manifest.json'],
    })
    const module = await project.read('src/middleware/audit-log.ts')
    expect(module).toContain(
      'export function auditLog() {\n  return createMiddleware<AppEnv>(async function auditLog(_c, next) {\n',
    )
    expect(module).toContain(' * @example\n')
    const test = await project.read('test/middleware/audit-log.test.ts')
    expect(test).toContain("  it('Should pass the request on to the handler', async () => {\n")
    expect(test).toContain("import { auditLog } from '../../src/middleware/audit-log'\n")
    expect((await project.run('destroy', 'middleware', 'audit-log')).code).toBe(0)
    expect(await project.snapshot()).toEqual(original)
  })

  it('Should refuse to destroy a middleware the app still imports', async () => {
    await project.run('gen', 'middleware', 'audit-log')
    const app = await project.read('src/app.ts')
    await project.write('src/app.ts', `import { auditLog } from './middleware/audit-log'\n${app}`)
    const result = await project.run('destroy', 'middleware', 'audit-log')
    expect(result).toMatchObject({ code: 1, stderr: expect.stringContaining('src/app.ts still import it') })
  })

  it('Should refuse a name taken by a middleware the service has', async () => {
    const result = await project.run('gen', 'middleware', 'auth')
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('conflict   src/middleware/auth.ts  (exists with different content)')
  })
})

describe('honoforge --help', () => {
  it.each([
    [[]],
    [['gen']],
    [['gen', 'resource']],
    [['gen', 'endpoint']],
    [['gen', 'migration']],
    [['gen', 'middleware']],
    [['gen', 'channel']],
    [['gen', 'cron']],
    [['gen', 'queue']],
    [['destroy']],
    [['eject']],
    [['doctor']],
  ])('%j --help describes the command', async (words) => {
    const { code, stdout } = await project.run(...words, '--help')
    expect(code).toBe(0)
    expect(stdout).toContain(`USAGE honoforge${words.length ? ` ${words.join(' ')}` : ''}`)
    expect(stdout).toMatchSnapshot()
  })
})
