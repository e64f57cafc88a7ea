import { applyD1Migrations } from 'cloudflare:test'
import { env } from 'cloudflare:workers'

// Runs before each test file: storage is fresh per file, so migrate it.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)
