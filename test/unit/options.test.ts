import { describe, expect, it, vi } from 'vitest'
import type { CreateFlags } from '../../src/create/args.js'
import { isInteractive, type ResolveContext, resolveOptions } from '../../src/create/options.js'
import type { Prompter, SelectQuestion } from '../../src/create/prompts.js'
import { authChoices } from '../../src/create/template.js'
import { CliError } from '../../src/errors.js'

const base = { cwd: '/work', env: {}, tty: false } satisfies ResolveContext

/** A prompter that answers from a script and records what it was asked. */
function scriptedPrompter(answers: Record<string, string | boolean>) {
  const asked: string[] = []
  const answer = (message: string) => {
    asked.push(message)
    if (!(message in answers)) throw new Error(`unexpected question: ${message}`)
    return answers[message]
  }
  const prompter: Prompter = {
    text: async ({ message, defaultValue }) => (answer(message) as string) || defaultValue,
    select: async ({ message }) => answer(message) as never,
    confirm: async ({ message }) => answer(message) as boolean,
  }
  return { prompter, asked }
}

const neverAsk: Prompter = {
  text: () => Promise.reject(new Error('prompted')),
  select: () => Promise.reject(new Error('prompted')),
  confirm: () => Promise.reject(new Error('prompted')),
}

describe('resolveOptions without a TTY', () => {
  it('takes every default and never prompts', async () => {
    expect(await resolveOptions({}, { ...base, prompter: neverAsk })).toEqual({
      dir: 'my-api',
      name: 'my-api',
      db: 'd1',
      auth: 'jwt',
      docs: true,
      pm: 'npm',
      install: true,
      git: true,
      force: false,
    })
  })

  it('derives the name from the directory', async () => {
    const options = await resolveOptions({ dir: 'services/Billing_API' }, base)
    expect(options).toMatchObject({ dir: 'services/Billing_API', name: 'billing-api' })
  })

  it('lets every flag win', async () => {
    const flags: CreateFlags = {
      dir: 'x',
      name: 'orders',
      db: 'none',
      auth: 'none',
      docs: false,
      pm: 'bun',
      install: false,
      git: false,
      force: true,
    }
    // Every option was given, so the result is the flags themselves, the user agent notwithstanding.
    expect(await resolveOptions(flags, { ...base, env: { npm_config_user_agent: 'pnpm/10.0.0' } })).toEqual(flags)
  })

  it('detects the package manager from npm_config_user_agent', async () => {
    const env = { npm_config_user_agent: 'pnpm/10.18.0 npm/? node/v20.20.2 linux x64' }
    expect((await resolveOptions({}, { ...base, env })).pm).toBe('pnpm')
  })

  it.each([
    [{ db: 'mysql' }, 'Invalid --db value "mysql". Allowed: d1, postgres, none.'],
    [{ auth: 'oauth' }, 'Invalid --auth value "oauth". Allowed: jwt, jwks, none.'],
    [{ pm: 'deno' }, 'Invalid --pm value "deno". Allowed: npm, pnpm, yarn, bun.'],
    [{ db: '' }, 'Invalid --db value "". Allowed: d1, postgres, none.'],
  ])('rejects %j listing the allowed values', async (flags, message) => {
    const error = await resolveOptions(flags, base).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CliError)
    expect((error as CliError).message).toBe(message)
    expect((error as CliError).exitCode).toBe(1)
  })

  it('rejects an invalid --name with the rule it breaks', async () => {
    await expect(resolveOptions({ name: 'My_API' }, base)).rejects.toThrow(/start with a lowercase letter/)
    await expect(resolveOptions({ name: '../evil' }, base)).rejects.toThrow(/path separators/)
  })

  it('asks for --name when the directory cannot give one', async () => {
    await expect(resolveOptions({ dir: '2024' }, base)).rejects.toThrow(
      /Cannot use the directory "2024" as the name\. Invalid name: it must not be empty\. Pass --name/,
    )
    expect((await resolveOptions({ dir: '2024', name: 'api' }, base)).name).toBe('api')
  })

  it('rejects an empty directory argument', async () => {
    await expect(resolveOptions({ dir: '' }, base)).rejects.toThrow(/directory must not be empty/)
  })

  it('checks the target as soon as the directory is known', async () => {
    const checkTarget = vi.fn(async () => {
      throw new CliError('not empty')
    })
    await expect(resolveOptions({ dir: 'taken' }, { ...base, checkTarget })).rejects.toThrow('not empty')
    expect(checkTarget).toHaveBeenCalledWith('taken')
  })
})

