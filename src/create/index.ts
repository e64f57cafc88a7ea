import { resolve } from 'node:path'
import type { Io } from '../io.js'
import { type PackageInfo, packageInfo } from '../package-info.js'
import { isRegistryRelease } from '../release-stamp.js'
import type { CreateFlags } from './args.js'
import { type Exec, exec as realExec } from './exec.js'
import { type GitOutcome, initGitRepository } from './git.js'
import { chooseHonoforgeDependency, type HonoforgeDependency, packHonoforge } from './honoforge-dependency.js'
import { installDependencies } from './install.js'
import { withInterrupt } from './interrupt.js'
import { displayPath, nextSteps } from './next-steps.js'
import { isInteractive, type ResolvedOptions, resolveOptions } from './options.js'
import { postInstallScripts, runPostInstallScript } from './post-install.js'
import { checkTarget, nodeVersionWarning } from './preflight.js'
import { createClackPrompter, type Prompter } from './prompts.js'
import { serviceTemplate, type TemplateConfig } from './template.js'
import { type CreateUi, plainUi } from './ui.js'

/** The process the create flow runs in, plus seams tests use to replace its collaborators. */
export interface CreateRuntime extends Io {
  /** Template to render and the folder holding `templates/<id>/` (default: the shipped service). */
  template?: { config: TemplateConfig; root?: string }
  /** Prompts for interactive runs (default: @clack/prompts, loaded only when needed). */
  prompter?: Prompter
  /** What the user sees (default: plain lines through `stdout` and `stderr`). */
  ui?: CreateUi
  /** Runs npm pack, install and git (default: real child processes). */
  exec?: Exec
  /**
   * The running create-honoforge: its root, version and whether it is the registry release
   * (default: this package and its release stamp). When it is not, it is packed into the service.
   */
  self?: PackageInfo & { release: boolean }
}

/**
 * The create flow, top to bottom: resolve options → check target → plan files → apply →
 * install and build (types, OpenAPI document) → git → next steps. Failures are thrown as
 * CliError/CancelledError for the top-level handler; nothing here exits the process.
 */
export async function create(flags: CreateFlags, runtime: CreateRuntime): Promise<ResolvedOptions> {
  const { cwd, exec = realExec } = runtime
  const ui = runtime.ui ?? plainUi(runtime)
  const self = runtime.self ?? { ...packageInfo(), release: isRegistryRelease() }
  // First, before anything slow loads: the user sees the command respond at once.
  ui.intro(`create-honoforge ${self.version}`)

  // 1. Resolve options: a flag wins, then a prompt (TTY only), then the default.
  // 2. Check the target, as soon as its path is known: a taken directory fails before more questions.
  const interactive = isInteractive(flags, runtime.stdinIsTTY)
  const options = await resolveOptions(flags, {
    cwd,
    env: runtime.env,
    tty: runtime.stdinIsTTY,
    prompter: interactive ? (runtime.prompter ?? (await createClackPrompter())) : undefined,
    checkTarget: (dir) => checkTarget(resolve(cwd, dir), flags.force ?? false),
  })
  const targetDir = resolve(cwd, options.dir)
  const shownDir = displayPath(options.dir, cwd)
  // Warned only once the run is valid, so it never precedes a usage error.
  const warning = nodeVersionWarning(process.versions.node)
  if (warning) ui.warn(warning)

  // 3. Plan: render the whole project into memory, so a template error writes nothing. A build
  //    that is not the registry release also packs itself into the plan, since the service
  //    could not install this create-honoforge from the registry. Rendering and writing load
  //    only now, after the questions.
  const [{ createTemplateContext, renderTemplate }, { writeTree }] = await Promise.all([
    import('./render.js'),
    import('./write.js'),
  ])
  const honoforge = chooseHonoforgeDependency(self.version, self.release)
  const template: NonNullable<CreateRuntime['template']> = runtime.template ?? { config: serviceTemplate }
  const files = new Map<string, string | Uint8Array>(
    await renderTemplate(template.config, createTemplateContext(options, honoforge), template.root),
  )
  if (honoforge.source === 'vendored') files.set(honoforge.tarball, await packHonoforge(self.root, exec))

  // 4. Apply: staged next to the target and moved into place; Ctrl-C leaves nothing behind.
  await withInterrupt((signal) => writeTree(targetDir, files, { force: options.force, signal }))
  ui.step(`Created ${options.name} in ${targetDir} (${files.size} files).`)
  if (honoforge.source === 'vendored') ui.step(describeVendored(honoforge, self.root))

  // 5. Install: a failure keeps the project and says how to retry.
  if (options.install) {
    const installing = ui.task(`Installing dependencies with ${options.pm}`)
    await installDependencies(options.pm, targetDir, shownDir, exec)
    installing.done(`Installed dependencies with ${options.pm}.`)
    // What the service's own scripts build from its code: the Env types, the OpenAPI document.
    for (const step of postInstallScripts) {
      const task = ui.task(step.doing)
      const outcome = await runPostInstallScript(options.pm, targetDir, step, exec)
      if (outcome.status === 'done') task.done(outcome.message)
      else task.warn(outcome.message)
    }
  }

  // 6. Git: best effort; the project is complete without it.
  if (options.git) {
    const outcome = await initGitRepository(targetDir, exec)
    // A repository without its first commit needs the user's attention; a skipped one does not.
    if (outcome.status === 'initialised') ui.warn(describeGit(outcome))
    else ui.step(describeGit(outcome))
  }

  // 7. Next steps, in the chosen package manager's syntax.
  ui.outro(
    'Next steps',
    nextSteps({ dir: options.dir, cwd, pm: options.pm, installed: options.install }),
    `${options.name} is ready.`,
  )
  return options
}

function describeVendored(honoforge: Extract<HonoforgeDependency, { source: 'vendored' }>, root: string): string {
  return (
    `create-honoforge ${honoforge.version} from ${root} is not a registry release, so the service carries it as ` +
    `${honoforge.tarball} and its devDependency is "file:${honoforge.tarball}".`
  )
}

function describeGit(outcome: GitOutcome): string {
  switch (outcome.status) {
    case 'committed':
      return outcome.identity === 'configured'
        ? 'Initialised a git repository with a first commit.'
        : 'Initialised a git repository; git has no user configured, so the first commit is authored by "honoforge <honoforge@localhost>" (after configuring yours: git commit --amend --reset-author).'
    case 'initialised':
      return `Initialised a git repository, but ${outcome.reason}. Commit when ready.`
    case 'skipped':
      return `Skipped git init: ${outcome.reason}.`
  }
}
