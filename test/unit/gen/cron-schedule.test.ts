import { describe, expect, it } from 'vitest'
import { namesWeekdays, nextRuns, parseSchedule } from '../../../src/gen/cron-schedule.js'
import { withoutTrigger, withTrigger } from '../../../src/gen/cron-triggers.js'
import { GenError } from '../../../src/gen/errors.js'

describe('cron schedules as Cloudflare reads them', () => {
  // Every example of Cloudflare's Cron Triggers documentation, and the characters each field takes.
  it.each([
    '* * * * *',
    '*/30 * * * *',
    '45 * * * *',
    '0 17 * * sun',
    '10 7 * * mon-fri',
    '0 15 1 * *',
    '0 18 * * 6L',
    '0 18 * * friL',
    '59 23 LW * *',
    '0 3 L * *',
    '0 0 15W * *',
    '0 10 * * MON#2',
    '0 0 * JAN,JUL *',
    '0 8 * * 2-6',
    '5,35 */2 1-15 1-12/3 1-7',
  ])('accepts %s', (expression) => {
    expect(parseSchedule(expression)).toBe(expression)
  })

  it('separates the fields by single spaces, as the expression goes into wrangler.jsonc', () => {
    expect(parseSchedule('  0\t3  * * *  ')).toBe('0 3 * * *')
  })

  it.each([
    ['0 24 * * *', 'the hour must be 0-23, not 24'],
    ['60 * * * *', 'the minute must be 0-59, not 60'],
    ['0 0 0 * *', 'the day of month must be 1-31, not 0'],
    ['0 0 32 * *', 'the day of month must be 1-31, not 32'],
    ['0 0 * 13 *', 'the month must be 1-12, not 13'],
    ['0 0 * * 8', 'the day of week must be 1-7, not 8'],
    ['0 0 * * 0', 'Cloudflare counts weekdays 1-7 from Sunday (1 = Sunday, 7 = Saturday), so 0 is no day: use SUN-SAT'],
    ['0 12 * * 0-6', 'Cloudflare counts weekdays 1-7 from Sunday'],
    ['* * *', 'it has 3 fields, and Cloudflare takes 5: minute hour day-of-month month day-of-week'],
    ['0 0 3 * * *', 'it has 6 fields'],
    ['', 'it has 0 fields'],
    ['@daily', 'Cloudflare takes five fields, not nicknames: write @daily as "0 0 * * *"'],
    ['0 3 ? * *', '"?" in the day of month field "?" is not Cloudflare cron: the day of month takes 1-31, * , - / L W'],
    ['0 3 * FOO *', '"FOO" in the month field "FOO" is not Cloudflare cron'],
    ['0 3 W * *', 'the day of month field "W": '],
    ['0 3 * MON *', '"MON" in the month field'],
    ['0 0 1#2 * *', '"#" in the day of month field'],
    ['L * * * *', '"L" in the minute field'],
    ['5-2 * * * *', `the minute field "5-2": From value is larger than to value: '5-2'`],
    ['*/0 * * * *', 'the minute field "*/0": Syntax error, illegal stepping: 0'],
    ['0 0 * * MON#6', 'the day of week field "MON#6": nth weekday out of range'],
    ['0 0 31 2 *', 'no date ever matches it'],
  ])('refuses %j: %s', (expression, message) => {
    expect(() => parseSchedule(expression)).toThrow(GenError)
    expect(() => parseSchedule(expression)).toThrow(message)
  })

  it('reads weekdays from 1 = Sunday when saying when it next fires, in UTC', () => {
    const from = new Date('2026-11-30T12:00:00Z') // a Monday
    expect(nextRuns('0 17 * * 1', 2, from).map((date) => date.toISOString())).toEqual([
      '2026-12-06T17:00:00.000Z',
      '2026-12-13T17:00:00.000Z',
    ])
    expect(nextRuns('0 17 * * SUN', 1, from)).toEqual(nextRuns('0 17 * * 1', 1, from))
    expect(nextRuns('10 7 * * 2-6', 1, from)[0]?.toISOString()).toBe('2026-12-01T07:10:00.000Z')
  })

  it('tells whether the day-of-week field restricts the days', () => {
    expect(namesWeekdays('0 3 * * *')).toBe(false)
    expect(namesWeekdays('0 3 * * MON')).toBe(true)
  })
})

describe('cron triggers in wrangler.jsonc', () => {
  const config = `{
  "name": "svc",
  "vars": { "A": "x" },
  "env": {
    "staging": { "name": "svc-staging" },
    "production": { "name": "svc", "triggers": { "crons": [] } }
  }
}
`

  it('lists an expression at the top level and where an environment has triggers of its own, once', () => {
    const one = withTrigger(config, '0 3 * * *')
    expect(one).toContain('"vars": { "A": "x" },\n  "triggers": { "crons": ["0 3 * * *"] },\n  "env": {')
    expect(one).toContain('"production": { "name": "svc", "triggers": { "crons": ["0 3 * * *"] } }')
    expect(one).toContain('"staging": { "name": "svc-staging" }')
    expect(withTrigger(one, '0 3 * * *')).toBe(one)
    const two = withTrigger(one, '0 8 * * MON')
    expect(two).toContain('"triggers": { "crons": ["0 3 * * *", "0 8 * * MON"] },')
    expect(withoutTrigger(two, '0 8 * * MON')).toBe(one)
  })

  it('keeps an emptied list, so that a deploy clears the schedules', () => {
    const emptied = withoutTrigger(withTrigger(config, '0 3 * * *'), '0 3 * * *')
    expect(emptied).toContain('"triggers": { "crons": [] },')
    expect(emptied).toContain('"production": { "name": "svc", "triggers": { "crons": [] } }')
    expect(withoutTrigger(config, '0 3 * * *')).toBe(config)
  })
})
