// V8 runs most of its garbage collection (concurrent marking, parallel scavenging, sweeping) on
// helper threads that node starts with the process. Where they share a core with the thread that
// answers requests, each mark-compact takes the core from every render in flight for tens of
// milliseconds: that was the on-demand p99 (bench/RESULTS.md, "Every render counts"). At the
// lowest priority they run in the time the answering thread leaves idle, and when V8 needs their
// work done the answering thread waits and they are the only ones left to run. `node
// --single-threaded-gc` gets the same p99, but V8 reads it only at start, and a command line is
// the user's; a thread's priority can be changed at any time (docs/design/server.md, "Garbage
// collection threads").
//
// Only where that waiting thread is the one busy thread: a single `fresco start` process that
// renders in its main thread. With `--workers` (other busy processes on the cores) or render
// threads (other busy threads), a thread waiting for its helpers would wait behind those, at 1/70
// of their share of a core: `--workers 2` on one core had a HIT p99 of 122 ms against 9 ms.
// So the threads are found first (record) and lowered once the server knows what it runs (lower).
//
// Linux only (a thread's priority is set by its id, read from /proc). `record` must run before
// libuv starts its thread pool (fs, zlib, dns), whose threads do the server's I/O and must keep
// their priority: that is why the `fresco` command's entry (cli/bin.cts) and the standalone
// server.js are CommonJS. Node loads an ES module main through the pool, so by the first line of
// one the pool threads exist too.
import fs = require('node:fs')
import os = require('node:os')

/** The lowest priority (nice 19): a helper gets the core when the answering thread does not want it. */
const HELPER_THREAD_NICE = 19

/** The threads found by recordHelperThreads, or undefined before it ran (or where it cannot). */
let recorded: number[] | undefined

/**
 * Notes every thread of this process but the calling one, which must be the main thread before
 * libuv's pool has started: V8's helpers (and node's idle platform threads). Changes nothing.
 */
function recordHelperThreads(pid = process.pid): number[] | undefined {
  try {
    recorded = fs
      .readdirSync(`/proc/${pid}/task`)
      .map(Number)
      .filter((tid) => tid !== pid)
  } catch {
    recorded = undefined // not Linux, or /proc not mounted
  }
  return recorded
}

/**
 * Lowers the recorded threads to nice 19. Returns how many it lowered, or undefined when nothing
 * was recorded (an entry that is not the `fresco` command or server.js, or not Linux).
 */
function lowerHelperThreads(): number | undefined {
  if (recorded === undefined) return undefined
  let lowered = 0
  for (const tid of recorded) {
    try {
      os.setPriority(tid, HELPER_THREAD_NICE)
      lowered++
    } catch {
      // The thread ended, or a sandbox forbids it: its priority stays as it was.
    }
  }
  return lowered
}

export = { HELPER_THREAD_NICE, recordHelperThreads, lowerHelperThreads }
