import type { PackageManager } from './package-manager.js'
import type { FileTree } from './render.js'

export const dbChoices = ['d1', 'postgres', 'none'] as const
export type Db = (typeof dbChoices)[number]

export const authChoices = ['jwt', 'jwks', 'none'] as const
export type Auth = (typeof authChoices)[number]

/**
 * The Workers compatibility date written into generated services. One constant, bumped
 * deliberately with each release after the template's tests pass against it.
 */
export const compatibilityDate = '2026-11-01'

/** The values every template file is rendered with (`{{name}}`, `{{#if d1}}`, ...). */
export interface TemplateContext {
  /** Worker and package name, already validated. */
  name: string
  db: Db
  auth: Auth
  /** Whether the service serves its OpenAPI document at /docs. */
  docs: boolean
  pm: PackageManager
  /** Shorthand for `db === 'd1'`. */
  d1: boolean
  /** Shorthand for `db === 'postgres'`. */
  postgres: boolean
  /** Whether the service has a database at all. */
  database: boolean
  /** Whether protected routes require a bearer token: `jwt` or `jwks`. */
  hasAuth: boolean
  /** Shorthand for `auth === 'jwt'`: tokens signed with HS256 and the JWT_SECRET secret. */
  jwt: boolean
  /** Shorthand for `auth === 'jwks'`: tokens from an identity provider, checked against its JWKS. */
  jwks: boolean
  /** This package's version, so a generated service records what made it. */
  honoforgeVersion: string
  /** The service's create-honoforge devDependency spec: `^<version>`, or `file:<honoforgeTarball>`. */
  honoforgeDependency: string
  /** Service-relative path of the vendored create-honoforge tarball; absent for a registry release. */
  honoforgeTarball?: string
  /** 32 random bytes as hex: the local-only JWT secret written to `.dev.vars`. */
  jwtSecret: string
  compatibilityDate: string
  /** The field types of `honoforge gen resource`, formatted for the service's guides. */
  fieldTypes: string
}

/** A group of files that exists only when an option selects it. */
export interface TemplateFeature {
  name: string
  /** Whether the feature is part of the project being generated. */
  when: (context: TemplateContext) => boolean
  /**
   * Output-relative paths (after `.hbs` is dropped and `_` becomes `.`). A path ending with
   * `/` is a directory prefix; any other path must equal a file's path. Every entry must
   * match at least one file in the template, so the descriptor cannot drift from the tree.
   */
  paths: readonly string[]
}

/** A template shipped in `templates/<id>/`, described as data. */
export interface TemplateConfig {
  /** Folder name under `templates/`. */
  id: string
  features: readonly TemplateFeature[]
  /** Generator runs applied to the rendered tree, in order, when their option is chosen. */
  additions?: readonly TemplateAddition[]
}

/** A generator run that is part of a template: it adds files to, and edits, the rendered tree. */
export interface TemplateAddition {
  name: string
  when: (context: TemplateContext) => boolean
  add: (tree: FileTree) => Promise<void>
}

/** The production service: Hono on Workers, optional D1 or Postgres, bearer-token auth and OpenAPI docs. */
export const serviceTemplate = {
  id: 'service',
  features: [
    {
      name: 'd1',
      when: (context) => context.db === 'd1',
      paths: ['test/dependency-failure.test.ts'],
    },
    {
      // Record ids are UUIDv7 made by the Worker, and each test file starts with empty
      // tables, whichever database stores them.
      name: 'database',
      when: (context) => context.database,
      paths: ['src/lib/ids.ts', 'test/setup.ts'],
    },
    {
      name: 'postgres',
      when: (context) => context.db === 'postgres',
      paths: [
        'scripts/db/',
        'scripts/dev.ts',
        'src/lib/db.ts',
        'test/database-app.ts',
        'test/database-config.test.ts',
        'test/global-setup.ts',
        'test/outage-postgres.ts',
        'test/postgres-constraints.test.ts',
        'test/postgres-failure.test.ts',
        'test/postgres-outage.test.ts',
      ],
    },
    {
      name: 'auth',
      when: (context) => context.hasAuth,
      paths: ['src/middleware/auth.ts', 'src/routes/me/', 'test/auth.test.ts'],
    },
    {
      // The HS256 secret, locally: a jwks service holds no secret at all.
      name: 'jwt',
      when: (context) => context.jwt,
      paths: ['.dev.vars', '.dev.vars.example'],
    },
    {
      name: 'jwks',
      when: (context) => context.jwks,
      paths: ['src/lib/jwks.ts', 'test/identity-provider.ts', 'test/jwks.test.ts'],
    },
    {
      // Bindings only the tests have: D1 migrations, the identity provider's signing keys.
      name: 'test bindings',
      when: (context) => context.d1 || context.jwks,
      paths: ['test/env.d.ts'],
    },
  ],
  additions: [
    {
      name: 'the example notes resource, as `honoforge gen resource` writes it',
      when: (context) => context.database,
      // Loaded when used: the generator engine is not needed to start the CLI.
      add: async (tree) => (await import('./example-resource.js')).addExampleResource(tree),
    },
  ],
} satisfies TemplateConfig
