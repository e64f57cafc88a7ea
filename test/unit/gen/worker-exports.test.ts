import { describe, expect, it } from 'vitest'
import { GenError } from '../../../src/gen/errors.js'
import {
  addWorkerExport,
  parseWorkerExports,
  removeWorkerExport,
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
      "import { createApp } from './app'\nexport default { fetch() {} }\n",
      /cannot find the line/,
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
