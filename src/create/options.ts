import { CliError } from '../errors.js'
import type { CreateFlags } from './args.js'
import { nameFromDir, validateName } from './names.js'
import { detectPackageManager, packageManagers, type PackageManager } from './package-manager.js'
import type { Prompter } from './prompts.js'
import { authChoices, dbChoices, type Auth, type Db } from './template.js'

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

  const dir =
    flags.dir ??
    (prompter
      ? await prompter.text({
          message: 'Where should the project be created?',
          defaultValue: defaultDir,
          validate: (value) => (value.trim() ? undefined : 'Enter a directory.'),
        })
      : defaultDir)
  await context.checkTarget?.(dir)

  const derivedName = nameFromDir(dir, context.cwd)
  const name =
    flags.name ??
    (prompter
      ? await prompter.text({ message: 'Worker name', defaultValue: derivedName, validate: validateName })
      : derivedName)
  const nameProblem = validateName(name)
  if (nameProblem) {
    const derived = flags.name === undefined && !prompter
    throw new CliError(derived ? `Cannot use the directory "${dir}" as the name. ${nameProblem} Pass --name <worker-name>.` : nameProblem)
  }

  const db =
    dbFlag ??
    (prompter
      ? await prompter.select<Db>({
          message: 'Database',
          options: [
            { value: 'd1', label: 'Cloudflare D1', hint: 'SQLite with migrations and an example resource' },
            { value: 'none', label: 'None' },
          ],
          initialValue: 'd1',
        })
      : 'd1')
  const auth =
    authFlag ??
    (prompter
      ? await prompter.select<Auth>({
          message: 'Authentication',
          options: [
            { value: 'jwt', label: 'JWT', hint: 'HS256 bearer tokens' },
            { value: 'none', label: 'None' },
          ],
          initialValue: 'jwt',
        })
      : 'jwt')
  const docs = flags.docs ?? (prompter ? await prompter.confirm({ message: 'Serve OpenAPI docs at /docs?', initialValue: true }) : true)
  const pm = pmFlag ?? detectPackageManager(context.env.npm_config_user_agent) ?? 'npm'
  const install =
    flags.install ?? (prompter ? await prompter.confirm({ message: `Install dependencies with ${pm}?`, initialValue: true }) : true)
  const git = flags.git ?? (prompter ? await prompter.confirm({ message: 'Initialise a git repository?', initialValue: true }) : true)

  return { dir, name, db, auth, docs, pm, install, git, force: flags.force ?? false }
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new CliError(`Invalid ${flag} value "${value}". Allowed: ${allowed.join(', ')}.`)
}

function assertName(name: string): void {
  const problem = validateName(name)
  if (problem) throw new CliError(problem)
}
