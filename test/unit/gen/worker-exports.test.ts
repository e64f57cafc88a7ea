import { describe, expect, it } from 'vitest'
import { GenError } from '../../../src/gen/errors.js'
import {
  addWorkerExport,
  addWorkerHandler,
  parseWorkerExports,
  removeWorkerExport,
  removeWorkerHandler,
  renderWorkerExports,
} from '../../../src/gen/worker-exports.js'

const entry = "/** Worker entry point. */\nimport { createApp } from './app'\n\nexport default createApp()\n"
const chat = { name: 'ChatChannel', from: './channels/chat/channel' }
const lobby = { name: 'LobbyChannel', from: './channels/lobby/channel' }

describe('the Worker entry as a registry of Durable Object classes', () => {
  it('adds one named export per class after the default export, and removes them back to the original bytes', () => {
    const one = renderWorkerExports(addWorkerExport(parseWorkerExports(entry), chat))
    expect(one).toBe(`${entry}\nexport { ChatChannel } from './channels/chat/channel'\n`)
    const two = renderWorkerExports(addWorkerExport(parseWorkerExports(one), lobby))
    expect(two).toBe(`${one}export { LobbyChannel } from './channels/lobby/channel'\n`)
    expect(renderWorkerExports(removeWorkerExport(parseWorkerExports(two), 'LobbyChannel'))).toBe(one)
    expect(renderWorkerExports(removeWorkerExport(parseWorkerExports(one), 'ChatChannel'))).toBe(entry)
  })

  it('is idempotent, and reads CRLF as LF', () => {
    const one = renderWorkerExports(addWorkerExport(parseWorkerExports(entry), chat))
    expect(renderWorkerExports(addWorkerExport(parseWorkerExports(one), chat))).toBe(one)
    expect(parseWorkerExports(one.replaceAll('\n', '\r\n')).entries).toEqual([chat])
    expect(renderWorkerExports(removeWorkerExport(parseWorkerExports(entry), 'ChatChannel'))).toBe(entry)
  })

  it.each([
    [
      'no default export line',
      "import { createApp } from './app'\n\nexport default { fetch() {} }\n",
      /cannot find the line "export default createApp\(\)"/,
    ],
    [
      'no app import',
      "import { createApp } from './application'\n\nexport default createApp()\n",
      /cannot find the line/,
    ],
    [
      'a handler import of another name',
      "import { createApp } from './app'\nimport { tail } from './tail'\n\nexport default createApp()\n",
      /line 2 imports an unknown handler/,
    ],
    ['another statement after it', `${entry}console.log('x')\n`, /line 5 is not an export of a class/],
    ['export *', `${entry}export * from './channels'\n`, /line 5 is not an export of a class/],
    ['a class exported twice', `${entry}export { A } from './a'\nexport { A } from './b'\n`, /"A" is exported twice/],
  ])('refuses an entry with %s, saying what to fix', (_, source, message) => {
    expect(() => parseWorkerExports(source)).toThrow(GenError)
    expect(() => parseWorkerExports(source)).toThrow(message)
  })

  it('refuses a class name exported from another module', () => {
    const one = addWorkerExport(parseWorkerExports(entry), chat)
    expect(() => addWorkerExport(one, { name: 'ChatChannel', from: './other' })).toThrow(/already exported/)
  })
})

describe('the Worker entry with queue and cron handlers', () => {
  const queues = { name: 'queue', from: './queues' } as const
  const crons = { name: 'scheduled', from: './crons' } as const
  const withBoth = [
    '/** Worker entry point. */',
    "import { createApp } from './app'",
    "import { scheduled } from './crons'",
    "import { queue } from './queues'",
    '',
    'const app = createApp()',
    '',
    "/** The Worker's handlers: requests go to the app; cron triggers to ./crons, queue batches to ./queues. */",
    'export default {',
    '  fetch: app.fetch,',
    '  queue,',
    '  scheduled,',
    '} satisfies ExportedHandler<Env>',
    '',
    "export { ChatChannel } from './channels/chat/channel'",
    '',
  ].join('\n')

  it('lists the handlers in an object beside fetch, imports sorted by module, class exports kept after it', () => {
    const channel = renderWorkerExports(addWorkerExport(parseWorkerExports(entry), chat))
    const one = renderWorkerExports(addWorkerHandler(parseWorkerExports(channel), queues))
    const both = renderWorkerExports(addWorkerHandler(parseWorkerExports(one), crons))
    expect(both).toBe(withBoth)
    expect(parseWorkerExports(both)).toMatchObject({ handlers: [crons, queues], entries: [chat] })
    expect(renderWorkerExports(addWorkerHandler(parseWorkerExports(both), queues))).toBe(both)
  })

  it('gives back the entry as created, byte for byte, when the last handler goes', () => {
    const one = renderWorkerExports(removeWorkerHandler(parseWorkerExports(withBoth), 'scheduled'))
    expect(one).toContain('  queue,\n} satisfies')
    expect(one).not.toContain('crons')
    const none = renderWorkerExports(removeWorkerHandler(parseWorkerExports(one), 'queue'))
    expect(none).toBe(`${entry}\nexport { ChatChannel } from './channels/chat/channel'\n`)
  })

  it('refuses an object default export that was edited, and a handler from another module', () => {
    expect(() => parseWorkerExports(withBoth.replace('  scheduled,\n', ''))).toThrow(/not the one honoforge wrote/)
    expect(() => addWorkerHandler(parseWorkerExports(withBoth), { name: 'queue', from: './jobs' })).toThrow(
      /already comes from/,
    )
  })
})
