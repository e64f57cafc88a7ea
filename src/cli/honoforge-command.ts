import { defineCommand, renderUsage } from 'citty'
import { CliError } from '../errors.js'
import type { Io } from '../io.js'
import { packageInfo } from '../package-info.js'

/**
 * The `honoforge` command run inside a generated service. It has no subcommands yet: it
 * prints its usage, and rejects anything it does not know instead of pretending to work.
 */
export const honoforgeCommand = defineCommand({
  meta: () => ({
    name: 'honoforge',
    version: packageInfo().version,
    description: 'Project commands for honoforge services (none yet: scaffold a service with create-honoforge)',
  }),
  args: {
    verbose: { type: 'boolean', description: 'Print stack traces for errors' },
  },
  async run({ args, data }) {
    const [command] = args._
    if (command !== undefined) throw new CliError(`Unknown command "${command}". Run "honoforge --help" for usage.`)
    ;(data as Io).stdout(await renderUsage(honoforgeCommand))
  },
})
