// `npm create fresco` as a new user runs it, from packed tarballs in a clean folder outside the repository:
// `npm exec --package=<create-fresco tarball> create-fresco my-app` (what `npm create fresco my-app` runs),
// then the app's @fresco/* dependencies pointed at the packed framework tarballs (the registry does not
// have them yet), npm install, `npx fresco build`, `npx fresco start`, and the pages asked for.
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  packPackage,
  packTarballs,
  poll,
  runProc,
  type Server,
  startIn,
  type Tarballs,
} from '../harness/index.js'

let work: string
let tarballs: Tarballs
let createTgz: string
const servers: Server[] = []

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'fresco-e2e-create-'))
  tarballs = await packTarballs()
  createTgz = join(work, 'create-fresco.tgz')
  await packPackage('create-fresco', createTgz)
})

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()))
  if (!process.env.E2E_KEEP) rmSync(work, { recursive: true, force: true })
})

const create = (args: string[]) =>
  runProc('npm', ['exec', '--yes', `--package=${createTgz}`, '--', 'create-fresco', ...args], {
    cwd: work,
    label: 'create-fresco',
  })

const npx = (dir: string, args: string[]) =>
  runProc('npx', ['--no-install', ...args], { cwd: dir, label: args.join(' ') })

async function serve(dir: string): Promise<Server> {
  const server = await startIn(dir)
  servers.push(server)
  return server
}

/** The ISR page's render time, as it prints it. */
const renderedAt = (html: string) => /<time dateTime="([^"]+)"/i.exec(html)?.[1]

describe('npm create fresco (App Router, the default)', () => {
  const dir = () => join(work, 'my-app')

  it('scaffolds my-app and prints the next steps', async () => {
    const run = await create(['my-app'])
    expect(run.code, run.output).toBe(0)
    expect(run.output).toContain('Next steps:\n  cd my-app\n  npm install\n  npm run dev')
    const pkg = JSON.parse(readFileSync(join(dir(), 'package.json'), 'utf8'))
    expect(pkg.name).toBe('my-app')
    expect(pkg.scripts.build).toBe('fresco build')
  })

  it('refuses to scaffold into the same folder again, saying why, and leaves it as it was', async () => {
    const before = readFileSync(join(dir(), 'package.json'), 'utf8')
    const run = await create(['my-app', '--pages'])
    expect(run.code).not.toBe(0)
    expect(run.output).toContain('[create-fresco] my-app is not empty (')
    expect(readFileSync(join(dir(), 'package.json'), 'utf8')).toBe(before)
  })

  it('installs with the packed framework, and type-checks before any build', async () => {
    const file = join(dir(), 'package.json')
    const pkg = JSON.parse(readFileSync(file, 'utf8'))
    pkg.dependencies['@fresco/framework'] = `file:${tarballs.fresco}`
    pkg.dependencies['@fresco/cache'] = `file:${tarballs.cache}`
    writeFileSync(file, JSON.stringify(pkg, null, 2))
    const install = await runProc('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: dir(),
      label: 'npm install',
    })
    expect(install.code, install.output).toBe(0)
    const tsc = await npx(dir(), ['tsc', '--noEmit'])
    expect(tsc.code, tsc.output).toBe(0)
  })

  it('builds: / static, /isr ISR every 10 s', async () => {
    const build = await npx(dir(), ['fresco', 'build'])
    expect(build.code, build.output).toBe(0)
    expect(build.output).toMatch(/○ \/\s/)
    expect(build.output).toMatch(/● \/isr\s.*10 ?s/)
  })

  it('serves the home page from the cache, the ISR page from the cache and then regenerated, and 404', async () => {
    const started = new Date().toISOString()
    const server = await serve(dir())
    const home = await server.get('/')
    expect(home.status).toBe(200)
    expect(home.cache).toBe('HIT')
    expect(home.text).toContain('<h1>my-app</h1>')
    expect(home.text).toContain('Clicked 0 times') // the client component, server-rendered
    expect(home.text).toContain('<title>my-app</title>')

    // The first answer is the copy prerendered by the build: HIT, or STALE when the machine took more
    // than the 10 s window between build and request (then it starts the one background regeneration).
    const isr = await server.get('/isr')
    expect(isr.status).toBe(200)
    expect(['HIT', 'STALE']).toContain(isr.cache)
    expect(isr.headers.get('cache-control')).toMatch(/^s-maxage=10, stale-while-revalidate=\d+$/)
    const first = renderedAt(isr.raw)
    expect(first).toBeTruthy()
    expect(first! < started).toBe(true)
    // A later request gets a page rendered by the server after it started, from the cache.
    const regenerated = await poll(
      async () => {
        const res = await server.get('/isr')
        return renderedAt(res.raw)! > started && res.cache === 'HIT' ? res : undefined
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'a regenerated /isr' },
    )
    expect(regenerated.status).toBe(200)

    expect((await server.get('/no/such/page')).status).toBe(404)
  })
})

describe('npm create fresco -- --pages', () => {
  it('scaffolds a Pages Router app that builds and serves its ISR page from the cache', async () => {
    const run = await create(['site', '--pages'])
    expect(run.code, run.output).toBe(0)
    expect(run.output).toContain('(Pages Router)')
    const dir = join(work, 'site')
    // The same packages as my-app: its install is reused rather than downloaded twice.
    symlinkSync(join(work, 'my-app', 'node_modules'), join(dir, 'node_modules'), 'dir')
    const build = await npx(dir, ['fresco', 'build'])
    expect(build.code, build.output).toBe(0)

    const server = await serve(dir)
    const home = await server.get('/')
    expect(home.status).toBe(200)
    expect(home.cache).toBe('HIT')
    expect(home.text).toContain('<h1>site</h1>')
    expect(home.text).toContain('Clicked 0 times')
    const isr = await server.get('/isr')
    expect(isr.status).toBe(200)
    expect(['HIT', 'STALE']).toContain(isr.cache) // STALE when the build was more than 10 s ago
    expect(isr.headers.get('cache-control')).toMatch(/^s-maxage=10, stale-while-revalidate=\d+$/)
    expect(renderedAt(isr.raw)).toBeTruthy()
  })
})
