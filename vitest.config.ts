import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const cacheSrc = fileURLToPath(new URL('./packages/cache/src/', import.meta.url))

// Two projects: fast unit/integration tests, and end-to-end tests that build and start real apps.
// Unit tests resolve @fresco/cache to its sources so they never depend on a stale dist/.
export default defineConfig({
  test: {
    // Two files at a time (vitest's default is one fewer than the cores: one on a 2-core CI machine).
    // Unit files are CPU-bound; e2e files mostly wait on builds, servers, browsers and revalidate
    // windows, and their harness is safe to run concurrently (free ports, per-process temp folders,
    // atomic tarball and install caches): see e2e/README.md.
    maxWorkers: 2,
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
        },
      },
    ],
  },
})
