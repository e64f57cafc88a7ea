/**
 * What the honoforge commands share: the process they run in, the plan flags every writing
 * command takes, and the generator names `destroy` and `eject` accept.
 */
import type { ArgsDef } from 'citty'
import { CliError } from '../errors.js'
import { type GeneratorKind, generatorKinds } from '../gen/manifest.js'
import type { GenRuntime, PlanFlags } from '../gen/pipeline.js'
import { npmTypegen, type Typegen } from '../gen/typegen.js'
import type { Io } from '../io.js'

/**
 * What the honoforge commands get as citty's `data`: the process, and what refreshes the
 * binding types after wrangler.jsonc changed (`npm run cf-typegen` unless a test stands in).
 */
export type HonoforgeIo = Io & { typegen?: Typegen }

/** The generators' view of the process. */
export const runtimeOf = (io: HonoforgeIo): GenRuntime => ({ stdout: io.stdout, typegen: io.typegen ?? npmTypegen })

/** The flags of every command that writes through a plan. */
export const planArgs = {
  'dry-run': { type: 'boolean', description: 'Print the plan, with diffs, and write nothing' },
  force: { type: 'boolean', description: 'Overwrite (or delete) files that conflict' },
  skip: { type: 'boolean', description: 'Keep files that conflict as they are' },
  verbose: { type: 'boolean', description: 'Print stack traces for errors' },
} as const satisfies ArgsDef

/** `--public`, for generators whose routes would require a token in a service with auth. */
export const publicArg = {
  public: { type: 'boolean', description: 'No token required, even though the service has auth' },
} as const satisfies ArgsDef

/** The plan flags as citty parses them. */
export type PlanArgs = { 'dry-run'?: boolean; force?: boolean; skip?: boolean }

/** The plan flags as the generator pipeline takes them. */
export const flagsOf = (args: PlanArgs): PlanFlags => ({ dryRun: args['dry-run'], force: args.force, skip: args.skip })

/** A built-in generator's name as typed. */
export function generatorKind(input: string): GeneratorKind {
  if ((generatorKinds as readonly string[]).includes(input)) return input as GeneratorKind
  throw new CliError(`Unknown generator "${input}": use one of ${generatorKinds.join(', ')}.`)
}
