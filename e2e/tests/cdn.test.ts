// CDN integration (issue 12 item 5) on a real build: the opt-in cache-tag header, and purges after
// revalidateTag / revalidatePath sent in the background to a real nginx with ngx_cache_purge (in
// front of `fresco start`, as a self-hoster runs it), a Cloudflare-shaped API and a webhook (a local
// HTTP server that records what it receives). After a revalidation, nginx's next answer is fresh.
// The cache inspector's purge button goes the same way (node/inspector/).
import { spawn, spawnSync } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server as HttpServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, createApp, fixture, freePort, poll, type Server } from '../harness/index.js'

const PURGE_MODULE = '/usr/lib/nginx/modules/ngx_http_cache_purge_module.so'
const INSPECTOR_SECRET = 'inspector-secret-for-the-cdn-test'

let app: App
let server: Server
let version = 1
let data: HttpServer
let recorder: HttpServer
let recorderUrl: string
const received: { url: string; headers: IncomingMessage['headers']; body: string }[] = []
let hang = false
const hanging: ServerResponse[] = []
let nginxDir: string
let nginxPort: number
let nginx: ReturnType<typeof spawn> | undefined

const listen = async (s: HttpServer) => {
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`
}

beforeAll(async () => {
  if (!existsSync(PURGE_MODULE) || spawnSync('nginx', ['-v']).status !== 0)
    throw new Error(
      'nginx with ngx_cache_purge is needed: apt-get install -y nginx libnginx-mod-http-cache-purge',
    )
  data = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ version, url: req.url }))
  })
  const dataUrl = await listen(data)
  recorder = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => {
      body += d
    })
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body })
      if (hang) hanging.push(res)
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}')
    })
  })
  recorderUrl = await listen(recorder)

  nginxPort = await freePort()
  app = await createApp(fixture('cdn'))
  writeFileSync(
    join(app.dir, 'fresco.config.ts'),
    `export default {
  cdn: {
    tagHeader: 'Cache-Tag',
    purgeAttempts: 2,
    purge: [
      { provider: 'nginx', purgeUrl: 'http://127.0.0.1:${nginxPort}/purge' },
      { provider: 'cloudflare', zoneId: 'zone1', apiToken: 'cf-token', apiUrl: '${recorderUrl}/cf' },
      { provider: 'webhook', url: '${recorderUrl}/hook', secret: 'hook-secret' },
    ],
  },
}\n`,
  )
  const build = await app.build({ DATA_URL: dataUrl })
  if (build.code !== 0) throw new Error(`fresco build of cdn failed:\n${build.output}`)
  server = await app.start({ DATA_URL: dataUrl, FRESCO_INSPECTOR_SECRET: INSPECTOR_SECRET })

  // nginx in front of fresco: caches by URI (as Fresco's Cache-Control allows), purges by URI.
  nginxDir = mkdtempSync(join(tmpdir(), 'fresco-e2e-nginx-'))
  // nginx's workers run as an unprivileged user when the master is root: let them write.
  for (const d of [nginxDir, join(nginxDir, 'cache'), join(nginxDir, 'tmp')]) {
    mkdirSync(d, { recursive: true })
    chmodSync(d, 0o777)
  }
  writeFileSync(
    join(nginxDir, 'nginx.conf'),
    `load_module ${PURGE_MODULE};
daemon off;
pid ${nginxDir}/nginx.pid;
error_log ${nginxDir}/error.log;
events {}
http {
  access_log ${nginxDir}/access.log;
  client_body_temp_path ${nginxDir}/tmp; proxy_temp_path ${nginxDir}/tmp; fastcgi_temp_path ${nginxDir}/tmp;
  uwsgi_temp_path ${nginxDir}/tmp; scgi_temp_path ${nginxDir}/tmp;
  proxy_cache_path ${nginxDir}/cache keys_zone=fresco:1m;
  server {
    listen 127.0.0.1:${nginxPort};
    location ~ ^/purge(/.*)$ { allow 127.0.0.1; deny all; proxy_cache_purge fresco "$1$is_args$args"; }
    location / {
      proxy_pass http://127.0.0.1:${server.port};
      proxy_cache fresco;
      proxy_cache_key "$uri$is_args$args";
      add_header X-Proxy-Cache $upstream_cache_status always;
    }
  }
}
`,
  )
  nginx = spawn('nginx', ['-c', join(nginxDir, 'nginx.conf'), '-p', nginxDir], { stdio: 'ignore' })
  await poll(
    () =>
      fetch(`http://127.0.0.1:${nginxPort}/posts/1`, { method: 'HEAD' }).then((r) => r.status || undefined),
    {
      what: 'nginx up',
    },
  )
  // The HEAD above may have filled nginx's cache: start from an empty one.
  await fetch(`http://127.0.0.1:${nginxPort}/purge/posts/1`)
})

