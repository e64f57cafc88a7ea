/**
 * `honoforge gen <team-generator>` and `honoforge destroy <team-generator> [name]`: a
 * generator of the service's plopfile run through the same engine as the built-in ones.
 * Its answers come from flags, its actions are played in memory (../team/actions.ts), the
 * files it adds are recorded with their hashes and the lines its modify and append actions
 * changed are recorded as reversible edits (../team/edits.ts), all under the kind `plop`;
 * then plan, print, apply. A re-run with the same answers first takes its own edits back
 * out, so it replays on the files as they were and changes nothing.
 */
import type { Prompter } from '../../create/prompts.js'
import { GenError } from '../errors.js'
import {
  findGeneration,
  type Generation,
  type JsonValue,
  manifestChange,
  manifestFiles,
  manifestPath,
  recordGeneration,
  removeGeneration,
  teamKind,
} from '../manifest.js'
import { migrationsDir } from '../migrations.js'
import { type GenRuntime, type PlanFlags, settle, touchesRoutes } from '../pipeline.js'
import type { Change, FileChange } from '../plan.js'
import type { Project } from '../project.js'
import { actionsOf, playActions } from '../team/actions.js'
import { type RecordedEdit, recordEdit, recordedEdits, reverseEdit } from '../team/edits.js'
import type { TeamGenerator } from '../team/plopfiles.js'
import { answersOf, promptsOf } from '../team/prompts.js'

/** The name a team generator's run is recorded under: `<generator>/<answer to name>`, else the generator's name. */
export function teamRunName(generator: string, name: unknown): string {
  return typeof name === 'string' && name !== '' ? `${generator}/${name}` : generator
}

export async function generateTeam(
  project: Project,
  generator: TeamGenerator,
  given: Record<string, unknown>,
  flags: PlanFlags,
  runtime: GenRuntime,
  prompter?: Prompter,
): Promise<void> {
  const answers = await answersOf(generator, promptsOf(generator), given, prompter)
  const name = teamRunName(generator.name, answers.name)
  const recorded = findGeneration(project.manifest, teamKind, name)
  const earlier = new Map(recordedEdits(recorded?.args ?? {}).map((edit) => [edit.path, edit]))
  // A file as it was before the earlier run of the same name edited it.
  const base = async (path: string) => {
    const current = await project.read(path)
    const edit = earlier.get(path)
    if (current === undefined || !edit) return current
    return reverseEdit(current, edit) ?? notFound(path, name, 'restore them, or undo the run with destroy --skip first')
  }
  const owned = new Set(recorded?.files.map((file) => file.path))
  const played = await playActions(generator, actionsOf(generator, answers), answers, {
    root: project.root,
    read: base,
    owned,
  })
  const files: FileChange[] = []
  const edits: FileChange[] = []
  const recordedNow: RecordedEdit[] = []
  for (const [path, content] of played.files) {
    if (played.added.has(path)) {
      refuseOthers(project, path, generator.name, name)
      files.push({ path, content })
      continue
    }
    const before = (await base(path)) ?? ''
    if (before !== content) recordedNow.push(recordEdit(path, before, content))
    edits.push({ path, content, edit: true })
  }
  // Files the earlier run edited and this one leaves alone go back to how they were.
  for (const path of earlier.keys()) {
    if (!played.files.has(path)) edits.push({ path, content: (await base(path)) ?? '', edit: true })
  }
  const args: { [key: string]: JsonValue } = { generator: generator.name, answers }
  if (recordedNow.length > 0) args.edits = recordedNow as unknown as JsonValue[]
  const manifest = recordGeneration(project.manifest, { generator: teamKind, name, files: manifestFiles(files), args })
  const changes = [...files, ...edits, manifestChange(manifest)]
  if (played.notes.length > 0) runtime.stdout(played.notes.join('\n'))
  await settle(project, changes, flags, runtime, { document: touchesRoutes(changes) })
}

/**
 * Undo a team generator's run: its added files deleted while still as generated, its edits
 * taken back out. An edit whose lines were changed since is refused (--skip keeps that file).
 */
export async function destroyTeam(
  project: Project,
  generator: string,
  input: string | undefined,
  flags: PlanFlags,
  runtime: GenRuntime,
): Promise<void> {
  const name = teamRunName(generator, input)
  const recorded = findGeneration(project.manifest, teamKind, name)
  if (!recorded) {
    const runs = project.manifest.generated.filter(
      (run) => run.generator === teamKind && (run.name === generator || run.name.startsWith(`${generator}/`)),
    )
    const hint = runs.length > 0 ? ` Recorded runs: ${runs.map((run) => run.name.replace('/', ' ')).join(', ')}.` : ''
    throw new GenError(
      `No ${generator}${input ? ` "${input}"` : ''} is recorded in ${manifestPath}: honoforge destroys only what it generated.${hint}`,
    )
  }
  const changes: Change[] = recorded.files
    .filter((file) => !file.path.startsWith(`${migrationsDir}/`))
    .map((file) => ({ path: file.path, delete: true as const }))
  const kept: string[] = []
  for (const edit of recordedEdits(recorded.args)) {
    const current = await project.read(edit.path)
    if (current === undefined) continue
    const reversed = reverseEdit(current, edit)
    if (reversed !== undefined) changes.push({ path: edit.path, content: reversed, edit: true })
    else if (flags.skip)
      kept.push(`kept       ${edit.path}  (its edit by ${generator} was changed since; undo it by hand)`)
    else notFound(edit.path, name, 'take them out by hand and destroy with --skip to keep the file as it is')
  }
  changes.push(manifestChange(removeGeneration(project.manifest, teamKind, name)))
  if (kept.length > 0) runtime.stdout(kept.join('\n'))
  await settle(project, changes, flags, runtime, { document: touchesRoutes(changes) })
}

/** The team generators recorded in the manifest (those `destroy` can undo), by generator name. */
export function recordedTeamGenerators(runs: readonly Generation[]): string[] {
  const names = runs.filter((run) => run.generator === teamKind).map((run) => String(run.args.generator ?? run.name))
  return [...new Set(names)]
}

/** An added file another run recorded is that run's: a team generator does not take it over. */
function refuseOthers(project: Project, path: string, generator: string, name: string): void {
  const owner = project.manifest.generated.find(
    (run) => !(run.generator === teamKind && run.name === name) && run.files.some((file) => file.path === path),
  )
  if (owner) {
    throw new GenError(
      `The ${generator} generator adds ${path}, which honoforge gen ${owner.generator === teamKind ? String(owner.args.generator) : owner.generator} ` +
        `wrote (recorded as ${owner.name}). Nothing was written; change the generator's path.`,
    )
  }
}

function notFound(path: string, name: string, advice: string): never {
  throw new GenError(
    `${path}: the lines ${name.replace('/', ' ')} inserted are no longer there as it wrote them (changed since); ${advice}. Nothing was written.`,
  )
}
