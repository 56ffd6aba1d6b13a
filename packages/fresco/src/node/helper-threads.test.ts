// Runs the built module in a child process: which threads exist depends on what the process did
// before, and a test runner's own process has long started libuv's pool.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const built = fileURLToPath(new URL('../../dist/node/helper-threads.cjs', import.meta.url))

// In the child: record, start libuv's pool (an fs read), then lower, and report each thread's nice
// value (/proc/<pid>/task/<tid>/stat, field 19).
const CHILD = `
const fs = require('node:fs')
const { recordHelperThreads, lowerHelperThreads } = require(${JSON.stringify(built)})
const before = fs.readdirSync('/proc/self/task').map(Number)
recordHelperThreads()
fs.readFile(process.execPath, { length: 1 }, () => {
  const lowered = lowerHelperThreads()
  const nice = (tid) => Number(fs.readFileSync('/proc/self/task/' + tid + '/stat', 'utf8').split(') ')[1].split(' ')[16])
  const threads = fs.readdirSync('/proc/self/task').map(Number).map((tid) => [tid, nice(tid)])
  process.stdout.write(JSON.stringify({ pid: process.pid, before, lowered, threads }))
})
`

describe.runIf(existsSync('/proc/self/task'))('recordHelperThreads, lowerHelperThreads', () => {
  it("lowers the threads found before libuv's pool to nice 19; the caller and the pool keep their priority", () => {
    const out = execFileSync(process.execPath, ['--v8-pool-size=2', '-e', CHILD], {
      env: { ...process.env, UV_THREADPOOL_SIZE: '3' },
      encoding: 'utf8',
    })
    const { pid, before, lowered, threads } = JSON.parse(out) as {
      pid: number
      before: number[]
      lowered: number
      threads: [number, number][]
    }
    const helpers = before.filter((tid) => tid !== pid)
    // Two V8 workers, plus node's platform threads that wait (delayed tasks, the inspector's signal).
    expect(helpers.length).toBeGreaterThanOrEqual(2)
    expect(lowered).toBe(helpers.length)
    const niceOf = new Map(threads)
    expect(niceOf.get(pid)).toBe(0)
    for (const tid of helpers) expect(niceOf.get(tid), `helper ${tid}`).toBe(19)
    const pool = threads.filter(([tid]) => !before.includes(tid))
    expect(pool.map(([, nice]) => nice)).toEqual([0, 0, 0])
  })

  it('lowers nothing that was not recorded, nor where /proc has no such process', () => {
    const run = (code: string) =>
      execFileSync(process.execPath, ['-e', `const h = require(${JSON.stringify(built)}); ${code}`], {
        encoding: 'utf8',
      })
    expect(run('process.stdout.write(String(h.lowerHelperThreads()))')).toBe('undefined')
    expect(run('h.recordHelperThreads(2 ** 30); process.stdout.write(String(h.lowerHelperThreads()))')).toBe(
      'undefined',
    )
  })
})