afterAll(async () => {
  const errors = nginxDir ? readNginxErrors() : ''
  if (errors) console.log(`nginx error.log:\n${errors}`)
  for (const res of hanging) res.destroy()
  nginx?.kill('SIGKILL')
  await app?.cleanup()
  await new Promise((r) => data?.close(r))
  recorder?.closeAllConnections()
  await new Promise((r) => recorder?.close(r))
  if (nginxDir) rmSync(nginxDir, { recursive: true, force: true })
})

function readNginxErrors(): string {
  try {
    return readFileSync(join(nginxDir, 'error.log'), 'utf8')
      .split('\n')
      .filter((l) => /\[(error|crit|alert|emerg)\]/.test(l))
      .join('\n')
  } catch {
    return ''
  }
}

const viaNginx = async (path: string) => {
  const res = await fetch(`http://127.0.0.1:${nginxPort}${path}`)
  return { status: res.status, proxy: res.headers.get('x-proxy-cache'), body: await res.text() }
}
const accessLog = () => {
  try {
    return readFileSync(join(nginxDir, 'access.log'), 'utf8')
  } catch {
    return ''
  }
}
/** Resolves once nginx has logged a purge of `path` (the purger works in the background). */
const purgedFromNginx = (path: string, before: number) =>
  poll(async () => (accessLog().slice(before).includes(`GET /purge${path} `) ? true : undefined), {
    what: `nginx purge of ${path}`,
  })

describe('cache tags (cdn.tagHeader)', () => {
  it('a cacheable page carries its tags, implicit path tags first; private answers carry none', async () => {
    const page = await server.get('/posts/1')
    expect(page.status).toBe(200)
    const tags = page.headers.get('cache-tag')?.split(',') ?? []
    expect(tags).toContain('_N_T_/posts/1')
    expect(tags).toContain('posts')
    expect(tags.indexOf('_N_T_/posts/1')).toBeLessThan(tags.indexOf('posts'))
    const notFound = await server.get('/no/such/page')
    expect(notFound.status).toBe(404)
    expect(notFound.headers.get('cache-tag')).toBeNull()
    const action = await server.get('/api/revalidate', { method: 'POST' })
    expect(action.headers.get('cache-tag')).toBeNull()
  })
})

