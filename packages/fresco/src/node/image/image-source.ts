// The bytes of a source image: a file of public/ or of the build's static assets (a static
// import), or an allowed remote URL fetched with a timeout and a size limit. Never a redirect
// (its target was not checked against remotePatterns), never an unbounded body.
import { lstat, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { STATIC_PREFIX } from '../../runtime/render/payload.js'
import { insideBasePath } from '../base-path.js'
import type { ImageRefusal, ImageSource } from './image-request.js'

export interface SourceDirs {
  publicDir?: string
  clientDir?: string
  /** next.config's basePath: a local `url` is a URL of the app (`/docs/me.png` is public/me.png). */
  basePath?: string
}

export interface SourceImage {
  bytes: Buffer
  /** A content-hashed build asset: the optimised result can be cached forever too. */
  immutable: boolean
  /** The upstream's own max-age (remote images), in seconds. */
  maxAge: number | null
}

const FETCH_TIMEOUT_MS = 7000
const refuse = (status: number, message: string): ImageRefusal => ({ ok: false, status, message })

export async function readSource(
  source: ImageSource,
  dirs: SourceDirs,
  maxBytes: number,
): Promise<SourceImage | ImageRefusal> {
  return source.type === 'local'
    ? readLocal(source.pathname, dirs, maxBytes)
    : fetchRemote(source.url, maxBytes)
}

async function readLocal(
  url: string,
  dirs: SourceDirs,
  maxBytes: number,
): Promise<SourceImage | ImageRefusal> {
  const pathname = insideBasePath({ pathname: url, search: '' }, dirs.basePath ?? '')?.pathname
  if (pathname === undefined)
    return refuse(404, `"url" parameter: ${url} is outside basePath ${dirs.basePath}`)
  const immutable = pathname.startsWith(`${STATIC_PREFIX}/`)
  const root = immutable ? dirs.clientDir : dirs.publicDir
  // The pathname was validated (decoded once, no `.`/`..` segments, no NUL or backslash).
  const file = root && join(root, pathname)
  const stat = file ? await lstat(file).catch(() => undefined) : undefined
  // A symlink could point anywhere on the machine: only regular files are read.
  if (!file || !stat?.isFile())
    return refuse(404, `"url" parameter: no file ${pathname} in public/ or the build`)
  if (stat.size > maxBytes)
    return refuse(413, `"url" parameter: the image is larger than images.maximumResponseBody`)
  return { bytes: await readFile(file), immutable, maxAge: null }
}

async function fetchRemote(url: URL, maxBytes: number): Promise<SourceImage | ImageRefusal> {
  let res: Response
  try {
    res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) })
  } catch {
    return refuse(504, `"url" parameter: ${url.host} did not answer within ${FETCH_TIMEOUT_MS / 1000} s`)
  }
  if (res.status !== 200) {
    await res.body?.cancel().catch(() => {})
    return refuse(
      res.status >= 300 && res.status < 400 ? 400 : 404,
      `"url" parameter: upstream answered ${res.status}`,
    )
  }
  const declared = Number(res.headers.get('content-length') ?? 0)
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => {})
    return refuse(413, '"url" parameter: the image is larger than images.maximumResponseBody')
  }
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = res.body?.getReader()
  try {
    for (;;) {
      const next = await reader?.read()
      if (!next || next.done) break
      size += next.value.byteLength
      if (size > maxBytes) {
        await reader?.cancel().catch(() => {})
        return refuse(413, '"url" parameter: the image is larger than images.maximumResponseBody')
      }
      chunks.push(next.value)
    }
  } catch {
    return refuse(504, `"url" parameter: ${url.host} stopped sending the image`)
  }
  const maxAge = /(?:^|,)\s*(?:s-maxage|max-age)=(\d+)/i.exec(res.headers.get('cache-control') ?? '')
  return { bytes: Buffer.concat(chunks), immutable: false, maxAge: maxAge ? Number(maxAge[1]) : null }
}
