/**
 * `honoforge gen auth`: accounts inside the service. Its tables (one migration per dialect),
 * the password, token, mail and throttling modules, the /auth route module and its tests,
 * and docs/auth.md; wrangler.jsonc gets the AUTH_LIMITER rate-limit binding in every
 * environment. `destroy auth` reverses it all but the migration, which a drop migration follows.
 */
import type { JSONPath } from 'jsonc-parser'
import { GenError } from '../errors.js'
import { generators } from '../generators.js'
import { findGeneration, type Generation } from '../manifest.js'
import { migrationPath, migrationsDir } from '../migrations.js'
import type { GeneratorOutput } from '../pipeline.js'
import type { FileChange } from '../plan.js'
import { authModule, type Project, readRequired, requireDatabase } from '../project.js'
import { readmeEdit } from '../readme.js'
import { type RenderOptions, renderTemplates, type TemplateFile } from '../render.js'
import { configScopes, ensureArrayItem, removeArrayItem, wranglerConfigPath } from '../wrangler-config.js'
import {
  type SigningAlgorithm,
  signingAlgorithms,
  signingEdits,
  signingEditsReversed,
  withPrivateKeySecret,
} from './auth-signing.js'
import { authCleanupJob, authCleanupSchedule } from './cron.js'

/** The rate-limit binding the login and reset routes count attempts with (src/auth/throttle.ts). */
export const authLimiter = 'AUTH_LIMITER'

/** Its window: attempts per key, and the period in seconds they are counted over. */
const authLimit = { limit: 10, period: 60 } as const

/** The tables the migration creates, dependents first (the order a drop needs). */
const authTables = ['auth_tokens', 'auth_sessions', 'users'] as const

export interface AuthArgs {
  /** The refresh token in an HttpOnly cookie for browser clients, instead of in bodies. */
  cookie?: boolean
  /** How access tokens are signed; by default as the recorded run did, else hs256. */
  alg?: string
}

export async function generateAuth(
  project: Project,
  args: AuthArgs = {},
  options: { render?: RenderOptions } = {},
): Promise<GeneratorOutput> {
  const database = requireDatabase(project, 'auth')
  if (!project.auth) {
    throw new GenError(
      'honoforge gen auth issues the bearer tokens that src/middleware/auth.ts verifies, and this service has none ' +
        '(it was created with --auth none). Create the service with --auth jwt to add accounts.',
    )
  }
  const recorded = findGeneration(project.manifest, 'auth', 'auth')
  const alg = signingAlgorithm(args.alg, recorded)
  // The service must verify the tokens it issues: with JWT_SECRET as created, or as an ES256 run
  // left it. A service verifying another issuer's tokens would refuse them.
  const middleware = (await project.read(authModule)) ?? ''
  if (
    !middleware.includes('jwtSecret') &&
    !(recorded?.args.alg === 'es256' && middleware.includes('verifyAccessToken('))
  ) {
    throw new GenError(
      `honoforge gen auth issues tokens that ${authModule} verifies with JWT_SECRET as the service was created, and it ` +
        'does not verify those (it checks tokens from another issuer). Accounts need a service created with --auth jwt.',
    )
  }
  const clash = findGeneration(project.manifest, 'resource', 'users')
  if (clash) {
    throw new GenError('honoforge gen auth creates a users table, and this service has a users resource already.')
  }
  const kept = recorded?.files.find((file) => file.path.startsWith(`${migrationsDir}/`))
  const migration = kept?.path ?? migrationPath(project.migrations, 'create_auth')
  const templates = (generators.auth.templates as readonly TemplateFile[]).filter(
    (file) =>
      (file.database === undefined || file.database === database) && (file.option === undefined || file.option === alg),
  )
  const model = {
    migration,
    postgres: database === 'postgres',
    cookie: Boolean(args.cookie),
    es256: alg === 'es256',
    limiter: authLimit,
  }
  const rendered = await renderTemplates(project.root, 'auth', templates, model, options.render)
  const files = await Promise.all(
    rendered.files.map(async (file) => (file.path === migration ? await keptMigration(project, file) : file)),
  )
  return {
    generator: 'auth',
    name: 'auth',
    files,
    args: { ...(args.cookie ? { cookie: true } : {}), ...(alg === 'es256' ? { alg } : {}) },
    overrides: rendered.overrides,
    edits: [
      {
        path: wranglerConfigPath,
        content: withSigning(withLimiter(await readRequired(project, wranglerConfigPath)), alg),
        edit: true,
      },
      ...(await readmeEdit(project, withReadmeRow)),
      ...(await signingEdits(project, alg)),
    ],
    next: [
      `Apply ${migration} locally with \`npm run db:migrate:local\` (tests apply every migration themselves), then \`npm test\`.`,
      'Before production, read docs/auth.md: wire sendMail to a mail provider and set the rate-limit namespaces.',
      ...(findGeneration(project.manifest, 'cron', authCleanupJob)
        ? []
        : [
            `Delete expired sessions and spent tokens nightly: npx honoforge gen cron ${authCleanupJob} --schedule "${authCleanupSchedule}".`,
          ]),
      ...(alg === 'es256'
        ? [
            'Make a signing key per environment and set it with `wrangler secret put JWT_PRIVATE_KEY` (docs/auth.md: "Signing keys").',
          ]
        : []),
    ],
  }
}

