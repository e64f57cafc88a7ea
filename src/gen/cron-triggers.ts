/**
 * Cron expressions in the service's wrangler.jsonc (`triggers.crons`). Unlike bindings,
 * `triggers` is inherited: an environment without its own gets the top level's, so an
 * expression goes to the top level and to each environment that lists triggers of its own.
 * Two jobs may share an expression; it is listed once.
 */
import { findNodeAtLocation, type JSONPath } from 'jsonc-parser'
import {
  configScopes,
  ensureArrayString,
  parseWranglerConfig,
  removeArrayString,
  setInlineIfAbsent,
} from './wrangler-config.js'

/** The expression listed where triggers are read: `"triggers": { "crons": [...] }` created before `env` when absent. */
export function withTrigger(source: string, schedule: string): string {
  return triggerScopes(source).reduce((config, scope) => {
    if (!has(config, [...scope, 'triggers'])) {
      return setInlineIfAbsent(config, [...scope, 'triggers'], { crons: [schedule] }, 'env')
    }
    return ensureArrayString(config, [...scope, 'triggers', 'crons'], schedule)
  }, source)
}

/**
 * The expression taken out of every `triggers.crons`. An emptied list stays: a deploy clears
 * the schedules it lists, while one without `crons` leaves the deployed triggers as they are.
 */
export function withoutTrigger(source: string, schedule: string): string {
  return triggerScopes(source).reduce(
    (config, scope) => removeArrayString(config, [...scope, 'triggers', 'crons'], schedule),
    source,
  )
}

/** The top level, and the environments with `triggers` of their own (the others inherit the top level's). */
function triggerScopes(source: string): JSONPath[] {
  return configScopes(source).filter((scope) => scope.length === 0 || has(source, [...scope, 'triggers']))
}

function has(source: string, path: JSONPath): boolean {
  return findNodeAtLocation(parseWranglerConfig(source), path) !== undefined
}
