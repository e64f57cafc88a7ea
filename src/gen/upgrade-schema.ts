/**
 * Upgrade's schema step. Migrations are never rewritten, so a table honoforge generated that
 * the installed version would create differently gets a new migration: the service's
 * migrations on disk (the user's own included) are played to get each table as the database
 * has it, the replayed runs' migrations to get it as the installed honoforge would create it
 * for the same recorded fields, and the difference is written as `NNNN_upgrade_<table>.sql`,
 * recorded under the run that owns the table.
 */
import { dialects } from './dialects/index.js'
import { type Generation, manifestPath, parseManifest, runsInOrder, teamKind } from './manifest.js'
import { migrationsDir, nextMigrationNumber } from './migrations.js'
import type { FileChange } from './plan.js'
import type { Project } from './project.js'
import { diffTable } from './schema-diff.js'
import { interpretMigrations, type MigrationText } from './schema-interpreter.js'
import { emptySchema, type Schema } from './schema-model.js'
import type { TextTree } from './tree-project.js'

/** The new migrations, whose run records each, and what the user should know. */
export interface SchemaUpgrade {
  migrations: Array<{ run: Generation; change: FileChange }>
  /** Differences left alone, and tables not compared, each with why. */
  notes: string[]
}

/**
 * The migrations that bring every generated table to what `theirs` (the service replayed by
 * the installed honoforge) creates.
 *
 * @param version The installed honoforge's version, for the migrations' header.
 */
export async function planSchemaUpgrade(project: Project, theirs: TextTree, version: string): Promise<SchemaUpgrade> {
  const result: SchemaUpgrade = { migrations: [], notes: [] }
  if (!project.database) return result
  const dialect = dialects[project.database]
  const onDisk: MigrationText[] = []
  for (const name of project.migrations) {
    const path = `${migrationsDir}/${name}`
    const sql = await project.read(path)
    if (sql !== undefined) onDisk.push({ path, sql })
  }
  const actual = interpretMigrations(onDisk)
  const { desired, owners } = desiredTables(project, theirs)
  const names = [...project.migrations]
  for (const [table, run] of owners) {
    const recorded = new Set(run.files.map((file) => file.path))
    const unknown = actual.unknown.get(table) ?? desired.unknown.get(table)
    if (unknown !== undefined) {
      result.notes.push(
        `${table} is not compared: a migration changes it in a way honoforge does not read (${unknown}).`,
      )
      continue
    }
    if (!actual.tables.has(table)) {
      result.notes.push(`${table} is not compared: no migration in ${migrationsDir}/ creates it.`)
      continue
    }
    const diff = diffTable(actual, desired, table, dialect, (index) => recorded.has(index.file))
    result.notes.push(...diff.notes)
    if (diff.statements.length === 0) continue
    const name = `${String(nextMigrationNumber(names)).padStart(4, '0')}_upgrade_${table}.sql`
    names.push(name)
    const content = [
      `-- Brings ${table} to the table honoforge ${version} creates for it (written by honoforge upgrade:`,
      '-- migrations that may be applied already are never rewritten).',
      ...diff.statements,
      '',
    ].join('\n')
    result.migrations.push({ run, change: { path: `${migrationsDir}/${name}`, content, once: true } })
  }
  return result
}

/**
 * The tables the replayed runs create, played in the order the runs happened, each with the
 * run of the service's manifest that owns it. Runs of `gen migration` and team generators are
 * the user's own SQL: their tables are not compared.
 */
function desiredTables(project: Project, theirs: TextTree): { desired: Schema; owners: Map<string, Generation> } {
  const rendered = parseManifest(theirs.get(manifestPath) ?? '')
  const desired = emptySchema()
  const owners = new Map<string, Generation>()
  for (const run of runsInOrder(project.manifest)) {
    if (run.generator === 'migration' || run.generator === teamKind) continue
    const replayed = rendered.generated.find((other) => other.generator === run.generator && other.name === run.name)
    const migrations = (replayed?.files ?? [])
      .map((file) => file.path)
      .filter((path) => path.startsWith(`${migrationsDir}/`))
      .sort()
      .map((path) => ({ path, sql: theirs.get(path) ?? '' }))
    const before = new Set(desired.tables.keys())
    interpretMigrations(migrations, desired)
    for (const table of desired.tables.keys()) if (!before.has(table)) owners.set(table, run)
  }
  return { desired, owners }
}
