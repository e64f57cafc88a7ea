import type { ArgsDef, CommandDef } from 'citty'
import { CliError } from '../errors.js'

/**
 * The command `rawArgs` select: follows leading words naming subcommands (`gen`, then
 * `resource`) and returns the deepest one with the arguments after its name. citty's own
 * dispatch would run it without the `data` (the Io) that `runCli` passes, so `runCli` runs
 * the leaf itself. Each command's `meta.name` is its full invocation (`honoforge gen resource`).
 *
 * @throws CliError for a word that names no subcommand of a command that has some.
 */
export async function resolveSubCommand(
  command: CommandDef<ArgsDef>,
  rawArgs: string[],
): Promise<{ leaf: CommandDef<ArgsDef>; args: string[] }> {
  const subCommands =
    typeof command.subCommands === 'function' ? await command.subCommands() : await command.subCommands
  const [first] = rawArgs
  if (!subCommands || Object.keys(subCommands).length === 0 || first === undefined || first.startsWith('-')) {
    return { leaf: command, args: rawArgs }
  }
  const sub = Object.hasOwn(subCommands, first) ? subCommands[first] : undefined
  if (!sub) {
    const meta = typeof command.meta === 'function' ? await command.meta() : await command.meta
    const name = meta?.name ?? 'command'
    throw new CliError(`Unknown command "${first}". Run "${name} --help" for usage.`)
  }
  const resolved = (typeof sub === 'function' ? await sub() : await sub) as CommandDef<ArgsDef>
  return resolveSubCommand(resolved, rawArgs.slice(1))
}
