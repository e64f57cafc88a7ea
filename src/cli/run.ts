import { type ArgsDef, type CommandDef, renderUsage, runCommand } from 'citty'
import { CliError } from '../errors.js'
import type { Io } from '../io.js'
import { packageInfo } from '../package-info.js'
import { resolveSubCommand } from './subcommands.js'

/**
 * The one top-level handler: answers --help and --version, rejects unknown options, runs the
 * command with `io` as its citty `data`, and turns every error into a message on stderr and
 * an exit code (stack traces only with --verbose or DEBUG). Returns the exit code instead of
 * exiting, so tests can run a whole command in-process.
 */
export async function runCli<T extends ArgsDef>(command: CommandDef<T>, rawArgs: string[], io: Io): Promise<number> {
  const options = rawArgs.includes('--') ? rawArgs.slice(0, rawArgs.indexOf('--')) : rawArgs
  const verbose = options.includes('--verbose') || Boolean(io.env.DEBUG)
  let name = 'command'
  try {
    // A subcommand (`honoforge gen resource ...`) gets its own help, options and run.
    const { leaf, args } = await resolveSubCommand(command as unknown as CommandDef<ArgsDef>, rawArgs, io)
    name = (await resolveMeta(leaf)).name ?? name
    if (options.includes('--help') || options.includes('-h')) {
      io.stdout(await renderUsage(leaf))
      return 0
    }
    if (options.includes('--version') || options.includes('-v')) {
      io.stdout(packageInfo().version)
      return 0
    }
    const unknown = findUnknownOption(options.slice(rawArgs.length - args.length), await resolveArgs(leaf))
    if (unknown) throw new CliError(`Unknown option ${unknown}. Run "${name} --help" for usage.`)
    await runCommand(leaf, { rawArgs: args, data: io })
    return 0
  } catch (error) {
    io.stderr(formatError(error, verbose, name))
    return error instanceof CliError ? error.exitCode : 1
  }
}

/** The message for an error: expected ones plainly, unexpected ones flagged as such. */
function formatError(error: unknown, verbose: boolean, commandName: string): string {
  const stack = verbose && error instanceof Error && error.stack ? `\n${error.stack}` : ''
  if (error instanceof CliError) return `${error.message}${stack}`
  // citty's own parse errors (e.g. a missing argument) are usage errors too.
  if (error instanceof Error && error.name === 'CLIError') {
    return `${error.message} Run "${commandName} --help" for usage.${stack}`
  }
  const message = error instanceof Error ? error.message : String(error)
  return `Unexpected error: ${message}${stack || '\nRun again with --verbose for the stack trace.'}`
}

/**
 * The first option in `rawArgs` that the command does not declare (citty ignores them, so a
 * typo like --no-instal would otherwise be silently dropped), or `undefined`.
 */
function findUnknownOption(rawArgs: string[], args: ArgsDef): string | undefined {
  const known = new Set(['help', 'h', 'version', 'v'])
  const takesValue = new Set<string>()
  for (const [name, def] of Object.entries(args)) {
    if (def.type === 'positional') continue
    const alias = 'alias' in def ? def.alias : undefined
    const aliases = alias === undefined ? [] : Array.isArray(alias) ? alias : [alias]
    for (const flag of [name, ...aliases]) {
      known.add(flag)
      if (def.type === 'boolean') known.add(`no-${flag}`)
      else takesValue.add(flag)
    }
  }
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i] ?? ''
    if (!arg.startsWith('-') || arg === '-') continue
    const flag = arg.replace(/^--?/, '').split('=', 1)[0] ?? ''
    if (!known.has(flag)) return arg.split('=', 1)[0]
    if (takesValue.has(flag) && !arg.includes('=')) i++ // skip the option's value
  }
  return undefined
}

async function resolveMeta<T extends ArgsDef>(command: CommandDef<T>) {
  const meta = typeof command.meta === 'function' ? await command.meta() : await command.meta
  return meta ?? {}
}

async function resolveArgs<T extends ArgsDef>(command: CommandDef<T>): Promise<ArgsDef> {
  const args = typeof command.args === 'function' ? await command.args() : await command.args
  return args ?? {}
}
