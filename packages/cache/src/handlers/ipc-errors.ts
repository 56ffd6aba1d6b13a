// Errors of the IPC handler (workers of one `fresco start`), as named factories saying what to do.

/** The host did not answer a request in time (it is overloaded or hung). */
export function ipcCallTimeout(op: string, ms: number): Error {
  return new Error(
    `[fresco] The cache host (the primary process of fresco start --workers) did not answer '${op}' within ${ms} ms; treated as a cache failure. Check the primary's log.`,
  )
}

/** The host answered with an error, or the link is gone. */
export function ipcCallFailed(op: string, reason: string): Error {
  return new Error(`[fresco] Cache request '${op}' to the primary process failed: ${reason}.`)
}
