/**
 * `honoforge upgrade`: bring a service made by an older honoforge up to the installed one.
 * The service is rendered again with the installed templates (create and every recorded run,
 * src/gen/replay.ts) and each file is merged three ways against the base recorded in
 * `.honoforge/base.json` (src/gen/upgrade-merge.ts). Migrations are never rewritten: a
 * generated table the installed version would create differently gets a new migration
 * (src/gen/upgrade-schema.ts). The whole plan is computed before anything is written;
 * conflicts are written with markers, listed, and fail the command.
 */
import { packageInfo } from '../../package-info.js'
import { baseChange, basePath, parseBase } from '../base.js'
import { GenError } from '../errors.js'
import {
  type Generation,
  type Manifest,
  manifestChange,
  manifestFiles,
  manifestPath,
  parseManifest,
} from '../manifest.js'
import { migrationsDir } from '../migrations.js'
import { type GenRuntime, type PlanFlags, settle } from '../pipeline.js'
import type { Project } from '../project.js'
import { replayService } from '../replay.js'
import type { TextTree } from '../tree-project.js'
import { mergeUpgrade, type UpgradeMerge } from '../upgrade-merge.js'
import { planSchemaUpgrade, type SchemaUpgrade } from '../upgrade-schema.js'

/**
 * Plan the upgrade, print it (with diffs on --dry-run) and apply it.
 *
 * @throws GenError for a service with no base recorded, and after writing a merge with
 *   conflicts (listing them), so the command exits 1.
 */
export async function upgrade(project: Project, flags: Pick<PlanFlags, 'dryRun'>, runtime: GenRuntime): Promise<void> {
  const baseText = await project.read(basePath)
  const made = project.manifest.create
  if (baseText === undefined || !made) {
    throw new GenError(
      `This service has no ${basePath}: it was made by a honoforge that did not record what it generated, so ` +
        'there is nothing to merge your changes against. Compare it with a new service (npm create honoforge) by hand.',
    )
  }
  const version = packageInfo().version
  const base = parseBase(baseText)
  const theirs = await replayService(project)
  const ours = new Map<string, string>()
  for (const path of new Set([...base.keys(), ...theirs.keys()])) {
    const text = await project.read(path)
    if (text !== undefined) ours.set(path, text)
  }
  const merge = mergeUpgrade({
    base,
    ours,
    theirs,
    labels: { ours: 'yours', base: `base (honoforge ${made.version})`, theirs: `honoforge ${version}` },
  })
  const schema = await planSchemaUpgrade(project, theirs, version)
  const manifest = upgradedManifest(project.manifest, theirs, version, schema)
  const migrations = schema.migrations.map(({ change }) => change)
  const changes = [...merge.changes, ...migrations, baseChange(merge.base), manifestChange(manifest)]
  // A file with conflict markers does not compile: the document waits for the next run.
  const document = merge.conflicts.length === 0
  await settle(project, changes, flags, runtime, { document })
  runtime.stdout(findings(merge, schema, made.version, version).join('\n'))
  if (merge.conflicts.length > 0) {
    throw new GenError(
      [
        `${merge.conflicts.length} file(s) ${flags.dryRun ? 'would have' : 'have'} conflicts where your changes and honoforge ${version}'s overlap:`,
        ...merge.conflicts.map((path) => `  ${path}`),
        flags.dryRun
          ? 'Nothing was written.'
          : 'Resolve the <<<<<<< yours / ||||||| base / ======= / >>>>>>> markers in them, then run `npx honoforge upgrade` again.',
      ].join('\n'),
    )
  }
}

/**
 * The manifest once upgraded: the installed version, and each run's files as the installed
 * version renders them (a migration keeps its record: it is never rewritten), with the new
 * migrations of the tables it owns.
 */
function upgradedManifest(manifest: Manifest, theirs: TextTree, version: string, schema: SchemaUpgrade): Manifest {
  const rendered = parseManifest(theirs.get(manifestPath) ?? '')
  const renderedRun = (run: Generation) =>
    rendered.generated.find((other) => other.generator === run.generator && other.name === run.name)
  const isMigration = (path: string) => path.startsWith(`${migrationsDir}/`)
  return {
    ...manifest,
    create: manifest.create && { ...manifest.create, version },
    generated: manifest.generated.map((run) => {
      const now = renderedRun(run)
      const added = manifestFiles(schema.migrations.filter((migration) => migration.run === run).map((m) => m.change))
      if (!now) return added.length > 0 ? { ...run, files: [...run.files, ...added] } : run
      const files = [
        ...now.files.filter((file) => !isMigration(file.path)),
        ...run.files.filter((f) => isMigration(f.path)),
        ...added,
      ]
      return { ...run, files }
    }),
  }
}

/** What the user should know beyond the plan: files kept, collisions, migrations. */
function findings(merge: UpgradeMerge, schema: SchemaUpgrade, from: string, to: string): string[] {
  const lines = from === to ? [] : [`Upgraded from honoforge ${from} to ${to}.`]
  if (merge.kept.length > 0) {
    lines.push('No longer generated, kept because you changed them (delete them if you no longer need them):')
    lines.push(...merge.kept.map((path) => `  ${path}`))
  }
  if (merge.collisions.length > 0) {
    lines.push('Your own files sit where honoforge now generates one (merged as a conflict):')
    lines.push(...merge.collisions.map((path) => `  ${path}`))
  }
  if (schema.migrations.length > 0) {
    lines.push(`New migrations bring the generated tables to honoforge ${to}'s (migrations are never rewritten):`)
    // Its statements too: a dry run lists a new file without its content.
    for (const { change } of schema.migrations) {
      const statements = change.content.split('\n').filter((line) => line !== '' && !line.startsWith('--'))
      lines.push(`  ${change.path}`, ...statements.map((statement) => `    ${statement}`))
    }
    lines.push('Apply them like any other: `npm run db:migrate:local` here, then in each environment you deploy to.')
  }
  if (schema.notes.length > 0) {
    lines.push(`Left as they are in the database (honoforge ${to} would create these differently):`)
    lines.push(...schema.notes.map((note) => `  ${note}`))
  }
  return lines
}
