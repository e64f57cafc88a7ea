/**
 * What `gen auth --alg es256` changes in files the service was created with, and what
 * `destroy auth` changes back: requireAuth verifies ES256 tokens by `kid` (src/auth/signing-keys.ts)
 * instead of HS256 with JWT_SECRET, the tests' `token()` signs like the service, each test run
 * gets keys of its own, and .dev.vars gets a key made for this machine (wrangler.jsonc's
 * JWT_PRIVATE_KEY secret joins auth.ts's edit of that file). Source edits are exact text
 * replacements: a file that no longer has the text is refused, naming what to restore.
 */
import { GenError } from '../errors.js'
import type { FileChange } from '../plan.js'
import { authModule, type Project } from '../project.js'
import { configScopes, ensureArrayString, removeArrayString } from '../wrangler-config.js'

/** How access tokens are signed: HS256 with JWT_SECRET (the default), or ES256 with JWT_PRIVATE_KEY. */
export const signingAlgorithms = ['hs256', 'es256'] as const
export type SigningAlgorithm = (typeof signingAlgorithms)[number]

/** An edit of a source file: exact replacements, and the text that shows they were made. */
interface SourceEdit {
  path: string
  marker: string
  replacements: [created: string, es256: string][]
  /** The reverse of replacements the formatter may have laid out differently. */
  undo?: (source: string) => string
}

/** The JWT_SECRET the created vitest.config.ts gives the tests. */
const testSecret = "'test-secret-that-is-at-least-32-characters-long'"

const sourceEdits: SourceEdit[] = [
  {
    path: authModule,
    marker: 'verifyAccessToken(',
    replacements: [
      [
        "import { createMiddleware } from 'hono/factory'\nimport { verify } from 'hono/jwt'\n",
        "import { createMiddleware } from 'hono/factory'\n",
      ],
      [
        "import type { AppEnv } from '../env'\n",
        "import { verifyAccessToken } from '../auth/signing-keys'\nimport type { AppEnv } from '../env'\n",
      ],
      [
        ' * Requires a bearer JWT signed with HS256 and the JWT_SECRET secret. The\n' +
          ' * algorithm is pinned, so `alg: none` and algorithm-swap tokens fail; `exp`\n' +
          ' * and `nbf` are enforced. Sets `c.var.user`.\n',
        " * Requires a bearer JWT signed with ES256 by one of the service's own keys, the one its `kid`\n" +
          ' * names (src/auth/signing-keys.ts). The algorithm is pinned, so HS256, `alg: none` and\n' +
          ' * algorithm-swap tokens fail; `exp` and `nbf` are enforced. Sets `c.var.user`.\n',
      ],
      [
        '    let claims: Record<string, unknown>\n    try {\n' +
          "      claims = await verify(token, c.var.config.jwtSecret, 'HS256')\n" +
          "    } catch {\n      throw unauthorized('The token is invalid or expired', 'invalid_token')\n    }\n",
        '    const claims = await verifyAccessToken(token, c.env)\n' +
          "    if (!claims) throw unauthorized('The token is invalid or expired', 'invalid_token')\n",
      ],
    ],
  },
  {
    path: 'test/helpers.ts',
    marker: 'JWT_PRIVATE_KEY',
    replacements: [
      [
        '/** A token signed with the test secret; claims override the defaults. */',
        '/** A token signed as the service signs access tokens (ES256, JWT_PRIVATE_KEY); claims override the defaults. */',
      ],
      ["env.JWT_SECRET, 'HS256')", "JSON.parse(env.JWT_PRIVATE_KEY), 'ES256')"],
    ],
  },
  {
    path: 'vitest.config.ts',
    marker: 'signingKeyBindings',
    replacements: [
      [
        "import { defineConfig } from 'vitest/config'\n",
        "import { defineConfig } from 'vitest/config'\nimport { signingKeyBindings } from './test/auth-signing-keys'\n",
      ],
      [`JWT_SECRET: ${testSecret}`, `JWT_SECRET: ${testSecret}, ...signingKeyBindings`],
    ],
    // The formatter puts the spread on a line of its own inside a multi-line object.
    undo: (source) =>
      source
        .replace("import { signingKeyBindings } from './test/auth-signing-keys'\n", '')
        .replace(/,\s*\.\.\.signingKeyBindings/, ''),
  },
]

