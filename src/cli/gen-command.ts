/**
 * `honoforge gen`: the built-in generators, each wiring its arguments to its generator
 * function, then the team generators of the service's plopfiles.
 */
import { type ArgsDef, type CommandDef, defineCommand, renderUsage, type SubCommandsDef } from 'citty'
import { CliError } from '../errors.js'
import { generateAuth } from '../gen/commands/auth.js'
import { generateChannel } from '../gen/commands/channel.js'
import { generateCron } from '../gen/commands/cron.js'
import { generateEndpoint } from '../gen/commands/endpoint.js'
import { generateMiddleware } from '../gen/commands/middleware.js'
import { generateMigration } from '../gen/commands/migration.js'
import { generateQueue } from '../gen/commands/queue.js'
import { generateResource } from '../gen/commands/resource.js'
import { generators } from '../gen/generators.js'
import { commitGeneration, type GeneratorOutput } from '../gen/pipeline.js'
import { openProject, type Project } from '../gen/project.js'
import type { Io } from '../io.js'
import { flagsOf, type HonoforgeIo, type PlanArgs, planArgs, publicArg, runtimeOf } from './command-args.js'
import type { SubCommandContext } from './subcommands.js'
import { teamCommands } from './team-commands.js'

/** Open the project the command runs in, let `generate` render its files, then wire, record and apply. */
async function runGenerator(
  data: unknown,
  args: PlanArgs,
  generate: (project: Project) => Promise<GeneratorOutput> | GeneratorOutput,
) {
  const io = data as HonoforgeIo
  const project = await openProject(io.cwd)
  await commitGeneration(project, await generate(project), flagsOf(args), runtimeOf(io))
}

const resourceCommand = defineCommand({
  meta: { name: 'honoforge gen resource', description: generators.resource.description },
  args: {
    name: {
      type: 'positional',
      required: true,
      description: 'Resource name, singular or plural: posts, BlogPost, people',
    },
    fields: {
      type: 'positional',
      required: false,
      description:
        "Fields name:type, ? optional, ! unique: title:string! body:text? 'status:enum(draft|live)' author:references(users)",
    },
    ...publicArg,
    scope: {
      type: 'string',
      valueHint: 'name',
      description: 'Scope the writes need (notes:write); reads need only a token',
    },
    ...planArgs,
  },
  run: ({ args, data }) =>
    runGenerator(data, args, (project) =>
      generateResource(project, {
        name: args.name,
        fields: args._.slice(1).map(String),
        public: args.public,
        scope: args.scope,
      }),
    ),
})

const endpointCommand = defineCommand({
  meta: { name: 'honoforge gen endpoint', description: generators.endpoint.description },
  args: {
    name: { type: 'positional', required: true, description: 'Endpoint name: publish-book' },
    method: { type: 'string', required: true, description: 'get, post, put, patch or delete' },
    path: {
      type: 'string',
      required: true,
      description: 'Route path, :name for parameters (…Id and id are UUIDs): /books/:id/publish',
    },
    query: {
      type: 'string',
      valueHint: 'field:type...',
      description: 'Query string fields (repeat, or list them after it)',
    },
    body: {
      type: 'string',
      valueHint: 'field:type...',
      description: 'JSON body fields (repeat, or list them after it)',
    },
    ...publicArg,
    ...planArgs,
  },
  run: ({ args, data, rawArgs }) => {
    const query = listOption(rawArgs, 'query')
    const body = listOption(rawArgs, 'body')
    const extra = args._.slice(1)
      .map(String)
      .find((arg) => !query.includes(arg) && !body.includes(arg))
    if (extra !== undefined)
      throw new CliError(`Unexpected argument "${extra}": give one endpoint name; fields go after --query or --body.`)
    return runGenerator(data, args, (project) =>
      generateEndpoint(project, {
        name: args.name,
        method: args.method,
        path: args.path,
        query,
        body,
        public: args.public,
      }),
    )
  },
})

const migrationCommand = defineCommand({
  meta: { name: 'honoforge gen migration', description: generators.migration.description },
  args: {
    name: {
      type: 'positional',
      required: true,
      description: 'Migration name: create_posts, add_email_to_users, or any other',
    },
    fields: { type: 'positional', required: false, description: 'Columns, as for resources: email:string?' },
    ...planArgs,
  },
  run: ({ args, data }) =>
    runGenerator(data, args, (project) =>
      generateMigration(project, { name: args.name, fields: args._.slice(1).map(String) }),
    ),
})

const middlewareCommand = defineCommand({
  meta: { name: 'honoforge gen middleware', description: generators.middleware.description },
  args: {
    name: { type: 'positional', required: true, description: 'Middleware name: audit-log' },
    ...planArgs,
  },
  run: ({ args, data }) => {
    if (args._.length > 1) throw new CliError(`Unexpected argument "${String(args._[1])}": give one middleware name.`)
    return runGenerator(data, args, (project) => generateMiddleware(project, { name: args.name }))
  },
})

