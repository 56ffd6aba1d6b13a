#!/usr/bin/env node
// The `create-fresco` command (package.json "bin"); the logic is in cli.ts.
import { run } from './cli.js'

process.exitCode = run(process.argv.slice(2), process.cwd(), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
})
