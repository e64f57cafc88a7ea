import { describe, expect, it } from 'vitest'
import { detectPackageManager, installCommand, runScriptCommand } from '../../src/create/package-manager.js'

describe('detectPackageManager', () => {
  it.each([
    ['npm/11.6.2 node/v20.20.2 linux x64 workspaces/false', 'npm'],
    ['pnpm/10.18.0 npm/? node/v20.20.2 linux x64', 'pnpm'],
    ['yarn/1.22.22 npm/? node/v20.20.2 linux x64', 'yarn'],
    ['yarn/4.5.0 npm/? node/v22.12.0 darwin arm64', 'yarn'],
    ['bun/1.3.0 npm/? node/v24.3.0 linux x64', 'bun'],
  ])('%s → %s', (agent, pm) => {
    expect(detectPackageManager(agent)).toBe(pm)
  })

  it.each([undefined, '', '   ', 'cnpm/9.0.0 node/v20', 'deno/2.0.0'])('%j → undefined', (agent) => {
    expect(detectPackageManager(agent)).toBeUndefined()
  })
})

describe('runScriptCommand', () => {
  it.each([
    ['npm', 'dev', 'npm run dev'],
    ['npm', 'test', 'npm test'],
    ['npm', 'deploy', 'npm run deploy'],
    ['pnpm', 'dev', 'pnpm dev'],
    ['pnpm', 'test', 'pnpm test'],
    // `pnpm deploy` is a pnpm command of its own.
    ['pnpm', 'deploy', 'pnpm run deploy'],
    ['yarn', 'dev', 'yarn dev'],
    ['yarn', 'deploy', 'yarn deploy'],
    // `bun test` would run bun's test runner, not the script.
    ['bun', 'test', 'bun run test'],
    ['bun', 'dev', 'bun run dev'],
  ] as const)('%s %s → %s', (pm, script, command) => {
    expect(runScriptCommand(pm, script)).toBe(command)
  })

  it('installs with "<pm> install"', () => {
    expect(installCommand('yarn')).toBe('yarn install')
  })
})
