/**
 * A Durable Object class in the service's wrangler.jsonc: its binding and vars in every
 * scope (neither is inherited by environments), and its lifecycle in `migrations`, where
 * entries are only ever appended (`new_sqlite_classes` when it comes, `deleted_classes` when
 * it goes), like SQL migrations: a deployed Worker has applied the earlier ones.
 */
import { findNodeAtLocation, getNodeValue, type JSONPath } from 'jsonc-parser'
import {
  configScopes,
  ensureArrayItem,
  ensureVar,
  parseWranglerConfig,
  removeArrayItem,
  removeIfEmpty,
  removeValue,
  setInlineIfAbsent,
} from './wrangler-config.js'

/** What wrangler.jsonc declares for one Durable Object class. */
export interface DurableObjectConfig {
  /** The exported class: `ChatChannel`. */
  className: string
  /** The binding the Worker reaches it through: `CHAT_CHANNEL`. */
  binding: string
  /** Plain-text vars the class reads, set in every scope (an existing value is kept). */
  vars: Readonly<Record<string, string>>
  /** Its migration tags are `<tagPrefix>-v1`, `-v2`, ...: `chat-channel`. */
  tagPrefix: string
}

type Migration = {
  tag?: unknown
  new_classes?: unknown
  new_sqlite_classes?: unknown
  deleted_classes?: unknown
  renamed_classes?: unknown
}

/** The class declared: binding and vars in every scope, a `new_sqlite_classes` migration unless it exists already. */
export function withDurableObject(source: string, config: DurableObjectConfig): string {
  let result = source
  for (const scope of configScopes(source)) {
    const binding = { name: config.binding, class_name: config.className }
    result = valueAt(result, [...scope, 'durable_objects'])
      ? ensureArrayItem(result, [...scope, 'durable_objects', 'bindings'], 'name', binding)
      : setInlineIfAbsent(result, [...scope, 'durable_objects'], { bindings: [binding] }, 'env')
    for (const [name, value] of Object.entries(config.vars)) result = ensureVar(result, name, value, scope)
  }
  return withMigration(result, config, 'new_sqlite_classes', true)
}

/**
 * The class gone: its binding and vars removed from every scope (with the containers they
 * alone filled), and a `deleted_classes` migration appended where it is still live.
 */
export function withoutDurableObject(source: string, config: DurableObjectConfig): string {
  let result = source
  for (const scope of configScopes(source)) {
    const bindings = [...scope, 'durable_objects', 'bindings']
    result = removeIfEmpty(removeArrayItem(result, bindings, 'name', config.binding), bindings)
    for (const name of Object.keys(config.vars)) result = removeValue(result, [...scope, 'vars', name])
    result = removeIfEmpty(result, [...scope, 'vars'])
  }
  return withMigration(result, config, 'deleted_classes', false)
}

/**
 * Why the class cannot be added by `migrations` as this config stands, or `undefined`:
 * Durable Objects declared in `exports` (wrangler refuses `migrations` beside it), or the
 * class or binding already declared when the caller did not declare it.
 */
export function durableObjectClash(source: string, config: DurableObjectConfig, ours: boolean): string | undefined {
  const scopes = configScopes(source)
  const at = (scope: JSONPath, key: string): unknown => valueAt(source, [...scope, key])
  const declared = scopes.find((scope) => Object.values(asObject(at(scope, 'exports'))).some(isDurableObjectExport))
  if (declared) {
    return `declares Durable Object classes in "${[...declared, 'exports'].join('.')}", and a class is added here with "migrations", which wrangler does not accept beside "exports"`
  }
  if (ours) return undefined
  for (const scope of scopes) {
    const bindings = asArray(asObject(at(scope, 'durable_objects')).bindings).map(asObject)
    const taken = bindings.find((item) => item.name === config.binding || item.class_name === config.className)
    if (taken) {
      const where = scope.length === 0 ? '' : ` in "${scope.join('.')}"`
      return `already binds ${String(taken.name)} to the class ${String(taken.class_name)}${where}`
    }
  }
  if (migrationScopes(source).some((scope) => isLive(migrationsAt(source, scope), config.className))) {
    return `already lists the Durable Object class ${config.className} in "migrations"`
  }
  return undefined
}

/** The next free tag of this class: one past the highest `<tagPrefix>-vN` in any scope. */
export function nextMigrationTag(source: string, tagPrefix: string): string {
  const pattern = new RegExp(`^${tagPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-v(\\d+)$`)
  const numbers = migrationScopes(source).flatMap((scope) =>
    migrationsAt(source, scope).map((entry) => Number(pattern.exec(String(entry.tag))?.[1] ?? 0)),
  )
  return `${tagPrefix}-v${Math.max(0, ...numbers) + 1}`
}

/** Whether the migrations, read in order, leave the class existing. */
export function isLive(migrations: readonly unknown[], className: string): boolean {
  let live = false
  for (const entry of migrations.map(asObject) as Migration[]) {
    const lists = (value: unknown) => asArray(value).includes(className)
    if (lists(entry.new_classes) || lists(entry.new_sqlite_classes)) live = true
    if (lists(entry.deleted_classes)) live = false
    for (const rename of asArray(entry.renamed_classes).map(asObject)) {
      if (rename.from === className) live = false
      if (rename.to === className) live = true
    }
  }
  return live
}

/**
 * Append a migration where the class's state is not yet `live`: at the top level and in each
 * environment with `migrations` of its own (the others inherit the top level's).
 */
function withMigration(source: string, config: DurableObjectConfig, kind: string, live: boolean): string {
  const tag = nextMigrationTag(source, config.tagPrefix)
  return migrationScopes(source).reduce((result, scope) => {
    if (isLive(migrationsAt(result, scope), config.className) === live) return result
    const entry = { tag, [kind]: [config.className] }
    return valueAt(result, [...scope, 'migrations'])
      ? ensureArrayItem(result, [...scope, 'migrations'], 'tag', entry, { inline: true })
      : setInlineIfAbsent(result, [...scope, 'migrations'], [entry], 'env')
  }, source)
}

/**
 * `source` with the Durable Object migrations of `history` in each scope that has some, as
 * `history` writes them. A rendering replayed from the recorded runs knows only the classes
 * that exist now; a deployed Worker has applied every migration, those of classes since
 * destroyed among them, and wrangler refuses a deploy whose list lost one.
 */
export function withMigrationHistory(source: string, history: string): string {
  let result = source
  for (const scope of migrationScopes(history).filter((scope) => valueAt(history, [...scope, 'migrations']))) {
    const path = [...scope, 'migrations']
    const kept = findNodeAtLocation(parseWranglerConfig(history), path)
    if (!kept) continue
    result = setInlineIfAbsent(result, path, [], 'env')
    const node = findNodeAtLocation(parseWranglerConfig(result), path)
    if (!node) continue
    const text = history.slice(kept.offset, kept.offset + kept.length)
    result = result.slice(0, node.offset) + text + result.slice(node.offset + node.length)
  }
  return result
}

function migrationScopes(source: string): JSONPath[] {
  return configScopes(source).filter((scope) => scope.length === 0 || valueAt(source, [...scope, 'migrations']))
}

function migrationsAt(source: string, scope: JSONPath): Migration[] {
  return asArray(valueAt(source, [...scope, 'migrations'])).map(asObject)
}

function valueAt(source: string, path: JSONPath): unknown {
  const node = findNodeAtLocation(parseWranglerConfig(source), path)
  return node ? getNodeValue(node) : undefined
}

function isDurableObjectExport(value: unknown): boolean {
  return asObject(value).type === 'durable-object'
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}
