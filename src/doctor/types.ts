/**
 * The production checklist as data: each check has an id, a severity and a function that
 * looks at the service and returns what it found, each finding with the exact fix.
 */
import type { Manifest } from '../gen/manifest.js'
import type { Project } from '../gen/project.js'

/** `error`: the deploy (or the deployed service) would break; `warning`: worth fixing, nothing breaks. */
export type Severity = 'error' | 'warning'

/** What a check found: where, what is wrong, and what to do (a command or the exact edit). */
export interface Issue {
  /** The project-relative file the problem is in, when there is one. */
  file?: string
  message: string
  fix: string
}

/** An issue with the id and severity of the check that found it: one line of the report. */
export interface Finding extends Issue {
  id: string
  severity: Severity
}

/** One item of the checklist. */
export interface Check {
  /** Stable, kebab-case: what `--ci` consumers match on. */
  id: string
  severity: Severity
  /** What it checks, in a line. */
  description: string
  check(service: DoctorService): Promise<Issue[]> | Issue[]
}

/** The output of a command doctor ran in the service. */
export interface CommandResult {
  code: number
  stdout: string
  stderr: string
}

/** A wrangler.jsonc scope: the top level (local development) or one `env.<name>`. */
export type WranglerScope = Record<string, unknown>

/** What the checks see of the service; everything that reaches outside it is injectable. */
export interface DoctorService {
  /** The generator's view of the service (root, manifest, database, file reads). */
  project: Project
  manifest: Manifest
  /** wrangler.jsonc, parsed (comments and trailing commas allowed). */
  config: WranglerScope
  /** The deploy environments checked: every `env.*`, or the one `--env` names. */
  envs: string[]
  packageJson: { engines?: { node?: string }; scripts?: Record<string, string> }
  /** Today, for the compatibility date. */
  now: Date
  /** The Node.js version the service's tools will run on (`process.version`). */
  nodeVersion: string
  /** Whether to build the Worker and measure it against its budget (`npm run size`). */
  size: boolean
  /** Runs a command in the service root. */
  run(command: string, args: string[]): Promise<CommandResult>
  /** Notes for the human report that are not findings (the Worker's measured size). */
  notes: string[]
}
