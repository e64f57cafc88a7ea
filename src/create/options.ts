import { CliError } from '../errors.js'
import type { CreateFlags } from './args.js'
import { nameFromDir, validateName } from './names.js'
import { detectPackageManager, type PackageManager, packageManagers } from './package-manager.js'
import type { Prompter, SelectQuestion } from './prompts.js'
import { type Auth, authChoices, type Db, dbChoices } from './template.js'

/** Used when no directory is given and nobody can be asked. */
export const defaultDir = 'my-api'

/** Every answer the create flow needs, each from a flag, a prompt or a default. */
export interface ResolvedOptions {
  /** Target directory as given (relative to the cwd, or absolute). */
  dir: string
  name: string
  db: Db
  auth: Auth
  docs: boolean
  pm: PackageManager
  install: boolean
  git: boolean
  force: boolean
}

export interface ResolveContext {
  cwd: string
  env: Record<string, string | undefined>
  /** Whether stdin is a terminal. */
  tty: boolean
  /** Asks the questions; required only when the run is interactive. */
  prompter?: Prompter
  /** Called as soon as the directory is known, so a bad target fails before further questions. */
  checkTarget?: (dir: string) => Promise<unknown>
}

/** Prompts appear only on a terminal, and never with --yes. */
export function isInteractive(flags: Pick<CreateFlags, 'yes'>, tty: boolean): boolean {
  return tty && !flags.yes
}

/**
 * Turn flags into complete options. A flag always wins; a missing answer is asked for when
 * the run is interactive and otherwise takes its default, so a run without a TTY never waits.
 * Invalid flag values fail before any question is asked.
 *
 * @throws CliError naming the flag and the allowed values, or the name rule that failed.
 */
export async function resolveOptions(flags: CreateFlags, context: ResolveContext): Promise<ResolvedOptions> {
  const dbFlag = flags.db === undefined ? undefined : oneOf('--db', flags.db, dbChoices)
  const authFlag = flags.auth === undefined ? undefined : oneOf('--auth', flags.auth, authChoices)
  const pmFlag = flags.pm === undefined ? undefined : oneOf('--pm', flags.pm, packageManagers)
  if (flags.name !== undefined) assertName(flags.name)
  if (flags.dir !== undefined && flags.dir.trim() === '') throw new CliError('The target directory must not be empty.')

  const interactive = isInteractive(flags, context.tty)
  const prompter = interactive ? context.prompter : undefined
  if (interactive && !prompter) throw new Error('resolveOptions: an interactive run needs a prompter')
  /** A flag wins; otherwise ask when interactive (offering the default), else take the default. */
  const answer = async <T>(flag: T | undefined, fallback: T, ask: (prompter: Prompter, fallback: T) => Promise<T>) =>
    flag !== undefined ? flag : prompter ? ask(prompter, fallback) : fallback

  const dir = await answer(flags.dir, defaultDir, (p, fallback) =>
    p.text({
      message: 'Where should the project be created?',
      defaultValue: fallback,
      validate: (value) => (value.trim() ? undefined : 'Enter a directory.'),
    }),
  )
  await context.checkTarget?.(dir)

  const name = await answer(flags.name, nameFromDir(dir, context.cwd), (p, fallback) =>
    p.text({ message: 'Worker name', defaultValue: fallback, validate: validateName }),
  )
  const nameProblem = validateName(name)
  if (nameProblem) {
    const derived = flags.name === undefined && !prompter
    throw new CliError(
      derived
        ? `Cannot use the directory "${dir}" as the name. ${nameProblem} Pass --name <worker-name>.`
        : nameProblem,
    )
  }

  const db = await answer<Db>(dbFlag, 'd1', (p, fallback) =>
    p.select<Db>({ message: 'Database', options: dbOptions, initialValue: fallback }),
  )
  const auth = await answer<Auth>(authFlag, 'jwt', (p, fallback) =>
    p.select<Auth>({ message: 'Authentication', options: authOptions, initialValue: fallback }),
  )
  const docs = await answer(flags.docs, true, (p, fallback) =>
    p.confirm({ message: 'Serve OpenAPI docs at /docs?', initialValue: fallback }),
  )
  const pm = pmFlag ?? detectPackageManager(context.env.npm_config_user_agent) ?? 'npm'
  const install = await answer(flags.install, true, (p, fallback) =>
    p.confirm({ message: `Install dependencies with ${pm}?`, initialValue: fallback }),
  )
  const git = await answer(flags.git, true, (p, fallback) =>
    p.confirm({ message: 'Initialise a git repository?', initialValue: fallback }),
  )

  return { dir, name, db, auth, docs, pm, install, git, force: flags.force ?? false }
}

const dbOptions: SelectQuestion<Db>['options'] = [
  { value: 'd1', label: 'Cloudflare D1', hint: 'SQLite with migrations and an example resource' },
  { value: 'postgres', label: 'PostgreSQL via Hyperdrive', hint: 'a local Postgres for dev and tests, no Docker' },
  { value: 'none', label: 'None' },
]

const authOptions: SelectQuestion<Auth>['options'] = [
  { value: 'jwt', label: 'JWT', hint: 'HS256 bearer tokens' },
  { value: 'jwks', label: 'JWKS', hint: 'RS256/ES256 tokens from an identity provider (Auth0, Okta, Cognito…)' },
  { value: 'none', label: 'None' },
]

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new CliError(`Invalid ${flag} value "${value}". Allowed: ${allowed.join(', ')}.`)
}

function assertName(name: string): void {
  const problem = validateName(name)
  if (problem) throw new CliError(problem)
}
