/**
 * `honoforge gen cron <name> --schedule "<expr>"`: a scheduled job, one module under
 * src/crons/ with its workerd test. Besides its own files the run edits three files it does
 * not own, each reversed by `destroy cron`: wrangler.jsonc (the expression in
 * `triggers.crons`), the Worker entry (its `scheduled` handler, from the first job on) and the
 * README (a section under "Scheduled jobs"). The registry dispatching triggers to jobs and the
 * helper running them are shared by all runs (`shared` templates).
 */
import { namesWeekdays, nextRuns, parseSchedule } from '../cron-schedule.js'
import { withoutTrigger, withTrigger } from '../cron-triggers.js'
import { GenError } from '../errors.js'
import { generators } from '../generators.js'
import { findGeneration, type Generation } from '../manifest.js'
import { moduleName } from '../names.js'
import type { GeneratorOutput } from '../pipeline.js'
import type { FileChange } from '../plan.js'
import { type Project, readRequired } from '../project.js'
import { readmeEdit, withoutSection, withSection } from '../readme.js'
import { type RenderOptions, renderTemplates, type TemplateFile } from '../render.js'
import {
  addWorkerHandler,
  parseWorkerExports,
  removeWorkerHandler,
  renderWorkerExports,
  workerEntryPath,
} from '../worker-exports.js'
import { wranglerConfigPath } from '../wrangler-config.js'

/** The README heading the jobs' sections go under. */
const readmeHeading = 'Scheduled jobs'

/** The job `gen auth` offers: it deletes expired sessions and spent tokens of the accounts. */
export const authCleanupJob = 'auth-cleanup'

/** The schedule `gen auth` suggests for it: nightly, off the hour most jobs pick. */
export const authCleanupSchedule = '17 3 * * *'

/** The module the Worker entry takes its `scheduled` handler from. */
const handler = { name: 'scheduled', from: './crons' } as const

export interface CronArgs {
  name: string
  /** Required for a new job; a re-run may leave it out (the recorded one is kept). */
  schedule?: string
}

/** The names a job's templates use, from the name as typed (also each item of the shared templates' `runs`). */
export function cronNames(input: string) {
  return { job: moduleName(input, 'cron job name') }
}

/**
 * Render a cron job and the edits that schedule it.
 *
 * @throws GenError for an invalid name or schedule, a re-run with another schedule, the
 *   accounts cleanup job in a service without accounts, or a Worker entry that strays from
 *   the shape honoforge writes.
 */
export async function generateCron(
  project: Project,
  args: CronArgs,
  options: { render?: RenderOptions; now?: Date } = {},
): Promise<GeneratorOutput> {
  const { job } = cronNames(args.name)
  const recorded = findGeneration(project.manifest, 'cron', job.kebab)
  const schedule = scheduleOf(job.kebab, args.schedule, recorded)
  const variant = job.kebab === authCleanupJob ? await authCleanupVariant(project) : 'job'
  const rendered = await render(project, job.kebab, schedule, variant, options.render)
  const entry = parseWorkerExports(await readRequired(project, workerEntryPath))
  const config = await readRequired(project, wranglerConfigPath)
  const runs = nextRuns(schedule, 2, options.now ?? new Date()).map(formatRun)
  return {
    generator: 'cron',
    name: job.kebab,
    files: rendered.files,
    args: { schedule },
    overrides: rendered.overrides,
    edits: [
      { path: wranglerConfigPath, content: withTrigger(config, schedule), edit: true },
      { path: workerEntryPath, content: renderWorkerExports(addWorkerHandler(entry, handler)), edit: true },
      ...(await readmeEdit(project, (source) => withSection(source, readmeHeading, rendered.section))),
    ],
    next: [
      `${schedule} next fires ${runs.join(' and ')} (UTC).`,
      `Run \`npm test\`. Under \`npm run dev\`, fire it with curl "http://localhost:8787/cdn-cgi/handler/scheduled?cron=${cronQuery(schedule)}".`,
      'Deploying (`npm run deploy`, `npm run deploy:staging`) registers the trigger on Cloudflare.',
    ],
  }
}

/**
 * What `destroy cron` edits back: the expression out of `triggers.crons` unless another job
 * runs on it (an emptied list stays, so the next deploy clears the schedule), the Worker
 * entry without its `scheduled` handler once no job is left, the README without the section.
 */
