/**
 * Migrations: numbering that follows the existing `migrations/NNNN_<name>.sql` files,
 * intent inferred from the name (`create_posts`, `add_email_to_users`, ...) and the SQL for
 * each intent, written by a dialect (dialects/). No timestamps anywhere, so the output
 * depends only on the inputs.
 */
import { join } from 'node:path'
import type { Dialect } from './dialects/dialect.js'
import { sqlite } from './dialects/sqlite.js'
import { GenError } from './errors.js'
import type { Field } from './fields.js'
import { type FsLayer, nodeFs } from './fs-layer.js'
import { type Inflection, inflect, splitWords } from './names.js'
import type { FileChange } from './plan.js'
import { automaticColumns } from './reserved-words.js'

/** Where wrangler looks for migrations (its default `migrations_dir`). */
export const migrationsDir = 'migrations'

const filePattern = /^(?<number>\d{4,})_(?<name>[a-z0-9_]+)\.sql$/

/** What a migration does, as inferred from its name. */
export type MigrationIntent =
  | { kind: 'create-table'; table: Inflection }
  | { kind: 'add-columns'; table: Inflection }
  | { kind: 'drop-table'; table: Inflection }
  | { kind: 'remove-columns'; table: Inflection; columns: string[] }
  | { kind: 'custom' }

/** The number after the highest existing one (gaps are kept, not filled); 1 for none. */
export function nextMigrationNumber(fileNames: readonly string[]): number {
  const numbers = fileNames.map((file) => Number(filePattern.exec(file)?.groups?.number ?? 0))
  return Math.max(0, ...numbers) + 1
}

/**
 * Path of the migration called `name`. An existing `NNNN_<name>.sql` is reused, so running a
 * generator again rewrites the same file instead of adding another, unless a later migration
 * reverses it (`drop_posts` after `create_posts`): then the new one gets the next number.
 *
 * @param fileNames The names in `migrations/` (see `listMigrations`).
 */
export function migrationPath(fileNames: readonly string[], name: string): string {
  const files = fileNames
    .flatMap((file) => {
      const groups = filePattern.exec(file)?.groups
      return groups ? [{ file, number: Number(groups.number), name: groups.name }] : []
    })
    .sort((a, b) => a.number - b.number)
  const reversal = reversalOf(name)
  let latest = files.length - 1
  while (latest >= 0 && files[latest]?.name !== name) latest--
  const reversed = files.slice(latest + 1).some((entry) => entry.name === reversal)
  const reuse = latest !== -1 && !reversed ? files[latest]?.file : undefined
  return `${migrationsDir}/${reuse ?? `${String(nextMigrationNumber(fileNames)).padStart(4, '0')}_${name}.sql`}`
}

/** The file names in the project's `migrations/` folder (none when it does not exist). */
export async function listMigrations(root: string, fs: FsLayer = nodeFs): Promise<string[]> {
  return ((await fs.readdir(join(root, migrationsDir))) ?? []).sort()
}

function reversalOf(name: string): string | undefined {
  const swaps: Array<[RegExp, string]> = [
    [/^create_(.+)$/, 'drop_$1'],
    [/^drop_(.+)$/, 'create_$1'],
    [/^add_(.+)_to_(.+)$/, 'remove_$1_from_$2'],
    [/^remove_(.+)_from_(.+)$/, 'add_$1_to_$2'],
  ]
  const swap = swaps.find(([pattern]) => pattern.test(name))
  return swap && name.replace(swap[0], swap[1])
}

/**
 * Normalize a migration name to snake case and infer its intent:
 * `create_<table>`, `add_<columns>_to_<table>`, `drop_<table>`,
 * `remove_<col>[_and_<col>...]_from_<table>`; anything else is `custom` (an empty file).
 *
 * @example inferMigration('AddEmailToUsers') // { name: 'add_email_to_users', intent: { kind: 'add-columns', ... } }
 * @throws GenError for an invalid name, or an invalid table name inside it.
 */