/** A recorded migration stays as it is on disk (it may be applied already); a new one is written once. */
async function keptMigration(project: Project, file: FileChange): Promise<FileChange> {
  const onDisk = await project.read(file.path)
  return { ...file, content: onDisk ?? file.content, once: true }
}

/** The migration `destroy auth` writes: the accounts tables dropped (the same SQL on D1 and Postgres). */
export function dropAuthMigration(project: Project): FileChange {
  requireDatabase(project, 'auth')
  const drops = authTables.map((table) => `DROP TABLE IF EXISTS ${table};`)
  const sql = `-- Drops the accounts tables of honoforge gen auth (destroyed).\n${drops.join('\n')}\n`
  return { path: migrationPath(project.migrations, 'drop_auth'), content: sql, once: true }
}

/**
 * What `destroy auth` edits back: wrangler.jsonc without the AUTH_LIMITER binding in every
 * environment, and the README without its line on the accounts.
 */
export async function authEditsReversed(project: Project): Promise<FileChange[]> {
  const config = withPrivateKeySecret(withoutLimiter(await readRequired(project, wranglerConfigPath)), 'remove')
  return [
    { path: wranglerConfigPath, content: config, edit: true },
    ...(await readmeEdit(project, (source) => source.replace(`${readmeRow}\n`, ''))),
    ...(await signingEditsReversed(project)),
  ]
}

/**
 * The algorithm of this run: as given, else as the recorded run had it, else hs256. A re-run
 * does not switch it: the tokens already issued would stop verifying, and the edits of one
 * algorithm are what `destroy auth` undoes.
 */
function signingAlgorithm(given: string | undefined, recorded: Generation | undefined): SigningAlgorithm {
  const known = (value: unknown): value is SigningAlgorithm => signingAlgorithms.includes(value as SigningAlgorithm)
  if (given !== undefined && !known(given)) {
    throw new GenError(`--alg must be ${signingAlgorithms.join(' or ')}, not "${given}".`)
  }
  if (!recorded) return given ?? 'hs256'
  const before: SigningAlgorithm = recorded.args.alg === 'es256' ? 'es256' : 'hs256'
  if (given !== undefined && given !== before) {
    throw new GenError(
      `This service signs its access tokens ${before.toUpperCase()} (recorded in .honoforge/manifest.json), and a re-run ` +
        `does not switch them to ${given.toUpperCase()}: every token issued so far would stop verifying. To switch, ` +
        `run honoforge destroy auth (a drop migration follows: the accounts are lost), then gen auth --alg ${given}.`,
    )
  }
  return before
}

/** wrangler.jsonc for this algorithm: ES256 needs the JWT_PRIVATE_KEY secret. */
function withSigning(config: string, alg: SigningAlgorithm): string {
  return alg === 'es256' ? withPrivateKeySecret(config, 'add') : config
}

/** The README's line on the accounts, in its "Where things live" table. */
const readmeRow =
  '| `src/auth/`, `docs/auth.md` | accounts (`honoforge gen auth`): passwords, tokens, sessions, mail, throttling; ' +
  'docs/auth.md says what is stored, for how long, and what to configure before production |'

/** The accounts' line after the last row of the "Where things live" table, else at the end. */
function withReadmeRow(source: string): string {
  if (source.includes(readmeRow)) return source
  const lines = source.split('\n')
  const heading = lines.indexOf('## Where things live')
  const tableStart = heading === -1 ? -1 : lines.findIndex((line, index) => index > heading && line.startsWith('|'))
  if (tableStart === -1) return `${source.trimEnd()}\n\n${readmeRow}\n`
  let end = tableStart
  while (lines[end]?.startsWith('|')) end++
  return [...lines.slice(0, end), readmeRow, ...lines.slice(end)].join('\n')
}
/** The limiter in every environment, each with a namespace of its own (so counts never mix). */
function withLimiter(source: string): string {
  return configScopes(source).reduce(
    (config, scope, index) =>
      ensureArrayItem(config, [...scope, 'ratelimits'], 'name', {
        name: authLimiter,
        namespace_id: String(2001 + index),
        simple: { ...authLimit },
      }),
    source,
  )
}

function withoutLimiter(source: string): string {
  return configScopes(source).reduce(
    (config, scope: JSONPath) => removeArrayItem(config, [...scope, 'ratelimits'], 'name', authLimiter),
    source,
  )
}
