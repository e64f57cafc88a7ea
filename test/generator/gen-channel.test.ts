import { afterEach, describe, expect, it } from 'vitest'
import { removeValue } from '../../src/gen/wrangler-config.js'
import { wranglerConfig as configOf, expectDryRunThenNoOp, expectRefusal, syntaxErrors } from './gen-assertions.js'
import { createProject, recordOf, type TestProject } from './gen-project.js'

let project: TestProject | undefined
afterEach(async () => {
  await project?.remove()
  project = undefined
})

/** The parts of wrangler.jsonc a channel touches, per scope. */
interface Scope {
  vars?: Record<string, string>
  durable_objects?: { bindings: Array<{ name: string; class_name: string }> }
  migrations?: Array<Record<string, unknown>>
}
type Config = Scope & { env: Record<string, Scope> }

const wranglerConfig = (service: TestProject) => configOf<Config>(service)

/** The config's scopes: the top level, then each environment. */
const scopes = (config: Config): Scope[] => [config, ...Object.values(config.env)]

const channelFiles = [
  'docs/channels/chat.md',
  'src/channels/chat/channel.ts',
  'src/channels/chat/messages.ts',
  'src/routes/channels/chat/index.ts',
  'test/chat-channel.test.ts',
]

describe('honoforge gen channel', () => {
  it('Should write the channel, wire its route, export its class and declare it in every scope', async () => {
    project = await createProject()
    const readmeBefore = await project.read('README.md')
    const result = await project.run('gen', 'channel', 'chat')
    expect(result.code, result.stderr).toBe(0)
    const record = await recordOf(project, 'chat')
    expect(record.generator).toBe('channel')
    expect(record.files.map((file: { path: string }) => file.path).sort()).toEqual(channelFiles)
    expect(record.args).toEqual({ public: false })
    for (const path of channelFiles.filter((file) => file.endsWith('.ts'))) {
      expect(syntaxErrors(path, await project.read(path)), path).toEqual([])
    }
    expect(await project.read('src/channels/chat/channel.ts')).toContain('export class ChatChannel ')
    expect(await project.read('src/routes/channels/chat/index.ts')).toContain('export const chatChannel ')

    const routes = await project.read('src/routes/index.ts')
    expect(routes).toContain("import { chatChannel } from './channels/chat'\n")
    expect(routes).toContain("  app.route('/channels/chat', chatChannel)\n")
    expect(await project.read('src/index.ts')).toMatch(
      /\nexport default createApp\(\)\n\nexport \{ ChatChannel \} from '\.\/channels\/chat\/channel'\n$/,
    )

    const config = await wranglerConfig(project)
    for (const scope of scopes(config)) {
      expect(scope.durable_objects?.bindings).toEqual([{ name: 'CHAT_CHANNEL', class_name: 'ChatChannel' }])
      expect(scope.vars?.CHAT_CHANNEL_IDLE_TIMEOUT_MS).toBe('60000')
      expect(scope.vars?.CORS_ORIGINS).toEqual(expect.any(String))
    }
    expect(config.migrations).toEqual([{ tag: 'chat-channel-v1', new_sqlite_classes: ['ChatChannel'] }])
    // Environments without migrations of their own inherit the top level's.
    for (const env of Object.values(config.env)) expect(env.migrations).toBeUndefined()

    // The section the channel's README template renders, under a heading of its own at the end.
    const readme = await project.read('README.md')
    expect(readme.startsWith(readmeBefore)).toBe(true)
    expect(readme.slice(readmeBefore.length)).toMatch(/^\n## Realtime channels\n\n\S[\s\S]*\n$/)
    expect(await project.read('public/openapi.json')).toBe(await project.fullOpenApi())
    expect(project.typegenRuns()).toBe(1)
  })

  it('Should need neither a database nor auth, and record --public', async () => {
    project = await createProject({ db: 'none', auth: 'none' })
    const result = await project.run('gen', 'channel', 'ChatRoom', '--public')
    expect(result.code, result.stderr).toBe(0)
    expect((await recordOf(project, 'chat-room')).args).toEqual({ public: true })
    expect(await project.read('src/index.ts')).toContain(
      "export { ChatRoomChannel } from './channels/chat-room/channel'",
    )
    const config = await wranglerConfig(project)
    for (const scope of scopes(config)) {
      expect(scope.durable_objects?.bindings).toEqual([{ name: 'CHAT_ROOM_CHANNEL', class_name: 'ChatRoomChannel' }])
      expect(scope.vars?.CHAT_ROOM_CHANNEL_IDLE_TIMEOUT_MS).toBe('60000')
    }
    expect(await project.exists('src/routes/channels/chat-room/index.ts')).toBe(true)
  })

  it('Should change nothing when run again, and print the plan without writing on --dry-run', async () => {
    project = await createProject()
    await expectDryRunThenNoOp(
      project,
      ['gen', 'channel', 'chat'],
      ['create     src/channels/chat/channel.ts', 'update     wrangler.jsonc', 'update     src/index.ts'],
    )
  })

  it('Should add a second channel beside the first, and destroy one leaving the other', async () => {
    project = await createProject()
    expect((await project.run('gen', 'channel', 'chat')).code).toBe(0)
    const withChat = await project.snapshot()
    const readmeWithChat = await project.read('README.md')
    expect((await project.run('gen', 'channel', 'lobby')).code).toBe(0)
    expect(await project.read('src/index.ts')).toMatch(
      /export \{ ChatChannel \} from '\.\/channels\/chat\/channel'\nexport \{ LobbyChannel \} from '\.\/channels\/lobby\/channel'\n$/,
    )
    const readme = await project.read('README.md')
    expect(readme.match(/## Realtime channels/g)).toHaveLength(1)
    expect(readme.startsWith(readmeWithChat)).toBe(true)
    expect(readme.length).toBeGreaterThan(readmeWithChat.length)

    const destroyed = await project.run('destroy', 'channel', 'lobby')
    expect(destroyed.code, destroyed.stderr).toBe(0)
    expect(await project.read('README.md')).toBe(readmeWithChat)
    const after = await project.snapshot()
    const changed = Object.keys({ ...withChat, ...after }).filter((path) => withChat[path] !== after[path])
    expect(changed).toEqual(['.honoforge/base.json', 'wrangler.jsonc'])
    const config = await wranglerConfig(project)
    for (const scope of scopes(config))
      expect(scope.durable_objects?.bindings.map((b) => b.name)).toEqual(['CHAT_CHANNEL'])
    expect(config.migrations?.map((entry) => entry.tag)).toEqual([
      'chat-channel-v1',
      'lobby-channel-v1',
      'lobby-channel-v2',
    ])
  })
})

/** A preparation adding a top-level member to the service's wrangler.jsonc, after "main". */
function withConfigMember(member: string) {
  return async (service: TestProject) => {
    const main = '"main": "src/index.ts",'
    await service.write('wrangler.jsonc', (await service.read('wrangler.jsonc')).replace(main, `${main}\n  ${member},`))
  }
}

describe('honoforge gen channel refuses, writing nothing', () => {
  const refusals: Array<[string, (service: TestProject) => Promise<void>, string[], RegExp]> = [
    ['a name that is not one', async () => {}, ['gen', 'channel', '1-chat'], /Invalid channel name/],
    ['a reserved word', async () => {}, ['gen', 'channel', 'class'], /reserved word/],
    [
      'a name the Worker entry imports',
      async () => {},
      ['gen', 'channel', 'create-app'],
      /already imports "createApp"/,
    ],
    ['a second name', async () => {}, ['gen', 'channel', 'chat', 'lobby'], /give one channel name/],
    [
      'a route module mounted at its path',
      async (service) => {
        const routes = await service.read('src/routes/index.ts')
        await service.write(
          'src/routes/index.ts',
          routes
            .replace(
              "import { docs } from './docs'\n",
              "import { docs } from './docs'\nimport { rooms } from './rooms'\n",
            )
            .replace(
              "  app.route('/', docs)\n",
              "  app.route('/', docs)\n  app.route('/channels/chat/rooms', rooms)\n",
            ),
        )
      },
      ['gen', 'channel', 'chat'],
      /mounts "rooms" at '\/channels\/chat\/rooms'/,
    ],
    [
      'Durable Objects declared in "exports"',
      withConfigMember('"exports": { "Counter": { "type": "durable-object", "storage": "sqlite" } }'),
      ['gen', 'channel', 'chat'],
      /declares Durable Object classes in "exports"/,
    ],
    [
      'its binding declared by hand',
      withConfigMember('"durable_objects": { "bindings": [{ "name": "CHAT_CHANNEL", "class_name": "Chat" }] }'),
      ['gen', 'channel', 'chat'],
      /already binds CHAT_CHANNEL to the class Chat/,
    ],
    [
      'a Worker entry without its default export line',
      async (service) => {
        await service.write(
          'src/index.ts',
          "import { createApp } from './app'\n\nconst app = createApp()\nexport default app\n",
        )
      },
      ['gen', 'channel', 'chat'],
      /src\/index.ts: cannot find the line "export default createApp\(\)"/,
    ],
  ]

  it.each(refusals)('Should refuse %s', async (_, prepare, args, message) => {
    project = await createProject()
    await prepare(project)
    await expectRefusal(project, args, message)
  })
})

describe('honoforge destroy channel', () => {
  it('Should restore every file but wrangler.jsonc, which keeps the class migration and gains its deletion', async () => {
    project = await createProject()
    const before = await project.snapshot()
    const config = await project.read('wrangler.jsonc')
    expect((await project.run('gen', 'channel', 'chat')).code).toBe(0)
    const result = await project.run('destroy', 'channel', 'chat')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('delete     src/channels/chat/channel.ts')
    expect(project.typegenRuns()).toBe(2)

    const after = await project.snapshot()
    const changed = Object.keys({ ...before, ...after }).filter((path) => before[path] !== after[path])
    expect(changed).toEqual(['.honoforge/base.json', 'wrangler.jsonc'])
    expect((await wranglerConfig(project)).migrations).toEqual([
      { tag: 'chat-channel-v1', new_sqlite_classes: ['ChatChannel'] },
      { tag: 'chat-channel-v2', deleted_classes: ['ChatChannel'] },
    ])
    expect(removeValue(await project.read('wrangler.jsonc'), ['migrations'])).toBe(config)
  })

  it('Should number the tags on: gen → destroy → gen → destroy gives v1 to v4', async () => {
    project = await createProject()
    for (const command of ['gen', 'destroy', 'gen']) {
      const result = await project.run(command, 'channel', 'chat')
      expect(result.code, `${command}: ${result.stderr}`).toBe(0)
    }
    const config = await wranglerConfig(project)
    for (const scope of scopes(config)) expect(scope.durable_objects?.bindings).toHaveLength(1)
    expect(await project.read('src/index.ts')).toContain("export { ChatChannel } from './channels/chat/channel'")
    expect((await project.run('destroy', 'channel', 'chat')).code).toBe(0)
    expect((await wranglerConfig(project)).migrations).toEqual([
      { tag: 'chat-channel-v1', new_sqlite_classes: ['ChatChannel'] },
      { tag: 'chat-channel-v2', deleted_classes: ['ChatChannel'] },
      { tag: 'chat-channel-v3', new_sqlite_classes: ['ChatChannel'] },
      { tag: 'chat-channel-v4', deleted_classes: ['ChatChannel'] },
    ])
  })

  it('Should add the export line to a Worker entry written before channels existed', async () => {
    project = await createProject()
    const old = "/**\n * Worker entry point.\n */\nimport { createApp } from './app'\n\nexport default createApp()\n"
    await project.write('src/index.ts', old)
    expect((await project.run('gen', 'channel', 'chat')).code).toBe(0)
    expect(await project.read('src/index.ts')).toBe(`${old}\nexport { ChatChannel } from './channels/chat/channel'\n`)
    expect((await project.run('destroy', 'channel', 'chat')).code).toBe(0)
    expect(await project.read('src/index.ts')).toBe(old)
  })
})