export async function cronEditsReversed(project: Project, recorded: Generation): Promise<FileChange[]> {
  const schedule = String(recorded.args.schedule)
  const variant = recorded.name === authCleanupJob ? 'auth-cleanup' : 'job'
  const rendered = await render(project, recorded.name, schedule, variant)
  const others = project.manifest.generated.filter((run) => run.generator === 'cron' && run.name !== recorded.name)
  const shared = others.some((run) => run.args.schedule === schedule)
  const config = await readRequired(project, wranglerConfigPath)
  const entry = parseWorkerExports(await readRequired(project, workerEntryPath))
  return [
    ...(shared ? [] : [{ path: wranglerConfigPath, content: withoutTrigger(config, schedule), edit: true }]),
    ...(others.length > 0
      ? []
      : [
          { path: workerEntryPath, content: renderWorkerExports(removeWorkerHandler(entry, handler.name)), edit: true },
        ]),
    ...(await readmeEdit(project, (source) => withoutSection(source, readmeHeading, rendered.section))),
  ]
}

/** What `destroy cron` prints: a deploy is what takes the trigger off Cloudflare. */
export function cronDestroyedNext(recorded: Generation): string[] {
  return [
    `Deploy to take "${String(recorded.args.schedule)}" off Cloudflare: wrangler.jsonc keeps \`"crons": []\` when no ` +
      'trigger is left, since a deploy without the list would leave the old triggers running.',
  ]
}

/** `destroy auth` would leave the cleanup job deleting from tables that are gone. */
export function refuseWhileAuthCleanup(project: Project): void {
  if (findGeneration(project.manifest, 'cron', authCleanupJob)) {
    throw new GenError(
      `Cannot destroy auth: the ${authCleanupJob} cron job deletes from its tables. Destroy it first: ` +
        `honoforge destroy cron ${authCleanupJob}.`,
    )
  }
}

/** The schedule of this run: as given and checked, else the recorded one; a re-run does not move it. */
function scheduleOf(name: string, given: string | undefined, recorded: Generation | undefined): string {
  const before = recorded ? String(recorded.args.schedule) : undefined
  if (given === undefined) {
    if (before) return before
    throw new GenError(`Give the job a schedule: honoforge gen cron ${name} --schedule "0 3 * * *" (UTC).`)
  }
  const schedule = parseSchedule(given)
  if (before !== undefined && schedule !== before) {
    throw new GenError(
      `The ${name} job runs on "${before}" (recorded in .honoforge/manifest.json); a re-run does not move it. ` +
        `Change the expression in src/crons/${name}.ts and wrangler.jsonc together, or destroy the job and generate it again.`,
    )
  }
  return schedule
}

/** The accounts cleanup needs the accounts, and on Postgres the context-free client of src/lib/db.ts. */
async function authCleanupVariant(project: Project): Promise<'auth-cleanup'> {
  if (!findGeneration(project.manifest, 'auth', 'auth')) {
    throw new GenError(
      `The ${authCleanupJob} job cleans up the accounts of honoforge gen auth, and this service has none: ` +
        'run gen auth first, or give the job another name.',
    )
  }
  if (project.database === 'postgres' && !((await project.read('src/lib/db.ts')) ?? '').includes('withDatabase')) {
    throw new GenError(
      `The ${authCleanupJob} job reaches Postgres through withDatabase(env, ctx, use) from src/lib/db.ts, which this ` +
        'service does not have: add it beside db(c) (a client per run, ended with ctx.waitUntil), then run the command again.',
    )
  }
  return 'auth-cleanup'
}

/** The job's files, and apart from them the README section the templates render. */
async function render(
  project: Project,
  name: string,
  schedule: string,
  variant: 'job' | 'auth-cleanup',
  options?: RenderOptions,
) {
  const templates = (generators.cron.templates as readonly TemplateFile[]).filter(
    (file) => !file.shared && (file.option === undefined || file.option === variant),
  )
  const model = {
    ...cronNames(name),
    schedule,
    weekdays: namesWeekdays(schedule),
    cronQuery: cronQuery(schedule),
    d1: project.database === 'd1',
    postgres: project.database === 'postgres',
  }
  const rendered = await renderTemplates(project.root, 'cron', templates, model, options)
  const sections = new Set<string>(templates.filter((file) => file.section).map((file) => file.output))
  const section = rendered.files.find((file) => sections.has(file.path))?.content ?? ''
  return { ...rendered, files: rendered.files.filter((file) => !sections.has(file.path)), section }
}

/** The expression as the `cron` query parameter of wrangler dev's scheduled route: `0+3+*+*+*`. */
function cronQuery(schedule: string): string {
  return encodeURIComponent(schedule).replaceAll('%20', '+')
}

/** `Sun 2026-12-06 17:00`: the weekday spelled out, since that is where cron dialects differ. */
function formatRun(date: Date): string {
  const day = date.toLocaleDateString('en-US', { weekday: 'short', timeZone: 'UTC' })
  return `${day} ${date.toISOString().slice(0, 16).replace('T', ' ')}`
}
