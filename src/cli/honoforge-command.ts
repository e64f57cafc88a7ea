import { type ArgsDef, type CommandDef, defineCommand, renderUsage } from 'citty'
import { CliError } from '../errors.js'
import { destroy } from '../gen/commands/destroy.js'
import { eject } from '../gen/commands/eject.js'
import { ejectPlop } from '../gen/commands/eject-plop.js'
import { destroyTeam } from '../gen/commands/team.js'
import { upgrade } from '../gen/commands/upgrade.js'
import { generatorKinds, teamKind } from '../gen/manifest.js'
import { openProject, type Project } from '../gen/project.js'
import type { Io } from '../io.js'
import { packageInfo } from '../package-info.js'
import { flagsOf, generatorKind, type HonoforgeIo, planArgs, runtimeOf } from './command-args.js'
import { doctorCommand } from './doctor-command.js'
import { genCommand } from './gen-command.js'

export type { HonoforgeIo } from './command-args.js'

const generatorArg = {
  generator: { type: 'positional', required: true, description: generatorKinds.join(', ') },
} as const satisfies ArgsDef

const destroyCommand = defineCommand({
  meta: {
    name: 'honoforge destroy',
    description: 'Undo a generator run, keeping files changed since (unless --force)',
  },
  args: {
    generator: {
      type: 'positional',
      required: true,
      description: `${generatorKinds.join(', ')}, or a team generator (plopfile)`,
    },
    name: {
      type: 'positional',
      required: false,
      description: "The name given to gen (none for auth; a team generator's --name)",
    },
    ...planArgs,
  },
  run: async ({ args, data }) => {
    const io = data as HonoforgeIo
    const project = await openProject(io.cwd)
    if (!(generatorKinds as readonly string[]).includes(args.generator) && isTeamRun(project, args.generator)) {
      return destroyTeam(project, args.generator, args.name, flagsOf(args), runtimeOf(io))
    }
    const generator = generatorKind(args.generator)
    if (args.name === undefined && generator !== 'auth')
      throw new CliError(`Name the ${generator} to destroy: honoforge destroy ${generator} <name>.`)
    await destroy(project, generator, args.name ?? generator, flagsOf(args), runtimeOf(io))
  },
})

const ejectCommand = defineCommand({
  meta: {
    name: 'honoforge eject',
    description: "Copy a generator's templates into .honoforge/templates/ to customize them",
  },
  args: {
    ...generatorArg,
    plop: {
      type: 'boolean',
      description: 'Write a team generator equal to it instead: plop/<generator>/plopfile.mjs',
    },
    ...planArgs,
  },
  run: async ({ args, data }) => {
    const io = data as HonoforgeIo
    const copy = args.plop ? ejectPlop : eject
    await copy(await openProject(io.cwd), generatorKind(args.generator), flagsOf(args), runtimeOf(io))
  },
})

const upgradeCommand = defineCommand({
  meta: {
    name: 'honoforge upgrade',
    description: "Merge the installed honoforge's templates into the service, keeping your changes",
  },
  args: {
    'dry-run': planArgs['dry-run'],
    verbose: planArgs.verbose,
  },
  run: async ({ args, data }) => {
    const io = data as HonoforgeIo
    if (args._.length > 0) throw new CliError(`Unexpected argument "${String(args._[0])}": upgrade takes no name.`)
    await upgrade(await openProject(io.cwd), { dryRun: args['dry-run'] }, runtimeOf(io))
  },
})

/**
 * The `honoforge` command run inside a generated service (the bin of its `create-honoforge`
 * devDependency). Each subcommand's `meta.name` is its full invocation, for its usage text.
 */
export const honoforgeCommand = defineCommand({
  meta: () => ({
    name: 'honoforge',
    version: packageInfo().version,
    description:
      'Grow a honoforge service: generate resources, endpoints, migrations, middleware, accounts, channels, cron jobs and queues, or undo them',
  }),
  args: {
    verbose: { type: 'boolean', description: 'Print stack traces for errors' },
  },
  subCommands: {
    gen: genCommand,
    destroy: destroyCommand,
    eject: ejectCommand,
    upgrade: upgradeCommand,
    doctor: doctorCommand,
  },
  async run({ data }) {
    ;(data as Io).stdout(await renderUsage(honoforgeCommand as CommandDef<ArgsDef>))
  },
})

/** Whether the manifest records runs of a team generator of that name. */
function isTeamRun(project: Project, generator: string): boolean {
  return project.manifest.generated.some((run) => run.generator === teamKind && run.args.generator === generator)
}
