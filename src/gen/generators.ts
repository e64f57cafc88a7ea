/**
 * Every generator described once, as data: what it is for, its templates, the inputs those
 * templates receive, the name a run is recorded under, and the route module it wires in.
 * The commands, `destroy` and `eject` all read this table instead of branching on names.
 */
import type { GeneratorKind, JsonValue } from './manifest.js'
import { inferMigration } from './migrations.js'
import { inflect, moduleName } from './names.js'
import type { RegistryEntry } from './registry.js'
import type { TemplateFile } from './render.js'

/** How a generated route module is wired into the service. */
export interface Wiring {
  /** Its line in `src/routes/index.ts`. */
  route: RegistryEntry
  /** Further route modules of the same run, each with its own line (gen auth --alg es256: /.well-known). */
  also?: readonly RegistryEntry[]
}

export interface GeneratorDescriptor {
  /** One line, for `--help`. */
  description: string
  /** Files under `generator/<generator>/` and the project paths they render to. */
  templates: readonly TemplateFile[]
  /** The data the templates receive, listed by `honoforge eject` for override authors. */
  inputs: Readonly<Record<string, string>>
  /** The name a run is recorded under in the manifest, from the name as typed (`Post` → `posts`). */
  recordName: (input: string) => string
  /** The route module it mounts in the app, if any, from the recorded name and arguments. */
  wiring?: (recordName: string, args: { readonly [key: string]: JsonValue }) => Wiring | undefined
  /** What one run gives the `shared` templates (an item of their `runs`), from its recorded name and arguments. */
  runInputs?: (recordName: string, args: { readonly [key: string]: JsonValue }) => object
}

