/**
 * A team generator's prompts as flags: every prompt named `name` is `--name <value>`
 * (a confirm is a boolean `--name` / `--no-name`, a checkbox takes a comma-separated list).
 * Without a terminal a run never waits for input; on one, the prompts not given as flags are
 * asked (as create-honoforge asks its own). Answers follow inquirer's rules: `when` skips a
 * prompt, `default` fills one not given, `filter` and `validate` run as they would after a prompt.
 */
import type { Prompter } from '../../create/prompts.js'
import { GenError } from '../errors.js'
import type { JsonValue } from '../manifest.js'
import type { TeamGenerator, TeamPrompt } from './plopfiles.js'

/** One flag of a team generator, for citty: the parser, `--help` and the answers read from it. */
export interface PromptFlag {
  type: 'string' | 'boolean'
  description: string
  valueHint?: string
}

/** inquirer's prompt types that pick one of their choices. */
const listTypes = ['list', 'rawlist', 'expand']

/** The generator's prompts, checked: a list of objects each with a name. */
export function promptsOf(generator: TeamGenerator): TeamPrompt[] {
  const { prompts } = generator
  if (prompts === undefined) return []
  if (typeof prompts === 'function') {
    throw new GenError(
      `The ${generator.name} generator (${generator.source}) asks its questions in a function, which honoforge cannot ` +
        'turn into flags: give it a list of prompts.',
    )
  }
  const list = Array.isArray(prompts) ? prompts : [prompts]
  for (const prompt of list) {
    if (
      typeof prompt !== 'object' ||
      prompt === null ||
      typeof prompt.name !== 'string' ||
      !/^\w[\w-]*$/.test(prompt.name)
    ) {
      throw new GenError(`The ${generator.name} generator (${generator.source}) has a prompt without a usable name.`)
    }
  }
  return list as TeamPrompt[]
}

/** The flags of a team generator's prompts, by prompt name. */
export function promptFlags(prompts: readonly TeamPrompt[]): Record<string, PromptFlag> {
  return Object.fromEntries(
    prompts.map((prompt) => {
      const message = typeof prompt.message === 'string' ? prompt.message.replace(/[\s:?]+$/, '') : prompt.name
      const choices = choiceValues(prompt)
      // A list's default may be an index (as inquirer allows): shown as the choice it names.
      const indexed = typeof prompt.default === 'number' && listTypes.includes(prompt.type ?? '')
      const shown =
        typeof prompt.default === 'function' ? undefined : indexed ? choices[prompt.default as number] : prompt.default
      const details = [
        choices.length > 0 ? `${prompt.type === 'checkbox' ? 'any of' : 'one of'} ${choices.join(', ')}` : '',
        shown !== undefined ? `default ${JSON.stringify(shown)}` : '',
      ].filter(Boolean)
      const description = details.length > 0 ? `${message} (${details.join('; ')})` : message
      if (prompt.type === 'confirm') return [prompt.name, { type: 'boolean', description }]
      const valueHint = prompt.type === 'checkbox' ? 'a,b' : prompt.type === 'number' ? 'number' : 'value'
      return [prompt.name, { type: 'string', description, valueHint }]
    }),
  )
}

/**
 * The answers of a run from its flags, prompt by prompt (a later prompt's `when` or
 * `default` sees the earlier answers); with a `prompter` (a terminal), a prompt not given as
 * a flag is asked, its default offered.
 *
 * @throws GenError listing every flag a required prompt lacks, or naming a rejected value.
 */
export async function answersOf(
  generator: TeamGenerator,
  prompts: readonly TeamPrompt[],
  flags: Record<string, unknown>,
  prompter?: Prompter,
): Promise<Record<string, JsonValue>> {
  const answers: Record<string, unknown> = {}
  const missing: TeamPrompt[] = []
  for (const prompt of prompts) {
    if (prompt.when === false) continue
    if (typeof prompt.when === 'function' && !(await prompt.when({ ...answers }))) continue
    let value = flags[prompt.name] === undefined ? undefined : fromFlag(prompt, flags[prompt.name])
    if (value === undefined && prompter) value = await ask(prompter, prompt, await defaultOf(prompt, answers))
    if (value === undefined) value = await defaultOf(prompt, answers)
    if (value === undefined) {
      missing.push(prompt)
      continue
    }
    if (prompt.filter) value = await prompt.filter(value, { ...answers })
    const verdict = prompt.validate ? await prompt.validate(value, { ...answers }) : true
    if (verdict !== true) {
      const reason = typeof verdict === 'string' && verdict !== '' ? verdict : 'not accepted'
      throw new GenError(`--${prompt.name} ${JSON.stringify(value)}: ${reason}`)
    }
    answers[prompt.name] = value
  }
  if (missing.length > 0) {
    const flagsList = missing.map(
      (prompt) => `  --${prompt.name} <value>  ${promptFlags([prompt])[prompt.name]?.description}`,
    )
    throw new GenError(
      [`honoforge gen ${generator.name} needs these flags (its prompts have no default):`, ...flagsList].join('\n'),
    )
  }
  // Recorded in the manifest as JSON; a filter returning something else is recorded as JSON would write it.
  return JSON.parse(JSON.stringify(answers)) as Record<string, JsonValue>
}

