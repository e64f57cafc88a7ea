import { parse } from 'jsonc-parser'
import { describe, expect, it } from 'vitest'
import { type QueueConfig, queueClash, queueNames, withoutQueue, withQueue } from '../../../src/gen/queues-config.js'
import { template } from './wrangler-template.js'

const emails: QueueConfig = { kebab: 'emails', binding: 'EMAILS_QUEUE', deadLetterBinding: 'EMAILS_DLQ' }
const sms: QueueConfig = { kebab: 'sms', binding: 'SMS_QUEUE', deadLetterBinding: 'SMS_DLQ' }

type Scope = { queues?: { producers?: unknown[]; consumers?: Array<Record<string, unknown>> } }
const value = (source: string) => parse(source) as Scope & { env: Record<string, Scope> }

describe('queueNames', () => {
  it('names the queue after the Worker and the environment, and finds the Worker consuming it', () => {
    const source = '{ "name": "api", "env": { "staging": { "name": "api-staging" }, "eu": {} } }'
    expect(queueNames(source, 'emails')).toEqual([
      { scope: [], queue: 'api-emails', deadLetter: 'api-emails-dlq', worker: 'api' },
      {
        scope: ['env', 'staging'],
        queue: 'api-staging-emails',
        deadLetter: 'api-staging-emails-dlq',
        worker: 'api-staging',
      },
      // An environment without a name of its own deploys as <name>-<env>.
      { scope: ['env', 'eu'], queue: 'api-eu-emails', deadLetter: 'api-eu-emails-dlq', worker: 'api-eu' },
    ])
  })
})

describe('withQueue / withoutQueue', () => {
  it('declares the queue in every scope of the service template and takes it out byte for byte', async () => {
    const source = await template({ jwt: true, d1: true })
    const added = withQueue(source, emails)
    const config = value(added)
    for (const [scope, timeout] of [
      [config, 0],
      [config.env.staging, 5],
      [config.env.production, 5],
    ] as const) {
      expect(scope?.queues?.producers).toHaveLength(2)
      expect(scope?.queues?.consumers).toEqual([
        expect.objectContaining({ max_batch_timeout: timeout, max_retries: 5 }),
      ])
    }
    expect(withQueue(added, emails)).toBe(added)
    expect(withoutQueue(added, emails)).toBe(source)
  })

  it('keeps a second queue and a queue of the user when one is taken out', async () => {
    const source = (await template({ jwt: true, d1: true })).replace(
      '"main": "src/index.ts",',
      '"main": "src/index.ts",\n  "queues": { "producers": [{ "binding": "MAIL", "queue": "mail" }] },',
    )
    const both = withQueue(withQueue(source, emails), sms)
    expect(value(both).queues?.producers).toHaveLength(5)
    const left = withoutQueue(both, emails)
    expect(value(left).queues?.producers).toEqual([
      { binding: 'MAIL', queue: 'mail' },
      { binding: 'SMS_QUEUE', queue: 'api-sms' },
      { binding: 'SMS_DLQ', queue: 'api-sms-dlq' },
    ])
    expect(value(left).queues?.consumers?.map((consumer) => consumer.queue)).toEqual(['api-sms'])
    expect(withoutQueue(left, sms)).toBe(source)
  })
})

describe('queueClash', () => {
  it('names a binding or a consumer declared already, unless the run is a re-run', async () => {
    const source = await template({ jwt: true, d1: true })
    expect(queueClash(source, emails, false)).toBeUndefined()
    const byHand = withQueue(source, { ...emails, binding: 'OUTBOX' })
    expect(queueClash(byHand, emails, false)).toBe('already binds EMAILS_DLQ to the queue api-emails-dlq')
    expect(queueClash(withQueue(source, emails), emails, true)).toBeUndefined()
    const consumed = withQueue(source, { ...emails, binding: 'OUTBOX', deadLetterBinding: 'OUTBOX_DLQ' })
    expect(queueClash(consumed, emails, false)).toBe('already consumes the queue api-emails')
  })
})
