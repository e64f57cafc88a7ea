import { parse } from 'jsonc-parser'
import { describe, expect, it } from 'vitest'
import {
  type DurableObjectConfig,
  durableObjectClash,
  isLive,
  nextMigrationTag,
  withDurableObject,
  withoutDurableObject,
} from '../../../src/gen/durable-objects.js'
import { removeIfEmpty, removeValue } from '../../../src/gen/wrangler-config.js'
import { template } from './wrangler-template.js'

const chat: DurableObjectConfig = {
  className: 'ChatChannel',
  binding: 'CHAT_CHANNEL',
  vars: { CHAT_CHANNEL_IDLE_TIMEOUT_MS: '60000' },
  tagPrefix: 'chat-channel',
}

type Scope = {
  vars?: Record<string, string>
  durable_objects?: { bindings: unknown[] }
  migrations?: Array<Record<string, unknown>>
}
const value = (source: string) => parse(source) as Scope & { env: Record<string, Scope> }

describe('withDurableObject / withoutDurableObject', () => {
  it('declares the class in every scope of the service template, and takes it out again but for its migrations', async () => {
    const source = await template({ jwt: true, d1: true })
    const added = withDurableObject(source, chat)
    const config = value(added)
    for (const scope of [config, ...Object.values(config.env)]) {
      expect(scope.durable_objects).toEqual({ bindings: [{ name: 'CHAT_CHANNEL', class_name: 'ChatChannel' }] })
      expect(scope.vars?.CHAT_CHANNEL_IDLE_TIMEOUT_MS).toBe('60000')
    }
    expect(config.migrations).toEqual([{ tag: 'chat-channel-v1', new_sqlite_classes: ['ChatChannel'] }])
    expect(withDurableObject(added, chat)).toBe(added)

    const removed = withoutDurableObject(added, chat)
    expect(value(removed).migrations).toEqual([
      { tag: 'chat-channel-v1', new_sqlite_classes: ['ChatChannel'] },
      { tag: 'chat-channel-v2', deleted_classes: ['ChatChannel'] },
    ])
    expect(removeValue(removed, ['migrations'])).toBe(source)
    expect(withoutDurableObject(removed, chat)).toBe(removed)
  })

  it('appends to the migrations of an environment that has its own, with the same tag', () => {
    const source = JSON.stringify(
      {
        migrations: [{ tag: 'v1', new_sqlite_classes: ['Counter'] }],
        env: { production: { migrations: [{ tag: 'v1', new_sqlite_classes: ['Counter'] }] }, staging: {} },
      },
      null,
      2,
    )
    const config = value(withDurableObject(source, chat))
    const expected = [
      { tag: 'v1', new_sqlite_classes: ['Counter'] },
      { tag: 'chat-channel-v1', new_sqlite_classes: ['ChatChannel'] },
    ]
    expect(config.migrations).toEqual(expected)
    expect(config.env.production?.migrations).toEqual(expected)
    expect(config.env.staging?.migrations).toBeUndefined()
  })

  it('keeps the other bindings and a var value the user changed is removed all the same', () => {
    const source = '{\n  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] }\n}\n'
    const added = withDurableObject(source, chat).replace('"60000"', '"30000"')
    const removed = withoutDurableObject(added, chat)
    expect(value(removed).durable_objects).toEqual({ bindings: [{ name: 'COUNTER', class_name: 'Counter' }] })
    expect(value(removed).vars).toBeUndefined()
  })
})

describe('nextMigrationTag / isLive', () => {
  it('numbers on from the highest tag of the class in any scope', () => {
    const source = JSON.stringify({
      migrations: [{ tag: 'chat-channel-v1' }, { tag: 'chat-channel-v2' }, { tag: 'lobby-channel-v7' }],
      env: { production: { migrations: [{ tag: 'chat-channel-v3' }] } },
    })
    expect(nextMigrationTag(source, 'chat-channel')).toBe('chat-channel-v4')
    expect(nextMigrationTag('{}', 'chat-channel')).toBe('chat-channel-v1')
  })

  it.each([
    [[{ new_sqlite_classes: ['ChatChannel'] }], true],
    [[{ new_classes: ['ChatChannel'] }, { deleted_classes: ['ChatChannel'] }], false],
    [[{ new_classes: ['Chat'] }, { renamed_classes: [{ from: 'Chat', to: 'ChatChannel' }] }], true],
    [[{ new_classes: ['ChatChannel'] }, { renamed_classes: [{ from: 'ChatChannel', to: 'Room' }] }], false],
    [[], false],
  ])('reads %j as live: %s', (migrations, live) => {
    expect(isLive(migrations, 'ChatChannel')).toBe(live)
  })
})

describe('durableObjectClash', () => {
  it('refuses Durable Objects declared in "exports", even for a class it declared itself', () => {
    const source = JSON.stringify({ env: { staging: { exports: { Counter: { type: 'durable-object' } } } } })
    expect(durableObjectClash(source, chat, true)).toMatch(/"env.staging.exports"/)
    expect(
      durableObjectClash(JSON.stringify({ exports: { Counter: { type: 'worker' } } }), chat, false),
    ).toBeUndefined()
  })

  it('refuses the binding or class declared by someone else, not by the caller', () => {
    const byHand = withDurableObject('{}', { ...chat, binding: 'CHAT' })
    expect(durableObjectClash(byHand, chat, false)).toMatch(/already binds CHAT to the class ChatChannel/)
    expect(durableObjectClash(byHand, chat, true)).toBeUndefined()
    const migrated = JSON.stringify({ migrations: [{ tag: 'v1', new_classes: ['ChatChannel'] }] })
    expect(durableObjectClash(migrated, chat, false)).toMatch(/already lists the Durable Object class ChatChannel/)
    const deleted = withoutDurableObject(withDurableObject('{}', chat), chat)
    expect(durableObjectClash(deleted, chat, false)).toBeUndefined()
  })
})

describe('removeValue / removeIfEmpty', () => {
  it('removes a member with its comma, and containers left empty up to the root', () => {
    const source = '{\n  "a": 1,\n  "vars": { "X": "1", "Y": "2" },\n  "do": { "bindings": [] }\n}\n'
    expect(removeValue(source, ['vars', 'Y'])).toBe(
      '{\n  "a": 1,\n  "vars": { "X": "1" },\n  "do": { "bindings": [] }\n}\n',
    )
    expect(removeValue(source, ['nothing'])).toBe(source)
    expect(removeIfEmpty(source, ['do', 'bindings'])).toBe('{\n  "a": 1,\n  "vars": { "X": "1", "Y": "2" }\n}\n')
    expect(removeIfEmpty(source, ['vars'])).toBe(source)
  })
})