/** Ask one prompt on the terminal; the answer is read as its flag would be. */
async function ask(prompter: Prompter, prompt: TeamPrompt, initial: unknown): Promise<unknown> {
  const message = typeof prompt.message === 'string' ? prompt.message : prompt.name
  if (prompt.type === 'confirm') return prompter.confirm({ message, initialValue: initial !== false })
  const choices = choiceValues(prompt)
  if (listTypes.includes(prompt.type ?? '') && choices.length > 0) {
    const options = choices.map((value) => ({ value, label: value }))
    const chosen = await prompter.select({ message, options, initialValue: String(initial ?? choices[0]) })
    return fromFlag(prompt, chosen)
  }
  const hint = prompt.type === 'checkbox' ? ` (any of ${choices.join(', ')}, comma-separated)` : ''
  const defaultValue = Array.isArray(initial) ? initial.join(',') : initial === undefined ? '' : String(initial)
  const text = await prompter.text({
    message: `${message}${hint}`,
    defaultValue,
    validate: (value) => (value === '' && prompt.type !== 'checkbox' ? 'An answer is needed' : undefined),
  })
  return fromFlag(prompt, text)
}

/** A flag's value as the prompt's answer: a boolean, a number, a choice or a list of them. */
function fromFlag(prompt: TeamPrompt, raw: unknown): unknown {
  const text = String(raw)
  const fail = (problem: string): never => {
    throw new GenError(`--${prompt.name} ${JSON.stringify(text)}: ${problem}.`)
  }
  switch (prompt.type) {
    case 'confirm':
      return raw === true || raw === 'true'
    case 'number': {
      const number = Number(text)
      return text.trim() === '' || Number.isNaN(number) ? fail('not a number') : number
    }
    case 'checkbox':
      return text === '' ? [] : text.split(',').map((item) => choiceFor(prompt, item.trim(), fail))
    case 'list':
    case 'rawlist':
    case 'expand':
      return choiceFor(prompt, text, fail)
    default:
      return text
  }
}

/** The value of the choice named by `text` (its value or its name, in any case). */
function choiceFor(prompt: TeamPrompt, text: string, fail: (problem: string) => never): unknown {
  const choices = Array.isArray(prompt.choices) ? (prompt.choices as unknown[]) : []
  const match = choices.find((choice) =>
    [choiceValue(choice), (choice as { name?: unknown } | null)?.name].some(
      (candidate) => typeof candidate === 'string' && candidate.toLowerCase() === text.toLowerCase(),
    ),
  )
  return match === undefined ? fail(`not one of ${choiceValues(prompt).join(', ')}`) : choiceValue(match)
}

async function defaultOf(prompt: TeamPrompt, answers: Record<string, unknown>): Promise<unknown> {
  const given = typeof prompt.default === 'function' ? await prompt.default({ ...answers }) : prompt.default
  const choices = Array.isArray(prompt.choices) ? (prompt.choices as unknown[]) : []
  if (prompt.type === 'confirm') return given ?? true
  if (prompt.type === 'checkbox') {
    const checked = choices.filter((choice) => (choice as { checked?: unknown } | null)?.checked === true)
    return given ?? checked.map(choiceValue)
  }
  // inquirer's list takes an index as its default too.
  if (typeof given === 'number' && listTypes.includes(prompt.type ?? '')) {
    return choices[given] === undefined ? undefined : choiceValue(choices[given])
  }
  return given
}

function choiceValue(choice: unknown): unknown {
  if (typeof choice !== 'object' || choice === null) return choice
  const { value, name } = choice as { value?: unknown; name?: unknown }
  return value ?? name
}

function choiceValues(prompt: TeamPrompt): string[] {
  if (!Array.isArray(prompt.choices)) return []
  return (prompt.choices as unknown[])
    .map(choiceValue)
    .filter((value) => value !== undefined)
    .map(String)
}