/** The edits `gen auth --alg es256` makes to files of the created service (none for hs256). */
export async function signingEdits(project: Project, alg: SigningAlgorithm): Promise<FileChange[]> {
  if (alg !== 'es256') return []
  const changes: FileChange[] = []
  for (const spec of sourceEdits) {
    const source = await project.read(spec.path)
    if (source === undefined || source.includes(spec.marker)) continue
    const missing = spec.replacements.find(([created]) => !source.includes(created))
    if (missing) {
      throw new GenError(
        `honoforge gen auth --alg es256 edits ${spec.path}, which no longer has the lines it replaces:\n${missing[0]}\n` +
          'Restore them (as the service was created) and run the command again.',
      )
    }
    const content = spec.replacements.reduce((text, [created, es256]) => text.replace(created, es256), source)
    changes.push({ path: spec.path, content, edit: true })
  }
  changes.push(...(await configEdits(project, 'add')))
  return changes
}

/** What `destroy auth` edits back in a service whose tokens were ES256. */
export async function signingEditsReversed(project: Project): Promise<FileChange[]> {
  const changes: FileChange[] = []
  for (const spec of sourceEdits) {
    const source = await project.read(spec.path)
    if (source === undefined || !source.includes(spec.marker)) continue
    const undo =
      spec.undo ??
      ((text: string) => spec.replacements.reduce((t, [created, es256]) => t.replace(es256, created), text))
    changes.push({ path: spec.path, content: undo(source), edit: true })
  }
  changes.push(...(await configEdits(project, 'remove')))
  return changes
}

/** wrangler.jsonc requiring (`add`) or no longer requiring the JWT_PRIVATE_KEY secret, in every environment. */
export function withPrivateKeySecret(config: string, mode: 'add' | 'remove'): string {
  return configScopes(config).reduce(
    (source, scope) =>
      mode === 'add'
        ? ensureArrayString(source, [...scope, 'secrets', 'required'], 'JWT_PRIVATE_KEY')
        : removeArrayString(source, [...scope, 'secrets', 'required'], 'JWT_PRIVATE_KEY'),
    config,
  )
}

/** The lines each local-settings file gets: a key made for this machine, and a placeholder. */
const keyLines = [
  {
    path: '.dev.vars',
    lines: async () =>
      `# Signs the access tokens (docs/auth.md: "Signing keys"); generated for this machine.\n` +
      `JWT_PRIVATE_KEY='${JSON.stringify(await newSigningKey())}'\n`,
    added:
      /# Signs the access tokens \(docs\/auth\.md: "Signing keys"\); generated for this machine\.\nJWT_PRIVATE_KEY='[^'\n]*'\n/,
  },
  {
    path: '.dev.vars.example',
    lines: async () =>
      '# The private P-256 JWK that signs the access tokens, on one line: docs/auth.md, "Signing keys".\n' +
      "JWT_PRIVATE_KEY=''\n",
    added:
      /# The private P-256 JWK that signs the access tokens, on one line: docs\/auth\.md, "Signing keys"\.\nJWT_PRIVATE_KEY=''\n/,
  },
]

/** The local key in .dev.vars and its placeholder in .dev.vars.example, appended once, or taken out. */
async function configEdits(project: Project, mode: 'add' | 'remove'): Promise<FileChange[]> {
  const changes: FileChange[] = []
  for (const { path, lines, added } of keyLines) {
    const source = await project.read(path)
    if (source === undefined) continue
    const content =
      mode === 'remove'
        ? source.replace(added, '')
        : source.includes('JWT_PRIVATE_KEY=')
          ? source
          : source + (await lines())
    if (content !== source) changes.push({ path, content, edit: true })
  }
  return changes
}

/** A fresh private P-256 JWK for ES256, with a random `kid`. */
export async function newSigningKey(): Promise<Record<string, string>> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])
  const { kty, crv, x, y, d } = await crypto.subtle.exportKey('jwk', pair.privateKey)
  return {
    kty: kty ?? 'EC',
    crv: crv ?? 'P-256',
    x: x ?? '',
    y: y ?? '',
    d: d ?? '',
    kid: crypto.randomUUID(),
    alg: 'ES256',
  }
}