export const generators = {
  resource: {
    description:
      'CRUD for a database table (D1 or Postgres): migration, schemas, data access, documented handlers, tests',
    templates: [
      { template: 'schema.ts.hbs', output: 'src/routes/{{resource.kebab}}/schema.ts' },
      { template: 'db.ts.hbs', output: 'src/routes/{{resource.kebab}}/db.ts', database: 'd1' },
      { template: 'db.postgres.ts.hbs', output: 'src/routes/{{resource.kebab}}/db.ts', database: 'postgres' },
      { template: 'index.ts.hbs', output: 'src/routes/{{resource.kebab}}/index.ts' },
      { template: 'test.ts.hbs', output: 'test/{{resource.kebab}}.test.ts' },
    ],
    inputs: {
      resource:
        'names: singular, plural, pascal, pascalPlural, camel, camelPlural, snake (table), kebab (path), a ("an author"), Plural',
      protected: 'true when the routes require a token (the service has auth and --public was not given)',
      scope: 'the scope (--scope) that POST, PATCH and DELETE need through requireScope, or empty',
      postgres:
        'true when the service reaches Postgres through postgres.js (db.postgres.ts.hbs), false on D1 (db.ts.hbs)',
      fields: 'name, zod.input, zod.output, fromRow (the API value from a row) per field',
      db: 'client (how handlers reach the database), rowType, conversions, conversionNote, updatable, insertPrepare, insertBind (D1), insertRow (Postgres): snippets of db.ts and index.ts',
      openapi: 'conflict: the description of the 409, or empty; example: a request body, as source',
      filters:
        'list filters: schema (name, zod per query parameter), columns (the filterable map of db.ts), tests (see src/gen/resource-filters.ts)',
      test: 'fixtures, sample bodies and flags of the test file (see src/gen/resource-model.ts)',
    },
    recordName: (input) => inflect(input).snake,
    wiring: (name) => {
      const resource = inflect(name)
      return {
        route: { name: resource.camelPlural, from: `./${resource.kebab}`, mount: `/${resource.kebab}` },
      }
    },
  },
  endpoint: {
    description: 'One typed, documented handler with its param/query/body extractors and a test',
    templates: [
      { template: 'schema.ts.hbs', output: 'src/routes/{{endpoint.kebab}}/schema.ts' },
      { template: 'handler.ts.hbs', output: 'src/routes/{{endpoint.kebab}}/index.ts' },
      { template: 'test.ts.hbs', output: 'test/{{endpoint.kebab}}.test.ts' },
    ],
    inputs: {
      endpoint: 'names: words, kebab, camel, pascal',
      method: 'get, post, put, patch or delete (and METHOD in capitals)',
      path: 'the route path in Hono syntax: /books/:id/publish',
      routePath: 'the path the module registers: relative to the resource it is mounted in (under), else path',
      under: 'names of the resource whose router mounts the endpoint, when path lies under it',
      protected: 'true when the route requires a token',
      params: 'name, zod per path parameter; query, body: name, zod, output per field',
      test: 'sample request and expected response, invalid inputs (see src/gen/endpoint-model.ts)',
    },
    recordName: (input) => moduleName(input, 'endpoint name').kebab,
    // Under a resource's path, the resource's router mounts it (src/gen/resource-endpoints.ts);
    // elsewhere the app does, at the root: the handler registers its full path.
    wiring: (name, args) => {
      if (args.under !== undefined) return undefined
      const endpoint = moduleName(name, 'endpoint name')
      return { route: { name: endpoint.camel, from: `./${endpoint.kebab}`, mount: '/' } }
    },
  },
  migration: {
    description:
      'The next numbered migration (D1 or Postgres SQL); create_<table> and add_<columns>_to_<table> get their SQL',
    // No templates: the SQL follows from the field types (src/gen/migrations.ts).
    templates: [],
    inputs: {},
    recordName: (input) => inferMigration(input).name,
  },
  middleware: {
    description: 'A typed middleware module with its test, ready to mount',
    templates: [
      { template: 'middleware.ts.hbs', output: 'src/middleware/{{middleware.kebab}}.ts' },
      { template: 'test.ts.hbs', output: 'test/middleware/{{middleware.kebab}}.test.ts' },
    ],
    inputs: { middleware: 'names: words, kebab, camel, pascal, Words (capitalized)' },
    recordName: (input) => moduleName(input, 'middleware name').kebab,
  },
  auth: {
    description: 'Accounts: register, login, rotating refresh tokens, email verification, password reset, with tests',
    templates: [
      { template: 'migration.sql.hbs', output: '{{migration}}', database: 'd1' },
      { template: 'migration.postgres.sql.hbs', output: '{{migration}}', database: 'postgres' },
      { template: 'password.ts.hbs', output: 'src/auth/password.ts' },
      { template: 'tokens.ts.hbs', output: 'src/auth/tokens.ts' },
      { template: 'signing-keys.ts.hbs', output: 'src/auth/signing-keys.ts', option: 'es256' },
      { template: 'mail.ts.hbs', output: 'src/auth/mail.ts' },
      { template: 'throttle.ts.hbs', output: 'src/auth/throttle.ts' },
      { template: 'session.ts.hbs', output: 'src/auth/session.ts' },
      { template: 'store.ts.hbs', output: 'src/auth/store.ts', database: 'd1' },
      { template: 'store.postgres.ts.hbs', output: 'src/auth/store.ts', database: 'postgres' },
      { template: 'schema.ts.hbs', output: 'src/routes/auth/schema.ts' },
      { template: 'index.ts.hbs', output: 'src/routes/auth/index.ts' },
      { template: 'email.ts.hbs', output: 'src/routes/auth/email.ts' },
      { template: 'well-known.ts.hbs', output: 'src/routes/well-known/index.ts', option: 'es256' },
      { template: 'docs.md.hbs', output: 'docs/auth.md' },
      { template: 'test-helpers.ts.hbs', output: 'test/auth-helpers.ts' },
      { template: 'test-accounts.ts.hbs', output: 'test/auth-accounts.test.ts' },
      { template: 'test-attacks.ts.hbs', output: 'test/auth-attacks.test.ts' },
      { template: 'test-signing-keys.ts.hbs', output: 'test/auth-signing-keys.ts', option: 'es256' },
      { template: 'test-jwks.ts.hbs', output: 'test/auth-jwks.test.ts', option: 'es256' },
    ],
    inputs: {
      migration: 'the path of the migration creating the tables: migrations/NNNN_create_auth.sql',
      postgres: 'true when the service reaches Postgres through postgres.js, false on D1',
      cookie:
        'true with --cookie: the refresh token travels in an HttpOnly cookie, and the routes reading it check Origin',
      es256:
        'true with --alg es256: access tokens are signed ES256 with JWT_PRIVATE_KEY, and /.well-known/jwks.json publishes the public keys',
      limiter: "AUTH_LIMITER's window as wrangler.jsonc sets it: { limit, period } (attempts per key, seconds)",
    },
    // One set of accounts per service: whatever was typed, the run is recorded as `auth`.
    recordName: () => 'auth',
    wiring: (_name, args) => ({
      route: { name: 'auth', from: './auth', mount: '/auth' },
      also: args.alg === 'es256' ? [{ name: 'wellKnown', from: './well-known', mount: '/.well-known' }] : [],
    }),
  },
  channel: {
    description:
      'A WebSocket channel on a hibernating Durable Object: rooms, presence, heartbeats, dead-socket cleanup, with tests',
    templates: [
      { template: 'channel.ts.hbs', output: 'src/channels/{{channel.kebab}}/channel.ts' },
      { template: 'messages.ts.hbs', output: 'src/channels/{{channel.kebab}}/messages.ts' },
      { template: 'route.ts.hbs', output: 'src/routes/channels/{{channel.kebab}}/index.ts' },
      { template: 'test.ts.hbs', output: 'test/{{channel.kebab}}-channel.test.ts' },
      { template: 'docs.md.hbs', output: 'docs/channels/{{channel.kebab}}.md' },
      { template: 'readme.md.hbs', output: 'README.md', section: true },
    ],
    inputs: {
      channel: 'names: words, kebab, camel, pascal',
      className: 'the Durable Object class: ChatChannel',
      binding: 'its binding in wrangler.jsonc: CHAT_CHANNEL',
      idleVar: 'the var holding the idle grace in milliseconds: CHAT_CHANNEL_IDLE_TIMEOUT_MS',
      mount: 'the path the route module is mounted at: /channels/chat',
      protected: 'true when upgrading requires a token (the service has auth and --public was not given)',
    },
    recordName: (input) => moduleName(input, 'channel name').kebab,
    wiring: (name) => {
      const channel = moduleName(name, 'channel name')
      return {
        route: {
          name: `${channel.camel}Channel`,
          from: `./channels/${channel.kebab}`,
          mount: `/channels/${channel.kebab}`,
        },
      }
    },
  },
  cron: {
    description: 'A scheduled job run by a Cron Trigger (UTC), logged per run, with a workerd test',
    templates: [
      { template: 'job.ts.hbs', output: 'src/crons/{{job.kebab}}.ts', option: 'job' },
      { template: 'test.ts.hbs', output: 'test/{{job.kebab}}-cron.test.ts', option: 'job' },
      { template: 'auth-cleanup.ts.hbs', output: 'src/crons/{{job.kebab}}.ts', option: 'auth-cleanup' },
      { template: 'auth-cleanup-test.ts.hbs', output: 'test/{{job.kebab}}-cron.test.ts', option: 'auth-cleanup' },
      { template: 'readme.md.hbs', output: 'README.md', section: true },
      { template: 'index.ts.hbs', output: 'src/crons/index.ts', shared: true },
      { template: 'run-job.ts.hbs', output: 'src/crons/run-job.ts', shared: true },
      { template: 'crons-test.ts.hbs', output: 'test/crons.test.ts', shared: true },
    ],
    inputs: {
      job: 'names: words, kebab, camel, pascal (the shared index.ts.hbs gets runs: one { job } per recorded job)',
      schedule: 'the cron expression as wrangler.jsonc lists it: 0 3 * * *',
      weekdays: 'true when the day-of-week field is not *, so the 1 = Sunday numbering is worth a word',
      cronQuery: "the expression as wrangler dev's /cdn-cgi/handler/scheduled?cron= parameter: 0+3+*+*+*",
      d1: 'true on D1',
      postgres: 'true on Postgres (auth-cleanup.ts.hbs reaches it through withDatabase from src/lib/db.ts)',
    },
    // auth-cleanup is the accounts' cleanup job (auth-cleanup.ts.hbs); every other name gets job.ts.hbs.
    recordName: (input) => moduleName(input, 'cron job name').kebab,
    runInputs: (name) => ({ job: moduleName(name, 'cron job name') }),
  },
  queue: {
    description:
      'A queue: a typed message and send<Name>, a consumer that retries with backoff and dead-letters, tests',
    templates: [
      { template: 'message.ts.hbs', output: 'src/queues/{{queue.kebab}}/message.ts' },
      { template: 'consumer.ts.hbs', output: 'src/queues/{{queue.kebab}}/consumer.ts' },
      { template: 'test.ts.hbs', output: 'test/{{queue.kebab}}-queue.test.ts' },
      { template: 'readme.md.hbs', output: 'README.md', section: true },
      { template: 'index.ts.hbs', output: 'src/queues/index.ts', shared: true },
      { template: 'consume.ts.hbs', output: 'src/queues/consume.ts', shared: true },
      { template: 'queues-test.ts.hbs', output: 'test/queues.test.ts', shared: true },
    ],
    inputs: {
      queue: 'names: words, kebab, camel, pascal',
      binding: 'its producer binding: WELCOME_EMAILS_QUEUE',
      deadLetterBinding: "its dead-letter queue's producer binding: WELCOME_EMAILS_DLQ",
      kebab: 'the last part of its name in every scope: welcome-emails',
      queueName: 'its name at the top level of wrangler.jsonc (local development and tests): my-api-welcome-emails',
      queueNames: 'its name in every scope, the top level first',
      deployedQueues: 'the queues and dead-letter queues of the environments, to create before deploying',
      batch: 'size, timeout, localTimeout (seconds), retries, deliveries: how the consumer takes its batches',
      postgres: 'true when the service reaches Postgres through postgres.js',
      d1: 'true on D1',
      runs: 'shared templates (index.ts, consume.ts, queues-test.ts) only: { queue } per recorded queue, by name',
    },
    recordName: (input) => moduleName(input, 'queue name').kebab,
    runInputs: (name) => ({ queue: moduleName(name, 'queue name') }),
  },
} as const satisfies Record<GeneratorKind, GeneratorDescriptor>
