import { describe, expect, it } from 'vitest'
import { type DurableObjectConfig, withDurableObject, withoutDurableObject } from '../../../src/gen/durable-objects.js'
import { reconcileConfig } from '../../../src/gen/replay-config.js'
import { template } from './wrangler-template.js'

const channel = (name: string, className: string): DurableObjectConfig => ({
  className,
  binding: `${name.toUpperCase()}_CHANNEL`,
  vars: {},
  tagPrefix: `${name}-channel`,
})
const chat = channel('chat', 'ChatChannel')
const lobby = channel('lobby', 'LobbyChannel')

describe('reconcileConfig', () => {
  it("keeps the service's Durable Object migrations, those of a class destroyed since among them", async () => {
    const source = await template({ jwt: true, d1: true })
    const service = withoutDurableObject(withDurableObject(withDurableObject(source, chat), lobby), chat)
    // What a replay of the one recorded run writes: lobby alone.
    const replayed = withDurableObject(source, lobby)
    const reconciled = reconcileConfig(replayed, service)
    expect(reconciled).toContain('{ "tag": "chat-channel-v2", "deleted_classes": ["ChatChannel"] }')
    expect(reconcileConfig(replayed, withDurableObject(source, lobby))).toBe(replayed)
  })

  it('takes the service layout when only whitespace differs, and the replay whenever a token does', () => {
    const service = '{\n  "vars": {\n    "A": "1"\n  },\n  // why\n  "main": "src/index.ts"\n}\n'
    expect(reconcileConfig('{\n  "vars": { "A": "1" },\n  // why\n  "main": "src/index.ts"\n}\n', service)).toBe(
      service,
    )
    for (const replayed of [
      '{\n  "vars": { "A": "2" },\n  // why\n  "main": "src/index.ts"\n}\n',
      '{\n  "vars": { "A": "1" },\n  // because\n  "main": "src/index.ts"\n}\n',
    ]) {
      expect(reconcileConfig(replayed, service)).toBe(replayed)
    }
  })
})
