// A build step awaiting a promise that nothing can settle any more lets the event loop drain, and
// Node then exits with code 0 part-way through the build (issue 8, finding 11: a client page
// stalled the prerender). Node emits 'beforeExit' exactly then: turn it into an error naming the
// step, so a build never ends "successfully" without its output.
import { buildStalledError } from '../errors.js'

/** `work`, or a rejection naming `describe()` if the process runs out of things to do first. */
export async function guardStall<T>(work: Promise<T>, describe: () => string): Promise<T> {
  let onBeforeExit = () => {}
  const stalled = new Promise<never>((_, reject) => {
    // Rejected from an immediate: a handle keeps the loop alive, so what follows (cleanup, the
    // CLI's message and exit code) runs even if it waits on I/O; a later drain emits the event again.
    onBeforeExit = () => setImmediate(() => reject(buildStalledError(describe())))
  })
  process.on('beforeExit', onBeforeExit)
  try {
    return await Promise.race([work, stalled])
  } finally {
    process.off('beforeExit', onBeforeExit)
  }
}