describe('resolveOptions on a TTY', () => {
  const everything = {
    'Where should the project be created?': 'shop',
    'Worker name': '',
    Database: 'none',
    Authentication: 'jwt',
    'Serve OpenAPI docs at /docs?': false,
    'Install dependencies with npm?': false,
    'Initialise a git repository?': true,
  }

  it('asks every question that has no flag, in order', async () => {
    const { prompter, asked } = scriptedPrompter(everything)
    const options = await resolveOptions({}, { ...base, tty: true, prompter })
    expect(asked).toEqual(Object.keys(everything))
    expect(options).toEqual({
      dir: 'shop',
      name: 'shop', // the empty answer took the default derived from the directory
      db: 'none',
      auth: 'jwt',
      docs: false,
      pm: 'npm',
      install: false,
      git: true,
      force: false,
    })
  })

  it('asks only what the flags leave open', async () => {
    const { prompter, asked } = scriptedPrompter(everything)
    await resolveOptions({ dir: 'a', name: 'a', db: 'd1', docs: true, git: false }, { ...base, tty: true, prompter })
    expect(asked).toEqual(['Authentication', 'Install dependencies with npm?'])
  })

  it('offers every --auth choice in the Authentication prompt, each with its hint', async () => {
    let offered: SelectQuestion<string>['options'] = []
    const prompter: Prompter = {
      ...neverAsk,
      select: async <T extends string>(question: SelectQuestion<T>) => {
        offered = question.options
        return 'jwks' as T
      },
    }
    const options = await resolveOptions(
      { dir: 'd', name: 'd', db: 'd1', docs: true, install: false, git: false },
      { ...base, tty: true, prompter },
    )
    expect(options.auth).toBe('jwks')
    expect(offered.map((option) => option.value)).toEqual([...authChoices])
    expect(offered.find((option) => option.value === 'jwks')?.hint).toMatch(/identity provider/)
  })

  it('validates flags before asking anything', async () => {
    const { prompter, asked } = scriptedPrompter(everything)
    await expect(resolveOptions({ auth: 'basic' }, { ...base, tty: true, prompter })).rejects.toThrow(/--auth/)
    expect(asked).toEqual([])
  })

  it('never prompts with --yes', async () => {
    const options = await resolveOptions({ yes: true }, { ...base, tty: true, prompter: neverAsk })
    expect(options.name).toBe('my-api')
  })

  it('passes the name rule to the prompt as its validator', async () => {
    let validate: ((value: string) => string | undefined) | undefined
    const prompter: Prompter = {
      ...neverAsk,
      text: async (question) => {
        validate = question.validate
        return 'ok-name'
      },
    }
    await resolveOptions(
      { dir: 'd', db: 'd1', auth: 'jwt', docs: true, install: true, git: true },
      { ...base, tty: true, prompter },
    )
    expect(validate?.('Bad Name')).toMatch(/start with a lowercase letter/)
    expect(validate?.('good-name')).toBeUndefined()
  })
})

describe('isInteractive', () => {
  it.each([
    [true, {}, true],
    [true, { yes: true }, false],
    [false, {}, false],
    [false, { yes: false }, false],
  ])('tty=%s flags=%j → %s', (tty, flags, expected) => {
    expect(isInteractive(flags, tty)).toBe(expected)
  })
})
