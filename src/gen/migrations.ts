/**
 * D1 migrations: numbering that follows the existing `migrations/NNNN_<name>.sql` files,
 * intent inferred from the name (`create_posts`, `add_email_to_users`, ...) and the SQL for
 * each intent. No timestamps anywhere, so the output depends only on the inputs.
 */
import { join } from 'node:path'
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
 * The SQL for an intent.
 *
 * @throws GenError when the fields do not fit the intent (fields for a drop, none for an
 *   add, a required column added to an existing table).
 */
export function migrationSql(name: string, intent: MigrationIntent, fields: readonly Field[]): string {
  const noFields = () => {
    if (fields.length > 0) throw new GenError(`Migration ${name} takes no field specs; remove them.`)
  }
  switch (intent.kind) {
    case 'create-table':
      return createTableSql(intent.table, fields)
    case 'add-columns':
      return addColumnsSql(name, intent.table, fields)
    case 'drop-table':
      noFields()
      return `DROP TABLE ${intent.table.snake};\n`
    case 'remove-columns':
      noFields()
      return [
        '-- SQLite refuses to drop a column that is indexed, UNIQUE or a foreign key: drop its index first.',
        ...intent.columns.map((column) => `ALTER TABLE ${intent.table.snake} DROP COLUMN ${column};`),
        '',
      ].join('\n')
    case 'custom':
      if (fields.length > 0) {
        throw new GenError(
          `Cannot tell what migration ${name} should do with fields: name it create_<table> or add_<columns>_to_<table>.`,
        )
      }
      return '-- Write the SQL for this migration here; apply it with `wrangler d1 migrations apply`.\n'
  }
}

/**
 * `CREATE TABLE` with the automatic `id` (a UUIDv7 made by the Worker, so id order is
 * creation order), `created_at` and `updated_at` (ISO 8601 UTC, set by the Worker)
 * columns, and the indexes of `fieldIndexes`.
 */
export function createTableSql(table: Inflection, fields: readonly Field[]): string {
  const t = table.snake
  const columns = [
    // NOT NULL: SQLite lets a non-INTEGER primary key be NULL otherwise.
    'id TEXT PRIMARY KEY NOT NULL',
    ...fields.map((field) => field.ddl),
    'created_at TEXT NOT NULL',
    'updated_at TEXT NOT NULL',
  ]
  const indexes = fieldIndexes(t, fields).map((index) => index.sql)
  return [
    `-- ${capitalize(table.plural)}. Ids are UUIDv7 strings generated by the Worker,`,
    '-- so ordering by id is creation order; timestamps are ISO 8601 UTC.',
    `CREATE TABLE ${t} (`,
    columns.map((column) => `  ${column}`).join(',\n'),
    ');',
    ...(indexes.length > 0 ? ['', ...indexes] : []),
    '',
  ].join('\n')
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/**
 * `ALTER TABLE ... ADD COLUMN` per field. SQLite cannot add a UNIQUE column, so uniqueness
 * becomes a unique index; it cannot add a NOT NULL column without a default, so required
 * fields are refused.
 */
export function addColumnsSql(name: string, table: Inflection, fields: readonly Field[]): string {
  if (fields.length === 0) {
    throw new GenError(`Migration ${name} needs field specs, e.g. honoforge gen migration ${name} email:string?`)
  }
  const required = fields.find((field) => !field.optional)
  if (required) {
    throw new GenError(
      `Migration ${name}: SQLite cannot add a NOT NULL column to a table that may have rows; make "${required.spec}" optional (${required.spec}?).`,
    )
  }
  const t = table.snake
  const statements = fields.map((field) => {
    const definition = [
      field.column,
      field.sql.type,
      field.sql.check && `CHECK (${field.sql.check})`,
      field.sql.references,
    ]
    return `ALTER TABLE ${t} ADD COLUMN ${definition.filter(Boolean).join(' ')};`
  })
  const indexes = fieldIndexes(t, fields).map((index) => index.sql)
  return `${[...statements, ...indexes].join('\n')}\n`
}

/** An index a field's column needs, named after it so a later migration can drop it. */
export interface FieldIndex {
  name: string
  column: string
  sql: string
}

/**
 * The indexes of a table's fields: a unique index per unique field (a named index, unlike a
 * UNIQUE constraint, can be dropped when the field stops being unique), and `(column, id)`
 * for foreign keys and list filters, so a filtered page is read in id order straight from it.
 */
export function fieldIndexes(table: string, fields: readonly Field[]): FieldIndex[] {
  return fields.flatMap((field) => {
    const name = `idx_${table}_${field.column}`
    if (field.unique)
      return [{ name, column: field.column, sql: `CREATE UNIQUE INDEX ${name} ON ${table} (${field.column});` }]
    if (field.indexed)
      return [{ name, column: field.column, sql: `CREATE INDEX ${name} ON ${table} (${field.column}, id);` }]
    return []
  })
}

/**
 * The migration file for `gen migration <name> [fields]` (also used by `resource` and
 * `destroy`): path numbered after `existing`, SQL inferred from the name. It is a `once`
 * change: a migration may already be applied, so a different one is never rewritten silently.
 */
export function planMigration(existing: readonly string[], input: string, fields: readonly Field[]): FileChange {
  const { name, intent } = inferMigration(input)
  return { path: migrationPath(existing, name), content: migrationSql(name, intent, fields), once: true }
}
