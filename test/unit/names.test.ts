import { describe, expect, it } from 'vitest'
import { maxNameLength, nameFromDir, validateName } from '../../src/create/names.js'

describe('validateName', () => {
  it.each(['my-api', 'a', 'api2', 'a-b-c', 'x1-2', 'a'.repeat(maxNameLength)])('accepts %j', (name) => {
    expect(validateName(name)).toBeUndefined()
  })

  it.each([
    ['', /must not be empty/],
    ['   ', /must not be empty/],
    ['../api', /path separators or "\.\."/],
    ['a/b', /path separators/],
    ['a\\b', /path separators/],
    ['a..b', /"\.\."/],
    ['a'.repeat(maxNameLength + 1), /64 characters long; Cloudflare Worker names allow at most 63/],
    ['My-api', /start with a lowercase letter/],
    ['1api', /start with a lowercase letter/],
    ['-api', /start with a lowercase letter/],
    ['.api', /start with a lowercase letter/],
    ['my_api', /only lowercase letters, digits and dashes \(found "_"\)/],
    ['myApi', /only lowercase letters, digits and dashes \(found "A"\)/],
    ['my api', /only lowercase letters, digits and dashes \(found " "\)/],
    ['@scope-api', /start with a lowercase letter/],
    ['api-', /must not end with a dash/],
  ])('rejects %j naming the rule', (name, rule) => {
    expect(validateName(name)).toMatch(rule)
  })
})

describe('nameFromDir', () => {
  it.each([
    ['my-api', 'my-api'],
    ['./nested/My Cool_API/', 'my-cool-api'],
    ['/abs/path/Service', 'service'],
    ['123-api', 'api'],
    ['__api--', 'api'],
    ['123', ''],
    ['a'.repeat(70), 'a'.repeat(maxNameLength)],
    [`${'a'.repeat(62)}-b`, 'a'.repeat(62)],
  ])('derives %j → %j', (dir, name) => {
    expect(nameFromDir(dir, '/work')).toBe(name)
  })

  it('uses the cwd basename for "."', () => {
    expect(nameFromDir('.', '/home/me/Billing API')).toBe('billing-api')
  })

  it('always derives a valid name or an empty one', () => {
    for (const dir of ['Ünïcode dir', 'x', '--', 'a.b.c', 'API_v2', `${'b'.repeat(80)}-`]) {
      const name = nameFromDir(dir, '/')
      if (name !== '') expect(validateName(name), dir).toBeUndefined()
    }
  })
})
