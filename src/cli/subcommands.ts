import type { ArgsDef, CommandDef, SubCommandsDef } from 'citty'
import { CliError } from '../errors.js'
import type { Io } from '../io.js'

/**
 * What a command whose subcommands depend on the process gets: `honoforge gen` lists the
 * team generators of the service in `io.cwd`, loading them only when `word` is not built in.
 */
export interface SubCommandContext {
  io: Io
  /** The word naming the subcommand, if any (none for --help). */
  word?: string
}

/**
 * The command `rawArgs` select: follows leading words naming subcommands (`gen`, then
 * `resource`) and returns the deepest one with the arguments after its name. citty's own
 * dispatch would run it without the `data` (the Io) that `runCli` passes, so `runCli` runs
 * the leaf itself. Each command's `meta.name` is its full invocation (`honoforge gen resource`).
 * Subcommands given as a function get a `SubCommandContext`; the command returned lists them
 * resolved, so its usage text shows them.
 *
 * @throws CliError for a word that names no subcommand of a command that has some.
 */
export async function resolveSubCommand(
  command: CommandDef<ArgsDef>,
  rawArgs: string[],
  io?: Io,
): Promise<{ leaf: CommandDef<ArgsDef>; args: string[] }> {
  const [first] = rawArgs
  const word = first === undefined || first.startsWith('-') ? undefined : first
  const dynamic = typeof command.subCommands === 'function'
  const subCommands = dynamic
    ? await (command.subCommands as (context?: SubCommandContext) => Promise<SubCommandsDef>)(io && { io, word })
    : ((await command.subCommands) as SubCommandsDef | undefined)
  if (!subCommands || Object.keys(subCommands).length === 0 || word === undefined) {
    return { leaf: dynamic ? { ...command, subCommands } : command, args: rawArgs }
  }
  const sub = Object.hasOwn(subCommands, word) ? subCommands[word] : undefined
  if (!sub) {
    const meta = typeof command.meta === 'function' ? await command.meta() : await command.meta
    const name = meta?.name ?? 'command'
    throw new CliError(`Unknown command "${word}". Run "${name} --help" for usage.`)
  }
  const resolved = (typeof sub === 'function' ? await sub() : await sub) as CommandDef<ArgsDef>
  return resolveSubCommand(resolved, rawArgs.slice(1), io)
}
