import { describe, expect, it } from 'vitest'
import type { Prompter } from '../../../src/create/prompts.js'
import type { TeamGenerator } from '../../../src/gen/team/plopfiles.js'
import { answersOf, promptFlags, promptsOf } from '../../../src/gen/team/prompts.js'

const generator = (prompts: unknown): TeamGenerator => ({
  name: 'module',
  description: '',
  prompts,
  actions: [],
  dir: '/nowhere',
  source: 'plopfile.mjs',
  plop: { renderString: (text) => text, getGeneratorList: () => [], getGenerator: () => ({}) },
})

const prompts = [
  { type: 'input', name: 'name', message: 'Name', filter: (value: unknown) => String(value).trim() },
  { type: 'list', name: 'kind', message: 'Kind', choices: [{ name: 'Worker', value: 'worker' }, 'client'], default: 1 },
  { type: 'confirm', name: 'logged', message: 'Logged?' },
  { type: 'checkbox', name: 'tags', message: 'Tags', choices: ['a', 'b', { value: 'c', checked: true }] },
  {
    type: 'number',
    name: 'size',
    message: 'Size',
    default: 3,
    when: (answers: { kind?: string }) => answers.kind === 'worker',
  },
]

/** A terminal whose answers are scripted, recording what was asked. */
function scripted(answers: Record<string, string | boolean>) {
  const asked: string[] = []
  const answer = (message: string) => {
    asked.push(message)
    const key = Object.keys(answers).find((start) => message.startsWith(start))
    return answers[key ?? ''] ?? ''
  }
  const prompter: Prompter = {
    text: async ({ message, defaultValue }) => String(answer(message) || defaultValue),
    select: async ({ message, initialValue }) => String(answer(message) || initialValue) as never,
    confirm: async ({ message }) => answer(message) === true,
  }
  return { prompter, asked }
}

describe('team generator prompts as flags', () => {
  it('Should take answers from flags, defaults and inquirer rules without a terminal', async () => {
    const team = generator(prompts)
    const answers = await answersOf(team, promptsOf(team), { name: '  billing ', kind: 'Worker', tags: 'a,b' })
    expect(answers).toEqual({ name: 'billing', kind: 'worker', logged: true, tags: ['a', 'b'], size: 3 })
    const defaults = await answersOf(team, promptsOf(team), { name: 'x' })
    expect(defaults).toEqual({ name: 'x', kind: 'client', logged: true, tags: ['c'] })
  })

  it('Should describe every prompt as a flag', () => {
    const flags = promptFlags(promptsOf(generator(prompts)))
    expect(flags.logged).toEqual({ type: 'boolean', description: 'Logged' })
    expect(flags.kind?.description).toBe('Kind (one of worker, client; default "client")')
    expect(flags.tags?.valueHint).toBe('a,b')
  })

  it('Should list the flags a run lacks, and name a rejected value', async () => {
    const team = generator([...prompts, { type: 'input', name: 'owner', message: 'Owner team:' }])
    await expect(answersOf(team, promptsOf(team), {})).rejects.toThrow(
      /needs these flags[\s\S]*--name <value> {2}Name\n {2}--owner <value> {2}Owner team$/,
    )
    const strict = generator([{ name: 'port', type: 'number', validate: (port: number) => port > 0 || 'a port' }])
    await expect(answersOf(strict, promptsOf(strict), { port: '0' })).rejects.toThrow('--port 0: a port')
    await expect(answersOf(strict, promptsOf(strict), { port: 'eight' })).rejects.toThrow('not a number')
    expect(() => promptsOf(generator(() => []))).toThrow(/asks its questions in a function/)
  })

  it('Should ask on a terminal only what the flags leave out', async () => {
    const team = generator(prompts)
    const { prompter, asked } = scripted({ Name: 'billing', Kind: 'worker', Tags: 'b', Size: '8' })
    const answers = await answersOf(team, promptsOf(team), { logged: false }, prompter)
    expect(answers).toEqual({ name: 'billing', kind: 'worker', logged: false, tags: ['b'], size: 8 })
    expect(asked).toEqual(['Name', 'Kind', 'Tags (any of a, b, c, comma-separated)', 'Size'])
  })
})