export function inferMigration(input: string): { name: string; intent: MigrationIntent } {
  const name = splitWords(input, 'migration name', { maxLength: 100 }).join('_')
  const table = (text: string) => inflect(text, { context: name })
  const created = /^create_(.+)$/.exec(name)?.[1]
  if (created !== undefined) return { name, intent: { kind: 'create-table', table: table(created) } }
  const dropped = /^drop_(.+)$/.exec(name)?.[1]
  if (dropped !== undefined) return { name, intent: { kind: 'drop-table', table: table(dropped) } }
  const addedTo = /^add_.+_to_(.+)$/.exec(name)?.[1]
  if (addedTo !== undefined) return { name, intent: { kind: 'add-columns', table: table(addedTo) } }
  const removal = /^remove_(.+)_from_(.+)$/.exec(name)
  if (removal) {
    const columns = (removal[1] ?? '').split('_and_')
    for (const column of columns) {
      if (automaticColumns.has(column))
        throw new GenError(`Migration ${name}: "${column}" cannot be removed, every table needs it.`)
    }
    return { name, intent: { kind: 'remove-columns', table: table(removal[2] ?? ''), columns } }
  }
  return { name, intent: { kind: 'custom' } }
}

/**
 * The SQL for an intent, in `dialect` (D1's SQLite unless given).
 *
 * @throws GenError when the fields do not fit the intent (fields for a drop, none for an
 *   add, a required column added to an existing table).
 */
export function migrationSql(
  name: string,
  intent: MigrationIntent,
  fields: readonly Field[],
  dialect: Dialect = sqlite,
): string {
  const noFields = () => {
    if (fields.length > 0) throw new GenError(`Migration ${name} takes no field specs; remove them.`)
  }
  switch (intent.kind) {
    case 'create-table':
      return dialect.createTable(intent.table, fields)
    case 'add-columns':
      return addColumnsSql(name, intent.table, fields, dialect)
    case 'drop-table':
      noFields()
      return `${dialect.dropTable(intent.table)}\n`
    case 'remove-columns':
      noFields()
      return [...dialect.dropColumnsNote, ...dialect.dropColumns(intent.table, intent.columns), ''].join('\n')
    case 'custom':
      if (fields.length > 0) {
        throw new GenError(
          `Cannot tell what migration ${name} should do with fields: name it create_<table> or add_<columns>_to_<table>.`,
        )
      }
      return dialect.customMigration
  }
}

/**
 * The columns of `fields` added to a table that may hold rows, then their indexes (a column
 * added with a UNIQUE constraint could not be made non-unique later). Required fields are
 * refused: a NOT NULL column needs a default for the rows already there.
 */
export function addColumnsSql(
  name: string,
  table: Inflection,
  fields: readonly Field[],
  dialect: Dialect = sqlite,
): string {
  if (fields.length === 0) {
    throw new GenError(`Migration ${name} needs field specs, e.g. honoforge gen migration ${name} email:string?`)
  }
  const required = fields.find((field) => !field.optional)
  if (required) {
    throw new GenError(
      `Migration ${name}: ${dialect.label} cannot add a NOT NULL column to a table that may have rows; make "${required.spec}" optional (${required.spec}?).`,
    )
  }
  const indexes = dialect.fieldIndexes(table.snake, fields).map((index) => index.sql)
  return `${[...dialect.addColumns(table, fields), ...indexes].join('\n')}\n`
}

/**
 * The migration file for `gen migration <name> [fields]` (also used by `resource` and
 * `destroy`): path numbered after `existing`, SQL inferred from the name. It is a `once`
 * change: a migration may already be applied, so a different one is never rewritten silently.
 */
export function planMigration(
  existing: readonly string[],
  input: string,
  fields: readonly Field[],
  dialect: Dialect = sqlite,
): FileChange {
  const { name, intent } = inferMigration(input)
  return { path: migrationPath(existing, name), content: migrationSql(name, intent, fields, dialect), once: true }
}
