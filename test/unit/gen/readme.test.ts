import { describe, expect, it } from 'vitest'
import { withoutSection, withSection } from '../../../src/gen/readme.js'

const readme = '# api\n\nIntro.\n\n## Where things live\n\n| a | b |\n'
const chat = '### Chat\n\nConnect to /channels/chat.\n'
const lobby = '### Lobby\n\nConnect to /channels/lobby.\n'

describe('README sections', () => {
  it('adds the heading on first use, sections after it, and removes them back to the original bytes', () => {
    const one = withSection(readme, 'Realtime channels', chat)
    expect(one).toBe(`${readme}\n## Realtime channels\n\n${chat}`)
    const two = withSection(one, 'Realtime channels', lobby)
    expect(two).toBe(`${one}\n${lobby}`)
    expect(withSection(two, 'Realtime channels', chat)).toBe(two)
    expect(withoutSection(two, 'Realtime channels', lobby)).toBe(one)
    expect(withoutSection(two, 'Realtime channels', chat)).toBe(withSection(readme, 'Realtime channels', lobby))
    expect(withoutSection(one, 'Realtime channels', chat)).toBe(readme)
  })

  it('inserts before a heading that follows the section, and leaves that heading alone', () => {
    const moved = `# api\n\n## Realtime channels\n\n${chat}\n## Deploy\n\nSteps.\n`
    const two = withSection(moved, 'Realtime channels', lobby)
    expect(two).toBe(`# api\n\n## Realtime channels\n\n${chat}\n${lobby}\n## Deploy\n\nSteps.\n`)
    expect(withoutSection(two, 'Realtime channels', lobby)).toBe(moved)
    expect(withoutSection(moved, 'Realtime channels', chat)).toBe('# api\n\n## Deploy\n\nSteps.\n')
  })

  it('leaves a README whose section was edited by hand as it is', () => {
    const edited = withSection(readme, 'Realtime channels', chat).replace('Connect to', 'Open')
    expect(withoutSection(edited, 'Realtime channels', chat)).toBe(edited)
    expect(withoutSection(readme, 'Realtime channels', chat)).toBe(readme)
  })
})
