/**
 * A queue in the service's wrangler.jsonc: in every scope (queues are not inherited by
 * environments) a producer binding for the queue and one for its dead-letter queue, and the
 * Worker's consumer of the queue. Queue names are account-wide, so each scope names its own:
 * `<worker>-<queue>` at the top level, `<worker>-<env>-<queue>` in an environment.
 */
import { findNodeAtLocation, getNodeValue, type JSONPath } from 'jsonc-parser'
import {
  configScopes,
  ensureArrayItem,
  parseWranglerConfig,
  removeArrayItem,
  removeIfEmpty,
  setIfAbsent,
} from './wrangler-config.js'

/** How the consumer takes its batches; the README section of each queue explains them. */
export const batching = {
  /** Messages per batch (Queues allows 1 to 100). */
  size: 10,
  /** Seconds to wait for a batch to fill in a deployed environment. */
  timeout: 5,
  /** The same at the top level: `npm run dev` and the tests see a message at once. */
  localTimeout: 0,
  /** Retries of a failing message before it goes to the dead-letter queue (deliveries: one more). */
  retries: 5,
} as const

/** What wrangler.jsonc declares for one queue. */
export interface QueueConfig {
  /** The queue's kebab-case name, the last part of its name in every scope: `welcome-emails`. */
  kebab: string
  /** Its producer binding: `WELCOME_EMAILS_QUEUE`. */
  binding: string
  /** The dead-letter queue's producer binding: `WELCOME_EMAILS_DLQ`. */
  deadLetterBinding: string
}

/** The queue's name and its dead-letter queue's in one scope of the config. */
export interface ScopedQueue {
  scope: JSONPath
  queue: string
  deadLetter: string
  /** The Worker that consumes it there: the scope's `name`, or wrangler's `<name>-<env>`. */
  worker: string
}

/** The queue's names in each scope, the top level first. */
export function queueNames(source: string, kebab: string): ScopedQueue[] {
  const name = String(valueAt(source, ['name']) ?? 'worker')
  return configScopes(source).map((scope) => {
    const queue = [name, ...scope.slice(1), kebab].join('-')
    const worker = String(valueAt(source, [...scope, 'name']) ?? [name, ...scope.slice(1)].join('-'))
    return { scope, queue, deadLetter: `${queue}-dlq`, worker }
  })
}

/** The queue declared in every scope; what is already there (by binding or queue name) is kept. */
export function withQueue(source: string, config: QueueConfig): string {
  let result = source
  for (const { scope, queue, deadLetter } of queueNames(source, config.kebab)) {
    result = setIfAbsent(result, [...scope, 'queues'], { producers: [], consumers: [] }, 'env')
    const producers = [...scope, 'queues', 'producers']
    const inline = { inline: true }
    result = ensureArrayItem(result, producers, 'binding', { binding: config.binding, queue }, inline)
    result = ensureArrayItem(
      result,
      producers,
      'binding',
      { binding: config.deadLetterBinding, queue: deadLetter },
      inline,
    )
    result = ensureArrayItem(result, [...scope, 'queues', 'consumers'], 'queue', {
      queue,
      max_batch_size: batching.size,
      max_batch_timeout: scope.length === 0 ? batching.localTimeout : batching.timeout,
      max_retries: batching.retries,
      dead_letter_queue: deadLetter,
    })
  }
  return result
}

/** The queue gone from every scope, with the `queues` objects it alone filled. */
export function withoutQueue(source: string, config: QueueConfig): string {
  let result = source
  for (const { scope, queue } of queueNames(source, config.kebab)) {
    const producers = [...scope, 'queues', 'producers']
    const consumers = [...scope, 'queues', 'consumers']
    result = removeArrayItem(result, producers, 'binding', config.binding)
    result = removeIfEmpty(removeArrayItem(result, producers, 'binding', config.deadLetterBinding), producers)
    result = removeIfEmpty(removeArrayItem(result, consumers, 'queue', queue), consumers)
  }
  return result
}

/**
 * Why the queue cannot be added as this config stands, or `undefined`: one of its bindings or
 * its consumer declared already, by hand or by another generator. Only a new run (`ours`
 * false) is checked: a re-run finds its own entries there.
 */
export function queueClash(source: string, config: QueueConfig, ours: boolean): string | undefined {
  if (ours) return undefined
  for (const { scope, queue } of queueNames(source, config.kebab)) {
    const where = scope.length === 0 ? '' : ` in "${scope.join('.')}"`
    const producers = asArray(valueAt(source, [...scope, 'queues', 'producers']))
    const taken = producers.find((item) => [config.binding, config.deadLetterBinding].includes(String(item.binding)))
    if (taken) return `already binds ${String(taken.binding)} to the queue ${String(taken.queue)}${where}`
    const consumers = asArray(valueAt(source, [...scope, 'queues', 'consumers']))
    if (consumers.some((item) => item.queue === queue)) return `already consumes the queue ${queue}${where}`
  }
  return undefined
}

function valueAt(source: string, path: JSONPath): unknown {
  const node = findNodeAtLocation(parseWranglerConfig(source), path)
  return node ? getNodeValue(node) : undefined
}

function asArray(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'object' && item !== null) : []
}
