// More than one accept() per event-loop turn. libuv accepts one connection per turn on a listening
// socket (libuv#3696), and a turn of a saturated server lasts tens of ms: every ready socket's
// requests and every render's ready work run in it. 200 connections opened at once onto a busy
// `fresco start` waited up to 5 s to be accepted (`ss` showed 118 in the accept queue, draining one
// per turn), and wrk counted ~100 requests past its 2 s timeout in a 30 s hostile mix, while no
// request took over 0.9 s once accepted (bench/RESULTS.md, "Hostile mix").
//
// Each extra descriptor of the same listening socket is one more accept per turn (epoll reports each
// one ready). Node has no dup(): a short-lived child (COPIER) is sent the socket's handle and sends
// it back ACCEPTORS - 1 times; each copy arrives as a new descriptor (SCM_RIGHTS) and gets a
// net.Server that hands its connections to the HTTP server, as node's own listener does. Best
// effort: without the copies the server is the same, only slower to accept under load.
import { type ChildProcess, spawn } from 'node:child_process'
import cluster from 'node:cluster'
import type { Server } from 'node:http'
import { Server as NetServer } from 'node:net'

/** Descriptors accepting on the listening socket (node's own included). 8 and 16 measured alike. */
export const ACCEPTORS = 8

/** Bound on the child's round trips; past it the server keeps the copies it has. */
const FORK_TIMEOUT_MS = 10_000

/**
 * The child: sends the raw handle it is given back `copies` times, then leaves. It never listens or
 * accepts, so no connection can end up there. Inline (node -e) so that it needs no file of its own
 * in dist/ or in a standalone output. `on`, not `once`: without a 'message' listener node unrefs the
 * channel, and the child would exit before its queued sends (one handle per acknowledgement) leave.
 */
const COPIER = `process.on('message', (m, handle) => {
  let left = m.copies
  for (let i = 0; i < m.copies; i++)
    process.send({ copy: i }, handle, undefined, () => { if (--left === 0) process.disconnect() })
})`

export interface Acceptors {
  /** Descriptors accepting now, node's own included (1 until the copies arrive, or if they fail). */
  readonly count: number
  /** Resolves once the copies are in place and the child is gone (or they could not be made: `error`). */
  readonly ready: Promise<{ error?: Error }>
  /** Stops every copy accepting; the listening socket closes once the server closes its own. */
  close(): void
}

/** Adds `ACCEPTORS - 1` descriptors of `server`'s listening socket; call once it is listening. */
export function addAcceptors(server: Server, copies = ACCEPTORS - 1): Acceptors {
  const extra: NetServer[] = []
  let closed = false
  // A cluster worker under round-robin has no socket of its own (the primary accepts).
  const handle = (server as unknown as { _handle?: { fd?: number } })._handle
  const usable = copies > 0 && !cluster.isWorker && typeof handle?.fd === 'number' && handle.fd >= 0

  // The child holds a copy of the socket until it exits: `ready` waits for that, and close() ends it,
  // so that no descriptor outlives the server (a socket listens until its last one is closed).
  let helper: ChildProcess | undefined
  const ready = usable
    ? new Promise<{ error?: Error }>((resolve) => {
        // No inherited NODE_OPTIONS: a preload (an APM agent) has no business in this child.
        const child = spawn(process.execPath, ['-e', COPIER], {
          stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
          env: {},
        })
        helper = child
        let failure: Error | undefined
        const timer = setTimeout(() => {
          failure = new Error(`no copies of the listening socket within ${FORK_TIMEOUT_MS} ms`)
          child.kill('SIGKILL')
        }, FORK_TIMEOUT_MS)
        timer.unref()
        const settle = () => {
          clearTimeout(timer)
          helper = undefined
          failure ??= extra.length < copies ? new Error('the helper process ended early') : undefined
          resolve(failure && !closed ? { error: failure } : {}) // after close() a missing copy is no loss
        }
        child.on('error', (error) => {
          failure ??= error
          if (child.pid === undefined)
            settle() // it never started: no 'exit' comes
          else child.kill('SIGKILL')
        })
        child.on('exit', settle)
        child.on('message', (_message, copy?: { close(): void }) => {
          if (copy === undefined) return
          if (closed) return copy.close()
          // The options node's HTTP server gives the sockets it accepts itself.
          const acceptor = new NetServer({ allowHalfOpen: true, noDelay: true })
          acceptor.on('connection', (socket) => server.emit('connection', socket))
          acceptor.on('error', () => acceptor.close())
          acceptor.listen(copy)
          extra.push(acceptor)
        })
        child.send({ copies }, handle as never)
      })
    : Promise.resolve({})

  return {
    get count() {
      return closed ? 0 : 1 + extra.length
    },
    ready,
    close() {
      closed = true
      helper?.kill('SIGKILL')
      for (const acceptor of extra.splice(0)) acceptor.close()
    },
  }
}
