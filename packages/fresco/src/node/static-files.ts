// Files from dist/client (Vite output, /_fresco/static/* content-hashed) and public/. Both trees are
// listed once at startup: a request can only ever map to a file in that list, so no path
// from the network ever reaches the file system (no traversal by construction).
import { createReadStream } from 'node:fs'
import { lstat, readdir, readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'
import { ONE_YEAR } from '../defaults.js'
import { STATIC_PREFIX } from '../runtime/render/payload.js'
import { ifNoneMatchHits, notModifiedSince } from '../runtime/server/etag.js'
import { createPreparedResponse, type PreparedResponse } from '../runtime/server/prepared-response.js'
import { contentTypeOf } from './content-type.js'
import { ifRangeAllows, parseRange } from './range.js'
import { writePrepared } from './write-response.js'

/** Content-hashed build output: cache forever (RFC 8246 `immutable`). */
export const IMMUTABLE_CACHE_CONTROL = `public, max-age=${ONE_YEAR}, immutable`
/**
 * public/ files keep their URL across deploys, so caches revalidate (ETag / Last-Modified) before
 * each reuse: what `next start` sends for them.
 */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=0'
/** Files up to this size are held in memory with pre-compressed variants. */
export const MEMORY_FILE_LIMIT = 256 * 1024
/** Upper bound on all files held in memory; the rest are streamed from disk. */
export const MEMORY_TOTAL_LIMIT = 64 * 1024 * 1024

export interface StaticFile {
  path: string
  size: number
  mtimeMs: number
  contentType: string
  cacheControl: string
  prepared?: Promise<PreparedResponse>
}

export interface StaticFiles {
  lookup(pathname: string): StaticFile | undefined
  serve(req: IncomingMessage, res: ServerResponse, file: StaticFile): Promise<void>
  readonly size: number
}

export async function createStaticFiles(dirs: {
  clientDir?: string
  publicDir?: string
}): Promise<StaticFiles> {
  const files = new Map<string, StaticFile>()
  // public/ first, then dist/client: the build output wins a name clash (Vite copies public/ there).
  if (dirs.publicDir) await collect(dirs.publicDir, '', files, false)
  if (dirs.clientDir) await collect(dirs.clientDir, '', files, true)
  let memoryBytes = 0

  const load = (file: StaticFile): Promise<PreparedResponse> | undefined => {
    if (file.prepared) return file.prepared
    if (file.size > MEMORY_FILE_LIMIT || memoryBytes + file.size > MEMORY_TOTAL_LIMIT) return undefined
    memoryBytes += file.size
    file.prepared = readFile(file.path).then((body) =>
      createPreparedResponse({
        status: 200,
        body,
        contentType: file.contentType,
        cacheControl: file.cacheControl,
        lastModified: file.mtimeMs,
        headers: { 'x-content-type-options': 'nosniff' },
        brotliQuality: 11, // once per file per process: spend the CPU for the smallest bytes
        compression: 'eager',
      }),
    )
    file.prepared.catch(() => {
      file.prepared = undefined // a read error is retried by the next request
      memoryBytes -= file.size
    })
    return file.prepared
  }

  return {
    size: files.size,
    lookup: (pathname) => files.get(pathname),
    async serve(req, res, file) {
      const prepared = load(file)
      if (prepared) return writePrepared(req, res, await prepared, null)
      streamFile(req, res, file)
    },
  }
}

async function collect(dir: string, prefix: string, files: Map<string, StaticFile>, isClient: boolean) {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return // a missing public/ is normal
  }
  for (const name of names) {
    // Dotfiles (.env, .git, .vite/manifest.json) are never public, except /.well-known (RFC 8615).
    if (name.startsWith('.') && !(prefix === '' && name === '.well-known')) continue
    const path = join(dir, name)
    const stat = await lstat(path) // lstat: symlinks are skipped, they could point anywhere
    const urlPath = `${prefix}/${name}`
    if (stat.isDirectory()) await collect(path, urlPath, files, isClient)
    else if (stat.isFile()) {
      // Only Fresco's hashed output; Vite copies public/ into dist/client too, and a user file
      // (public/assets/logo.png) changes under the same URL.
      const immutable = isClient && urlPath.startsWith(`${STATIC_PREFIX}/`)
      files.set(urlPath, {
        path,
        size: stat.size,
        mtimeMs: stat.mtimeMs,
        contentType: contentTypeOf(name),
        cacheControl: immutable ? IMMUTABLE_CACHE_CONTROL : PUBLIC_CACHE_CONTROL,
      })
    }
  }
}

/** Large files: streamed from disk with a weak validator from size and mtime (RFC 9110 §8.8.1). */
function streamFile(req: IncomingMessage, res: ServerResponse, file: StaticFile): void {
  const etag = `W/"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}"`
  const lastModified = new Date(file.mtimeMs).toUTCString()
  const headers: Record<string, string> = {
    'content-type': file.contentType,
    'cache-control': file.cacheControl,
    etag,
    'last-modified': lastModified,
    'accept-ranges': 'bytes',
    'x-content-type-options': 'nosniff',
  }
  const inm = req.headers['if-none-match']
  const notModified =
    inm !== undefined
      ? ifNoneMatchHits(inm, [etag])
      : notModifiedSince(req.headers['if-modified-since'], file.mtimeMs)
  if (notModified) {
    res.writeHead(304, headers).end()
    return
  }
  const ifRange = req.headers['if-range']
  const range = ifRangeAllows(typeof ifRange === 'string' ? ifRange : undefined, etag, lastModified)
    ? parseRange(req.headers.range, file.size)
    : undefined
  if (range === 'unsatisfiable') {
    res.writeHead(416, {
      'content-range': `bytes */${file.size}`,
      'content-type': 'text/plain; charset=utf-8',
    })
    res.end(req.method === 'HEAD' ? undefined : 'Range Not Satisfiable\n')
    return
  }
  if (range === undefined) res.writeHead(200, { ...headers, 'content-length': String(file.size) })
  else {
    res.writeHead(206, {
      ...headers,
      'content-range': `bytes ${range.start}-${range.end}/${file.size}`,
      'content-length': String(range.end - range.start + 1),
    })
  }
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  const stream = createReadStream(file.path, range)
  stream.on('error', () => res.destroy())
  res.on('close', () => stream.destroy())
  stream.pipe(res)
}
