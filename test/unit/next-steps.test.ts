import { describe, expect, it } from 'vitest'
import { displayPath, nextSteps } from '../../src/create/next-steps.js'

const cwd = '/home/me'

describe('nextSteps', () => {
  it.each([
    ['npm', ['cd my-api', 'npm install', 'npm run openapi', 'npm run dev', 'npm test', 'npm run deploy']],
    ['pnpm', ['cd my-api', 'pnpm install', 'pnpm openapi', 'pnpm dev', 'pnpm test', 'pnpm run deploy']],
    ['yarn', ['cd my-api', 'yarn install', 'yarn openapi', 'yarn dev', 'yarn test', 'yarn deploy']],
    ['bun', ['cd my-api', 'bun install', 'bun run openapi', 'bun run dev', 'bun run test', 'bun run deploy']],
  ] as const)('%s, not installed: install, then build the OpenAPI document with the installed code', (pm, steps) => {
    expect(nextSteps({ dir: 'my-api', cwd, pm, installed: false })).toEqual(steps)
  })

  it('leaves out the install and the document build once dependencies are installed (create ran both)', () => {
    expect(nextSteps({ dir: 'my-api', cwd, pm: 'npm', installed: true })).toEqual([
      'cd my-api',
      'npm run dev',
      'npm test',
      'npm run deploy',
    ])
  })

  it('leaves out cd when the project is the current directory', () => {
    expect(nextSteps({ dir: '.', cwd, pm: 'npm', installed: true })[0]).toBe('npm run dev')
  })
})

describe('displayPath', () => {
  it.each([
    ['my-api', 'my-api'],
    ['./my-api/', 'my-api'],
    ['.', '.'],
    ['/home/me', '.'],
    ['/tmp/x', '/tmp/x'],
    ['../sibling', '../sibling'],
    ['my api', "'my api'"],
    ["it's", `'it'\\''s'`],
  ])('%j → %s', (dir, shown) => {
    expect(displayPath(dir, cwd)).toBe(shown)
  })
})
