// A cache directory that cannot be written (disk full, no permission, read-only file system) is a
// condition, not an event per request: it is logged once with what to do, further failed writes
// are only counted, and the first write that works again logs the recovery with that count.
// Invariant 5: the responses are served meanwhile, just not stored.
import type { Logger } from '../types.js'

const CONDITIONS: Record<string, string> = {
  ENOSPC: 'the disk is full. Free space, or lower cacheMaxDiskSize',
  EDQUOT: 'the disk quota is exhausted. Raise the quota, or lower cacheMaxDiskSize',
  EACCES: 'permission denied. Make the directory writable by the server’s user',
  EPERM: 'operation not permitted. Make the directory writable by the server’s user',
  EROFS: 'the file system is read-only. Point cacheDir at a writable directory',
}

export interface FsWriteHealth {
  /** True (and logged once, then counted) when `error` is a condition of the directory. */
  failed(error: unknown): boolean
  /** A write went through: ends the condition, if any. */
  succeeded(): void
}

export function createFsWriteHealth(dir: string, logger: Logger): FsWriteHealth {
  let condition: string | undefined
  let count = 0
  return {
    failed(error) {
      const code = (error as NodeJS.ErrnoException | undefined)?.code
      if (code === undefined || !(code in CONDITIONS)) return false
      if (condition !== code) {
        condition = code
        count = 0
        logger.warn(
          `fs: cannot write cache entries to ${dir} (${code}): ${CONDITIONS[code]}. Pages are served but not stored until writes work again; further failures are counted, not logged.`,
        )
      }
      count++
      return true
    },
    succeeded() {
      if (condition === undefined) return
      logger.warn(`fs: cache writes to ${dir} work again (${count} writes failed with ${condition}).`)
      condition = undefined
      count = 0
    },
  }
}
