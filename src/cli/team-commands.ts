/**
 * `honoforge gen <team-generator>`: a command per generator of the service's plopfiles,
 * made when the command line names one (or asks for the list), so built-in commands never
 * load a plopfile.
 */
import { type ArgsDef, type CommandDef, defineCommand } from 'citty'
import { createClackPrompter } from '../create/prompts.js'
import { CliError } from '../errors.js'
import { generateTeam } from '../gen/commands/team.js'
import { generatorKinds } from '../gen/manifest.js'
import { openProject } from '../gen/project.js'
import { hasPlopfiles, type TeamGenerator, teamGenerators } from '../gen/team/plopfiles.js'
import { promptFlags, promptsOf } from '../gen/team/prompts.js'
import { flagsOf, type HonoforgeIo, type PlanArgs, planArgs, runtimeOf } from './command-args.js'
import type { SubCommandContext } from './subcommands.js'

/** The commands of the team generators of the service the process runs in; none outside one or for a built-in. */
export async function teamCommands(
  context: SubCommandContext | undefined,
): Promise<Record<string, CommandDef<ArgsDef>>> {
  if (!context || (context.word !== undefined && (generatorKinds as readonly string[]).includes(context.word)))
    return {}
  const root = await openProject(context.io.cwd).then(
    (project) => project.root,
    () => undefined,
  )
  if (root === undefined || !(await hasPlopfiles(root))) return {}
  const generators = await teamGenerators(root)
  return Object.fromEntries(generators.map((generator) => [generator.name, teamCommand(generator)]))
}

function teamCommand(generator: TeamGenerator): CommandDef<ArgsDef> {
  const prompts = promptsOf(generator)
  const flags = promptFlags(prompts)
  const clash = Object.keys(flags).find((name) => name in planArgs)
  if (clash) {
    throw new CliError(
      `The ${generator.name} generator (${generator.source}) has a prompt named "${clash}", a flag of honoforge gen itself: rename the prompt.`,
    )
  }
  return defineCommand({
    meta: {
      name: `honoforge gen ${generator.name}`,
      description: `${generator.description || 'A team generator'} (${generator.source})`,
    },
    args: { ...flags, ...planArgs } as ArgsDef,
    run: async ({ args, data }) => {
      if (args._.length > 0) {
        throw new CliError(`Unexpected argument "${String(args._[0])}": give the answers as flags (--help lists them).`)
      }
      const io = data as HonoforgeIo
      const given = Object.fromEntries(prompts.map((prompt) => [prompt.name, args[prompt.name]]))
      // On a terminal, what the flags leave out is asked; elsewhere it takes its default or stops the run.
      const prompter = io.stdinIsTTY ? await createClackPrompter() : undefined
      const project = await openProject(io.cwd)
      await generateTeam(project, generator, given, flagsOf(args as PlanArgs), runtimeOf(io), prompter)
    },
  })
}
