import { describe, expect, it } from 'vitest'
import { scriptError } from '../../../src/gen/openapi-build.js'

const stage = '/tmp/honoforge-stage-abc'

describe('scriptError', () => {
  it("keeps the script's message, not Node's report around it", () => {
    const stderr = [
      `${stage}/src/openapi/operations.ts:72`,
      '    throw new Error(',
      '          ^',
      '',
      '',
      'Error: POST /notes is served by the "thing" and the "notes" modules: Hono answers with the first one only.',
      `    at refuseServedTwice (${stage}/src/openapi/operations.ts:72:11)`,
      `    at readOperations (${stage}/src/openapi/operations.ts:27:3)`,
      '',
      'Node.js v20.20.2',
      '',
    ].join('\n')
    expect(scriptError(stderr, stage)).toBe(
      'POST /notes is served by the "thing" and the "notes" modules: Hono answers with the first one only.',
    )
  })

  it('keeps the kind of any other error, its code, and every line of its message, with service paths', () => {
    const stderr = [
      'node:internal/modules/run_main:123',
      '    triggerUncaughtException(',
      '    ^',
      `Error [ERR_MODULE_NOT_FOUND]: Cannot find module '${stage}/src/lib/outside/shared'`,
      `imported from ${stage}/src/app.ts`,
      '    at finalizeResolution (node:internal/modules/esm/resolve:265:11)',
      'Node.js v20.20.2',
    ].join('\n')
    expect(scriptError(stderr, stage)).toBe(
      "Error [ERR_MODULE_NOT_FOUND]: Cannot find module 'src/lib/outside/shared'\nimported from src/app.ts",
    )
    expect(scriptError(`TypeError: x is not a function\n    at y (file://${stage}/src/app.ts:1:1)\n`, stage)).toBe(
      'TypeError: x is not a function',
    )
  })

  it('falls back to everything but stack frames when no error line is found', () => {
    expect(
      scriptError(`something odd in ${stage}/scripts/openapi.ts\n    at z (x:1:1)\nNode.js v20.20.2\n`, stage),
    ).toBe('something odd in scripts/openapi.ts')
  })
})
