// V8 runs most of its garbage collection (concurrent marking, parallel scavenging, sweeping) on
// helper threads that node starts with the process. Where they share a core with the thread that
// answers requests (one core, or every core busy with --workers), each mark-compact takes the
// core from every render in flight for tens of milliseconds: that was the on-demand p99 (bench/
// RESULTS.md, "Every render counts"). At the lowest priority they run in the time the answering
// thread leaves idle, and V8 finishes whatever they have not done on the thread that needs it.
// `node --single-threaded-gc` gets the same p99, but V8 reads it only at start, and a command
// line is the user's; a thread's priority can be changed at any time.
//
// Linux only (a thread's priority is set by its id, read from /proc). It must run before libuv
// starts its thread pool (fs, zlib, dns), whose threads do the server's I/O and must keep their
// priority: that is why the `fresco` command's entry (cli/bin.cts) is CommonJS. Node loads an ES
// module main through the pool, so by the first line of one the pool threads exist too.
import fs = require('node:fs')
import os = require('node:os')

/** The lowest priority (nice 19): a helper gets the core when the answering thread does not want it. */
const HELPER_THREAD_NICE = 19

/**
 * Lowers every thread of this process but the calling one, which must be the main thread before
 * libuv's pool has started. Returns how many threads it lowered, or undefined where it cannot
 * (not Linux, /proc not mounted, or called from a worker thread).
 */
function lowerHelperThreads(pid = process.pid): number | undefined {
  let tasks: string[]
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`)
  } catch {
    return undefined
  }
  let lowered = 0
  for (const task of tasks) {
    const tid = Number(task)
    if (tid === pid) continue
    try {
      os.setPriority(tid, HELPER_THREAD_NICE)
      lowered++
    } catch {
      // The thread ended, or a sandbox forbids it: its priority stays as it was.
    }
  }
  return lowered
}

export = { HELPER_THREAD_NICE, lowerHelperThreads }
