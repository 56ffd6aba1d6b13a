import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const cacheSrc = fileURLToPath(new URL('./packages/cache/src/', import.meta.url))

// Two projects: fast unit/integration tests, and end-to-end tests that build and start real apps.
// Unit tests resolve @fresco/cache to its sources so they never depend on a stale dist/.
export default defineConfig({
  test: {
    projects: [
      {
        resolve: {
          alias: [
            { find: /^@fresco\/cache\/testing$/, replacement: `${cacheSrc}testing.ts` },
            { find: /^@fresco\/cache$/, replacement: `${cacheSrc}index.ts` },
          ],
        },
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.{ts,tsx}',
            'packages/*/test/**/*.test.{ts,tsx}',
            'examples/*/test/**/*.test.ts',
          ],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/tests/**/*.test.ts', 'e2e/cluster/**/*.test.ts', 'e2e/browser/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
