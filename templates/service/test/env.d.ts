import type { D1Migration } from '@cloudflare/vitest-plugin'

// Bindings only the tests have: the migrations read in vitest.config.ts.
declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[]
    }
  }
}
