// The published tarball must carry the CLI, the three runtime entries (processed by Vite in the
// user's app) and the type declarations of every public subpath.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const repo = fileURLToPath(new URL('../../../', import.meta.url))

it('npm pack lists the CLI, the runtime entries and the .d.ts files', () => {
  const out = execFileSync(
    'npm',
    ['pack', '-w', '@fresco/framework', '--dry-run', '--json', '--ignore-scripts'],
    {
      cwd: repo,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  )
  const [report] = JSON.parse(out) as { files: { path: string }[] }[]
  const files = new Set(report?.files.map((f) => f.path))
  for (const file of [
    'dist/cli/bin.cjs',
    'dist/cli/index.js',
    'dist/node/helper-threads.cjs',
    'dist/runtime/entries/rsc.js',
    'dist/runtime/entries/ssr.js',
    'dist/runtime/entries/browser.js',
    'dist/exports/index.d.ts',
    'dist/exports/link.d.ts',
    'dist/exports/navigation.d.ts',
    'dist/exports/cache.d.ts',
    'dist/exports/headers.d.ts',
    'dist/exports/server.d.ts',
    'dist/exports/config.d.ts',
    'package.json',
  ]) {
    expect(files.has(file), file).toBe(true)
  }
  expect([...files].some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false)
})
