import { describe, expect, it } from 'vitest'
import { honoforgeCommand } from '../../src/cli/honoforge-command.js'
import { createTemplateContext, renderTemplate } from '../../src/create/render.js'
import { serviceTemplate } from '../../src/create/template.js'
import { fieldKinds } from '../../src/gen/field-types.js'

// AGENTS.md tells coding agents how to work on a service. Everything it names must exist in
// that service as created, so it cannot drift: scripts, honoforge commands, paths, field types.

const combinations = [
  { db: 'd1', auth: 'jwt' },
  { db: 'd1', auth: 'none' },
  { db: 'd1', auth: 'jwks' },
  { db: 'none', auth: 'jwt' },
  { db: 'none', auth: 'none' },
] as const

type Commands = { subCommands?: Record<string, Commands> | (() => Promise<Record<string, Commands>>) }

describe.each(combinations)('AGENTS.md (--db $db --auth $auth)', (options) => {
  const render = async () => {
    const tree = await renderTemplate(
      serviceTemplate,
      createTemplateContext({ name: 'my-api', pm: 'npm', docs: true, ...options }),
    )
    const guide = tree.get('AGENTS.md')
    if (guide === undefined) throw new Error('no AGENTS.md')
    return {
      tree,
      guide,
      scripts: (JSON.parse(tree.get('package.json') ?? '{}') as { scripts: Record<string, string> }).scripts,
    }
  }

  it('Should name only scripts the service has', async () => {
    const { guide, scripts } = await render()
    const named = [...guide.matchAll(/`npm (?:run ([\w:-]+)|(test))`/g)].map((match) => match[1] ?? match[2] ?? '')
    expect(named.length).toBeGreaterThan(5)
    for (const script of named) expect(Object.keys(scripts), script).toContain(script)
  })

  it('Should name only honoforge commands that exist, and only those this service can run', async () => {
    const { guide } = await render()
    const named = [...guide.matchAll(/`npx honoforge ([\w-]+)(?: ([\w-]+))?/g)].map(
      (match) => [match[1] ?? '', match[2]] as const,
    )
    expect(named.length).toBeGreaterThan(3)
    const subCommands = async (command: Commands | undefined) => {
      const listed = command?.subCommands
      return (typeof listed === 'function' ? await listed() : listed) ?? {}
    }
    const top = await subCommands(honoforgeCommand as Commands)
    // Without a service to look in, gen lists its built-in generators only.
    const generators = await subCommands(top.gen)
    for (const [command, sub] of named) {
      if (command === '--help') continue
      expect(Object.keys(top), command).toContain(command)
      if (command === 'gen') expect(Object.keys(generators), `gen ${sub}`).toContain(sub)
    }
    // Resources and migrations need D1: a service without it is not told to generate them.
    const d1Only = named.filter(([command, sub]) => command === 'gen' && (sub === 'resource' || sub === 'migration'))
    expect(d1Only.length > 0).toBe(options.db === 'd1')
  })

  it('Should point at files the service has', async () => {
    const { guide, tree } = await render()
    const paths = [...guide.matchAll(/`((?:src|test|migrations)\/[\w./-]*?)`/g)].map((match) => match[1] ?? '')
    expect(paths.length).toBeGreaterThan(2)
    for (const path of paths) {
      const exists = path.endsWith('/')
        ? [...tree.keys()].some((file) => file.startsWith(path))
        : tree.has(path) || path.includes('<')
      expect(exists, path).toBe(true)
    }
  })

  it.runIf(options.db === 'd1')('Should list exactly the field types gen resource accepts', async () => {
    const { guide } = await render()
    const listed = /field types: (.+?);/s.exec(guide)?.[1] ?? ''
    const kinds = [...listed.matchAll(/`(\w+)/g)].map((match) => match[1])
    expect(kinds).toEqual([...fieldKinds])
  })
})
