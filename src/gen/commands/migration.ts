/**
 * `honoforge gen migration <name> [field:type...]`: the next numbered migration, its SQL
 * inferred from the name. `gen resource` writes its table through `migrationChange` too, so
 * the two cannot produce different SQL for the same table.
 */
import { type Dialect, dialectOf } from '../dialects/index.js'
import { type Field, parseFields } from '../fields.js'
import { inferMigration, planMigration } from '../migrations.js'
import type { GeneratorOutput } from '../pipeline.js'
import type { FileChange } from '../plan.js'
import type { Project } from '../project.js'

export interface MigrationArgs {
  name: string
  fields: string[]
}

/**
 * The migration file called `name` (`create_posts`, `add_email_to_users`, ...) in this
 * project, in its database's dialect (see `dialectOf`).
 */
export function migrationChange(
  project: Project,
  name: string,
  fields: readonly Field[],
  dialect: Dialect,
): FileChange {
  return planMigration(project.migrations, name, fields, dialect)
}

export function generateMigration(project: Project, args: MigrationArgs): GeneratorOutput {
  const dialect = dialectOf(project, 'migration')
  const fields = parseFields(args.fields)
  const { name } = inferMigration(args.name)
  const file = migrationChange(project, name, fields, dialect)
  return {
    generator: 'migration',
    name,
    files: [file],
    args: { fields: args.fields },
    overrides: [],
    next: [`Apply it locally with \`npm run db:migrate:local\` (tests apply every migration themselves).`],
  }
}
