// A server given one core (taskset, a cpuset, a 1-CPU machine) has V8's GC helper threads take
// turns with the thread that answers, and every render in flight waits: on the blog bench, p99 of
// on-demand pages 66–83 ms against 43–46 ms with `node --single-threaded-gc` (bench/RESULTS.md,
// "Every render counts"). V8 reads that flag when the process starts (setting it later aborts V8),
// and Node 20 cannot restart itself in place, so `fresco start` says what to do instead.
import { availableParallelism } from 'node:os'

/** Flags that already decide V8's background GC threads (node's command line or NODE_OPTIONS). */
const GC_THREAD_FLAG =
  /^--(?:single[-_]threaded(?:[-_]gc)?|v8[-_]pool[-_]size|(?:no[-_])?(?:concurrent|parallel)[-_]\w+)/

export function decidesGcThreads(args: readonly string[]): boolean {
  return args.some((arg) => GC_THREAD_FLAG.test(arg))
}

/** The one line to print at start, or undefined when there is more than one core or a flag decided. */
export function oneCoreHint(
  cores = availableParallelism(),
  execArgv: readonly string[] = process.execArgv,
  nodeOptions = process.env.NODE_OPTIONS ?? '',
): string | undefined {
  if (cores > 1 || decidesGcThreads(execArgv) || decidesGcThreads(nodeOptions.split(/\s+/))) return undefined
  return (
    '[fresco] This process has one core: start node with --single-threaded-gc (or set NODE_OPTIONS=--v8-pool-size=1) ' +
    'for a lower p99 of renders; see docs/guide/deploying.md, "One core".'
  )
}
