// Extra descriptors of the listening socket: a burst of connections that arrives while the event
// loop is busy is accepted ACCEPTORS per loop turn, not one (libuv accepts once per descriptor per
// turn). Counted per turn, not timed.
import { createServer, type Server } from 'node:http'
import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { ACCEPTORS, addAcceptors } from './acceptors.js'

const servers: Server[] = []
const sockets: Socket[] = []
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy()
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))))
})

const listening = async () => {
  const server = createServer((_req, res) => res.end('ok'))
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, port: (server.address() as { port: number }).port }
}

/** Opens `n` connections while the loop is blocked, then counts accepts per loop turn. */
async function burst(server: Server, port: number, n: number) {
  let accepted = 0
  server.on('connection', () => {
    accepted++
  })
  for (let i = 0; i < n; i++) sockets.push(connect(port, '127.0.0.1'))
  await new Promise((resolve) => process.nextTick(resolve)) // net.connect dials on the next tick
  // Block the loop: the kernel completes every handshake; none can be accepted meanwhile.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200)
  const perTurn: number[] = []
  let seen = 0
  await new Promise<void>((resolve) => {
    const turn = () => {
      perTurn.push(accepted - seen)
      seen = accepted
      if (accepted >= n) resolve()
      else setImmediate(turn) // one check phase per loop turn
    }
    setImmediate(turn)
  })
  return Math.max(...perTurn)
}

describe('addAcceptors', () => {
  it('without copies, node accepts one connection per loop turn (what the copies are for)', async () => {
    const { server, port } = await listening()
    expect(await burst(server, port, 20)).toBe(1)
  })

  it(`accepts ${ACCEPTORS} connections per loop turn, and each is served by the HTTP server`, async () => {
    const { server, port } = await listening()
    const acceptors = addAcceptors(server)
    expect(await acceptors.ready).toEqual({})
    expect(acceptors.count).toBe(ACCEPTORS)
    expect(await burst(server, port, 20)).toBe(ACCEPTORS)
    // Every connection, whichever descriptor accepted it, is an HTTP connection of the server.
    const answers = await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<string>((resolve) => {
            let text = ''
            socket.on('data', (d) => {
              text += d
              if (text.endsWith('ok')) resolve(text)
            })
            socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
          }),
      ),
    )
    expect(answers.every((a) => a.startsWith('HTTP/1.1 200 OK'))).toBe(true)
    acceptors.close()
  })

  it('after close() and the server closing, the port refuses connections (no copy keeps it listening)', async () => {
    const { server, port } = await listening()
    const acceptors = addAcceptors(server)
    await acceptors.ready
    acceptors.close()
    servers.splice(servers.indexOf(server), 1)
    await new Promise((r) => server.close(r))
    const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.on('connect', () => {
        socket.destroy()
        resolve(undefined)
      })
      socket.on('error', resolve)
    })
    expect(error?.code).toBe('ECONNREFUSED')
  })

  it('copies that arrive after close() are closed at once', async () => {
    const { server, port } = await listening()
    const acceptors = addAcceptors(server)
    acceptors.close()
    await acceptors.ready
    expect(acceptors.count).toBe(0)
    servers.splice(servers.indexOf(server), 1)
    await new Promise((r) => server.close(r))
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.on('connect', () => resolve(false))
      socket.on('error', () => resolve(true))
    })
    expect(refused).toBe(true)
  })

  it('a helper that cannot start: ready says why, and the server keeps its own descriptor', async () => {
    const { server } = await listening()
    const execPath = process.execPath
    process.execPath = '/nonexistent/node' // spawn fails with ENOENT
    try {
      const acceptors = addAcceptors(server)
      const { error } = await acceptors.ready
      expect(error?.message).toMatch(/ENOENT/)
      expect(acceptors.count).toBe(1)
    } finally {
      process.execPath = execPath
    }
  })
})
