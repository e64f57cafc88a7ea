import { defineCommand } from 'citty'
import { createArgs } from '../create/args.js'
import { type CreateRuntime, create } from '../create/index.js'
import { CliError } from '../errors.js'
import { packageInfo } from '../package-info.js'

/**
 * The `create-honoforge` command. Its runtime (cwd, env, output, test seams) arrives as citty's
 * `data`, passed by `runCli`.
 */
export const createCommand = defineCommand({
  meta: () => ({
    name: 'create-honoforge',
    version: packageInfo().version,
    description: 'Create a production-grade Hono API for Cloudflare Workers',
  }),
  args: createArgs,
  async run({ args, data }) {
    const [, extra] = args._
    if (extra !== undefined) throw new CliError(`Unexpected argument "${extra}": give at most one directory.`)
    await create(args, data as CreateRuntime)
  },
})
