/**
 * Cron expressions as Cloudflare's Cron Triggers read them, checked before anything is
 * written: wrangler checks nothing locally, and a bad expression would otherwise surface only
 * when a deploy is refused. Five fields in UTC, with the characters each field takes on
 * Cloudflare; weekdays count from 1 = Sunday (Quartz style), so the `0` of Unix cron is
 * refused rather than read as some other day. croner then checks ranges, steps and `#`, and
 * says when the expression next matches.
 */
import { Cron } from 'croner'
import { GenError } from './errors.js'

interface Field {
  name: string
  min: number
  max: number
  /** Letters the field takes besides names: `L`, `W`. */
  letters: readonly string[]
  /** Names the field takes for its numbers, from `min`: JAN-DEC, SUN-SAT. */
  names?: readonly string[]
  /** Characters besides digits and `* , - /`. */
  extra: string
}

const months = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const weekdays = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']

/** The five fields, in order, as Cloudflare's documentation lists them. */
const fields: readonly Field[] = [
  { name: 'minute', min: 0, max: 59, letters: [], extra: '' },
  { name: 'hour', min: 0, max: 23, letters: [], extra: '' },
  { name: 'day of month', min: 1, max: 31, letters: ['L', 'W', 'LW'], extra: 'L W' },
  { name: 'month', min: 1, max: 12, letters: [], names: months, extra: 'JAN-DEC' },
  { name: 'day of week', min: 1, max: 7, letters: ['L'], names: weekdays, extra: 'L # SUN-SAT' },
]

/** croner in the dialect Cloudflare uses: five fields, weekdays 1-7 from Sunday. */
const dialect = { mode: '5-part', alternativeWeekdays: true, paused: true, timezone: 'UTC' } as const

/**
 * The expression, its fields separated by single spaces, as it goes into wrangler.jsonc and
 * the job's module (Cloudflare hands the configured text to the job as `controller.cron`).
 *
 * @example parseSchedule('0  3 * * *') // '0 3 * * *'
 * @throws GenError naming the field that is wrong and what it takes.
 */
export function parseSchedule(input: string): string {
  const expression = input.trim()
  const fail = (problem: string): never => {
    throw new GenError(`Invalid schedule "${expression}": ${problem}.`)
  }
  if (expression.startsWith('@')) fail(`Cloudflare takes five fields, not nicknames: write @daily as "0 0 * * *"`)
  const parts = expression.split(/\s+/).filter(Boolean)
  if (parts.length !== fields.length) {
    fail(
      `it has ${parts.length} field${parts.length === 1 ? '' : 's'}, and Cloudflare takes 5: minute hour day-of-month month day-of-week`,
    )
  }
  parts.forEach((part, index) => {
    const problem = fieldProblem(part, fields[index] as Field)
    if (problem) fail(problem)
  })
  // Each field alone (the others `*`) first, so that croner's complaint comes with the field's name.
  parts.forEach((part, index) => {
    const alone = fields.map((_, at) => (at === index ? part : '*')).join(' ')
    const problem = cronerProblem(alone)
    if (problem) fail(`the ${fields[index]?.name} field "${part}": ${problem}`)
  })
  const schedule = parts.join(' ')
  const problem = cronerProblem(schedule)
  if (problem) fail(problem)
  if (new Cron(schedule, dialect).nextRun(new Date('2000-01-01T00:00:00Z')) === null) fail('no date ever matches it')
  return schedule
}

/** What croner finds wrong with an expression, or undefined. */
function cronerProblem(expression: string): string | undefined {
  try {
    new Cron(expression, dialect)
    return undefined
  } catch (error) {
    return String((error as Error).message).replace(/^CronPattern: /, '')
  }
}

/** When a valid expression next matches after `from`, in UTC. */
export function nextRuns(schedule: string, count: number, from: Date): Date[] {
  return new Cron(schedule, dialect).nextRuns(count, from)
}

/** Whether the day-of-week field restricts the days (its numbers then need the 1 = Sunday reading). */
export function namesWeekdays(schedule: string): boolean {
  return schedule.split(' ')[4] !== '*'
}

/** What is wrong with one field as Cloudflare reads it, or undefined. */
function fieldProblem(text: string, field: Field): string | undefined {
  const takes = `the ${field.name} takes ${field.min}-${field.max}, * , - /${field.extra ? ` ${field.extra}` : ''}`
  const stray = /[^0-9*,\-/A-Za-z#]/.exec(text) ?? (field.extra.includes('#') ? null : /#/.exec(text))
  if (stray) return `"${stray[0]}" in the ${field.name} field "${text}" is not Cloudflare cron: ${takes}`
  for (const word of text.toUpperCase().match(/[A-Z]+/g) ?? []) {
    const name = field.names?.includes(word) || field.letters.includes(word)
    const lastWeekday = field.names === weekdays && word.endsWith('L') && weekdays.includes(word.slice(0, -1))
    if (!name && !lastWeekday) return `"${word}" in the ${field.name} field "${text}" is not Cloudflare cron: ${takes}`
  }
  for (const item of text.split(',')) {
    // Steps (`/15`) and the nth weekday (`#2`) are counts, not values of the field.
    const values = item.split('/')[0]?.split('#')[0] ?? ''
    for (const number of (values.match(/\d+/g) ?? []).map(Number)) {
      if (field.names === weekdays && number === 0) {
        return 'Cloudflare counts weekdays 1-7 from Sunday (1 = Sunday, 7 = Saturday), so 0 is no day: use SUN-SAT'
      }
      if (number < field.min || number > field.max)
        return `the ${field.name} must be ${field.min}-${field.max}, not ${number}`
    }
  }
  return undefined
}