const authCommand = defineCommand({
  meta: { name: 'honoforge gen auth', description: generators.auth.description },
  args: {
    cookie: {
      type: 'boolean',
      description: 'Refresh token in an HttpOnly, Secure, SameSite=Strict cookie for browser clients',
    },
    alg: {
      type: 'string',
      valueHint: 'hs256|es256',
      description:
        'Access token signing: hs256 with JWT_SECRET (default), or es256 with a JWT_PRIVATE_KEY secret and the public keys at /.well-known/jwks.json',
    },
    ...planArgs,
  },
  run: ({ args, data }) => {
    if (args._.length > 0) throw new CliError(`Unexpected argument "${String(args._[0])}": gen auth takes no name.`)
    return runGenerator(data, args, (project) => generateAuth(project, { cookie: args.cookie, alg: args.alg }))
  },
})

const channelCommand = defineCommand({
  meta: { name: 'honoforge gen channel', description: generators.channel.description },
  args: {
    name: { type: 'positional', required: true, description: 'Channel name: chat (served at /channels/chat/:room)' },
    public: { type: 'boolean', description: 'No token required to connect, even though the service has auth' },
    ...planArgs,
  },
  run: ({ args, data }) => {
    if (args._.length > 1) throw new CliError(`Unexpected argument "${String(args._[1])}": give one channel name.`)
    return runGenerator(data, args, (project) => generateChannel(project, { name: args.name, public: args.public }))
  },
})

const cronCommand = defineCommand({
  meta: { name: 'honoforge gen cron', description: generators.cron.description },
  args: {
    name: { type: 'positional', required: true, description: 'Job name: nightly-report (src/crons/nightly-report.ts)' },
    schedule: {
      type: 'string',
      valueHint: 'cron expression',
      description:
        'When it runs, in UTC: five fields, minute hour day-of-month month day-of-week, weekdays 1-7 from Sunday or SUN-SAT ("0 3 * * *")',
    },
    ...planArgs,
  },
  run: ({ args, data }) => {
    if (args._.length > 1) {
      throw new CliError(`Unexpected argument "${String(args._[1])}": quote the schedule, --schedule "0 3 * * *".`)
    }
    return runGenerator(data, args, (project) => generateCron(project, { name: args.name, schedule: args.schedule }))
  },
})

const queueCommand = defineCommand({
  meta: { name: 'honoforge gen queue', description: generators.queue.description },
  args: {
    name: {
      type: 'positional',
      required: true,
      description: 'Queue name: emails (sendEmails sends to it, src/queues/emails/ consumes it)',
    },
    ...planArgs,
  },
  run: ({ args, data }) => {
    if (args._.length > 1) throw new CliError(`Unexpected argument "${String(args._[1])}": give one queue name.`)
    return runGenerator(data, args, (project) => generateQueue(project, { name: args.name }))
  },
})

const builtInGenerators = {
  resource: resourceCommand,
  endpoint: endpointCommand,
  migration: migrationCommand,
  middleware: middlewareCommand,
  auth: authCommand,
  channel: channelCommand,
  cron: cronCommand,
  queue: queueCommand,
}

/** The built-in generators, then the team generators of the service's plopfiles. */
const genSubCommands = async (context?: SubCommandContext): Promise<SubCommandsDef> => ({
  ...builtInGenerators,
  ...(await teamCommands(context)),
})

export const genCommand = defineCommand({
  meta: { name: 'honoforge gen', description: 'Add code to this service; re-running a command changes nothing' },
  args: { verbose: planArgs.verbose },
  subCommands: genSubCommands,
  run: async ({ data }) => {
    const io = data as Io
    const listed = { ...genCommand, subCommands: await genSubCommands({ io }) }
    io.stdout(await renderUsage(listed as CommandDef<ArgsDef>))
  },
})

/**
 * Every value of a list option: `--body a:string b:integer` and `--body a:string --body b:integer`
 * both give `['a:string', 'b:integer']`. Values are field specs, so a word without ":" ends the list.
 */
function listOption(rawArgs: string[], name: string): string[] {
  const values: string[] = []
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i] ?? ''
    if (arg.startsWith(`--${name}=`)) values.push(arg.slice(name.length + 3))
    if (arg !== `--${name}`) continue
    for (i++; i < rawArgs.length && !(rawArgs[i] ?? '-').startsWith('-') && (rawArgs[i] ?? '').includes(':'); i++) {
      values.push(rawArgs[i] ?? '')
    }
    i--
  }
  return values
}
