#!/usr/bin/env node
// The `fresco` command. CommonJS on purpose: its first line runs before libuv's thread pool
// exists, so only V8's helper threads are lowered (node/helper-threads.cts); then the CLI itself,
// an ES module, is loaded.
import helperThreads = require('../node/helper-threads.cjs')

helperThreads.lowerHelperThreads()
void import('./index.js')
