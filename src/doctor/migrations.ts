/**
 * Migrations: every one applied to the local database (read with wrangler's own
 * `d1 migrations list --local` on D1, the service's `scripts/db/migrate.ts --local --pending` on
 * Postgres), and none changed since honoforge generated it (the
 * manifest records the sha256 it wrote; an applied migration is never edited, a change is a
 * new migration).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { dialects } from '../gen/dialects/index.js'
import { hashContent } from '../gen/manifest.js'
import { migrationsDir } from '../gen/migrations.js'
import { d1Binding } from '../gen/project.js'
import type { Check, DoctorService, Issue } from './types.js'

/** Where wrangler keeps local D1 databases: absent until `npm run dev` or a local migration first runs. */
const localD1State = join('.wrangler', 'state', 'v3', 'd1')
/** Where the Postgres service's dev database keeps its data (scripts/db/dev-database.ts). */
const localPostgresData = join('.data', 'postgres')

/** The migration files a `wrangler d1 migrations list` table names as still to apply. */
export function pendingInListing(output: string): string[] {
  return [...output.matchAll(/│\s*([^\s│]+\.sql)\s*│/g)].map((match) => match[1] ?? '')
}

/** How each database's local pending migrations are read: the command, where its data lives, its output. */
const localListings = {
  d1: {
    state: localD1State,
    command: (bin: string) => [join(bin, 'wrangler'), ['d1', 'migrations', 'list', d1Binding, '--local']],
    pending: pendingInListing,
  },
  postgres: {
    state: localPostgresData,
    // Starts the dev database's server for the command when dev is not running.
    command: (bin: string) => [join(bin, 'tsx'), ['scripts/db/migrate.ts', '--local', '--pending']],
    pending: (output: string) => output.split('\n').filter((line) => /^[^\s]+\.sql$/.test(line)),
  },
} satisfies Record<
  string,
  { state: string; command: (bin: string) => [string, string[]]; pending: (output: string) => string[] }
>

/**
 * The local database's pending migrations, `undefined` when there is no local database
 * yet (nothing applied, nothing to warn about: `npm run dev` applies them all first).
 */
async function localPending(service: DoctorService): Promise<string[] | Issue | undefined> {
  const database = service.project.database
  const listing = database === 'd1' || database === 'postgres' ? localListings[database] : undefined
  if (!listing || !existsSync(join(service.project.root, listing.state))) return undefined
  const [command, args] = listing.command(join(service.project.root, 'node_modules', '.bin'))
  const result = await service.run(command, args)
  if (result.code === 0) return listing.pending(result.stdout)
  const shown = `${command.split('/').pop()} ${args.join(' ')}`
  return {
    message: `Cannot read the local database's migrations (${shown}, exit ${result.code}): ${result.stderr.trim().split('\n').slice(-3).join(' ')}`,
    fix: 'npm install, then run npx honoforge doctor with Node.js 22.12 or newer',
  }
}

/** Per service, what localPending found, so the two checks ask wrangler once. */
const pendingCache = new WeakMap<DoctorService, Promise<string[] | Issue | undefined>>()
const pendingOf = (service: DoctorService) => {
  const cached = pendingCache.get(service) ?? localPending(service)
  pendingCache.set(service, cached)
  return cached
}

export const migrationsApplied: Check = {
  id: 'migrations-applied',
  severity: 'warning',
  description: 'Every migration is applied to the local database (D1 or the dev Postgres)',
  async check(service) {
    const pending = await pendingOf(service)
    if (pending === undefined) return []
    if (!Array.isArray(pending)) return [pending]
    return pending.map((file) => ({
      file: `${migrationsDir}/${file}`,
      message:
        'Not applied to the local database yet: its schema is behind the code until npm run dev or the fix applies it.',
      fix: 'npm run db:migrate:local',
    }))
  },
}

/** The hashes of what `gen migration` writes for a migration it cannot infer: a stub to fill in. */
const stubHashes = new Set(Object.values(dialects).map((dialect) => hashContent(dialect.customMigration)))

export const migrationsUnedited: Check = {
  id: 'migrations-unedited',
  severity: 'error',
  description: 'No applied migration was changed since honoforge generated it (sha256 in .honoforge/manifest.json)',
  async check(service) {
    const pending = await pendingOf(service)
    // Without a local database every migration may have been applied somewhere.
    const notApplied = new Set(Array.isArray(pending) ? pending.map((file) => `${migrationsDir}/${file}`) : [])
    const issues: Issue[] = []
    for (const run of service.manifest.generated) {
      for (const file of run.files) {
        if (!file.path.startsWith(`${migrationsDir}/`) || stubHashes.has(file.sha256) || notApplied.has(file.path)) {
          continue
        }
        const content = await service.project.read(file.path)
        if (content === undefined || hashContent(content) === file.sha256) continue
        issues.push({
          file: file.path,
          message: `Changed after honoforge gen ${run.generator} ${run.name} wrote it: databases that already applied it never run the change, so they drift apart.`,
          fix: `git checkout -- ${file.path} (restore it), then make the change a new migration: npx honoforge gen migration <name> [fields]`,
        })
      }
    }
    return issues
  },
}
