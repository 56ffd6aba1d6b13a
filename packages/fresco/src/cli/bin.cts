#!/usr/bin/env node
// The `fresco` command. CommonJS on purpose: its first line runs before libuv's thread pool
// exists, so the threads it finds are V8's helpers (node/helper-threads.cts), which `fresco start`
// lowers once it knows it serves alone; then the CLI itself, an ES module, is loaded.
import helperThreads = require('../node/helper-threads.cjs')

helperThreads.recordHelperThreads()
void import('./index.js')
