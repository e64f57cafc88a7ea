import { defineConfig } from 'vitest/config'

// Two projects: `unit` (pure functions, the generator against real and fixture templates,
// the CLI in-process) runs in seconds; `e2e` packs the real bin and runs generated services'
// own checks, so it gets long timeouts and runs one file at a time.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/generator/**/*.test.ts'],
          // Each generator run that adds or removes a route module builds the service's
          // document and client types with its own tsx (about a second, more on a busy machine)
          // and lays out its files with the service's Biome; hooks that grow a project run several.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 20 * 60_000,
          hookTimeout: 20 * 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