describe('purge after on-demand revalidation', () => {
  it('revalidateTag: nginx, the Cloudflare API and the webhook are purged, and nginx then serves the new content', async () => {
    expect((await viaNginx('/posts/1')).proxy).toBe('MISS')
    const cached = await viaNginx('/posts/1')
    expect(cached.proxy).toBe('HIT')
    expect(cached.body).toContain('version <!-- -->1')

    version = 2
    const log = accessLog().length
    const sent = received.length
    const res = await server.get('/api/revalidate?tag=posts', { method: 'POST' })
    expect(res.status).toBe(200)
    await purgedFromNginx('/posts/1', log)
    await poll(async () => (received.length - sent >= 2 ? true : undefined), { what: 'API purges' })

    const cf = received.slice(sent).find((r) => r.url.startsWith('/cf/'))!
    expect(cf.url).toBe('/cf/zones/zone1/purge_cache')
    expect(cf.headers.authorization).toBe('Bearer cf-token')
    expect(JSON.parse(cf.body)).toEqual({ tags: ['posts'] })
    const hook = received.slice(sent).find((r) => r.url === '/hook')!
    expect(JSON.parse(hook.body)).toEqual({ tags: ['posts'], paths: [] })
    expect(hook.headers['x-fresco-signature']).toBe(
      `sha256=${createHmac('sha256', 'hook-secret').update(hook.body).digest('hex')}`,
    )

    const fresh = await viaNginx('/posts/1')
    expect(fresh.proxy).toBe('MISS')
    expect(fresh.body).toContain('version <!-- -->2')
    expect((await viaNginx('/posts/1')).proxy).toBe('HIT')
  })

  it('revalidatePath purges that URL from nginx and leaves the other pages cached', async () => {
    await viaNginx('/posts/2')
    expect((await viaNginx('/posts/2')).proxy).toBe('HIT')
    expect((await viaNginx('/posts/1')).proxy).toBe('HIT')
    version = 3
    const log = accessLog().length
    const sent = received.length
    expect((await server.get('/api/revalidate?path=/posts/2', { method: 'POST' })).status).toBe(200)
    await purgedFromNginx('/posts/2', log)
    await poll(async () => (received.length - sent >= 2 ? true : undefined), { what: 'API purges' })
    expect(JSON.parse(received.slice(sent).find((r) => r.url.startsWith('/cf/'))!.body)).toEqual({
      tags: ['_N_T_/posts/2'],
    })
    expect(JSON.parse(received.slice(sent).find((r) => r.url === '/hook')!.body)).toEqual({
      tags: ['_N_T_/posts/2'],
      paths: ['/posts/2'],
    })
    const fresh = await viaNginx('/posts/2')
    expect(fresh.proxy).toBe('MISS')
    expect(fresh.body).toContain('version <!-- -->3')
    expect((await viaNginx('/posts/1')).proxy).toBe('HIT')
  })

  it("the inspector's purge button is revalidatePath: nginx, the Cloudflare API and the webhook are purged", async () => {
    await viaNginx('/posts/2')
    expect((await viaNginx('/posts/2')).proxy).toBe('HIT')
    version = 10
    const log = accessLog().length
    const sent = received.length
    const res = await server.get('/_fresco/inspector', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${INSPECTOR_SECRET}`,
        origin: server.url,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ path: '/posts/2' }),
    })
    expect(res.status, res.text).toBe(200)
    await purgedFromNginx('/posts/2', log)
    await poll(async () => (received.length - sent >= 2 ? true : undefined), { what: 'API purges' })
    expect(JSON.parse(received.slice(sent).find((r) => r.url === '/hook')!.body)).toEqual({
      tags: ['_N_T_/posts/2'],
      paths: ['/posts/2'],
    })
    const fresh = await viaNginx('/posts/2')
    expect(fresh.proxy).toBe('MISS')
    expect(fresh.body).toContain('version <!-- -->10')
  })

  it('a CDN that never answers delays neither the revalidation nor the next page', async () => {
    hang = true
    const sent = received.length
    version = 4
    const res = await server.get('/api/revalidate?tag=posts', { method: 'POST' })
    expect(res.status).toBe(200)
    // The purge requests arrive after the answer and stay unanswered.
    await poll(async () => (received.length - sent >= 2 ? true : undefined), { what: 'purge requests' })
    expect(hanging.length).toBeGreaterThanOrEqual(2)
    const page = await server.get('/posts/1')
    expect(page.status).toBe(200)
    expect(page.text).toContain('version 4')
    expect(server.proc.output()).not.toMatch(/\b500\b|Error:/)
  })
})
