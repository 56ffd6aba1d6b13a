// .fresco/manifest.json: what `fresco build` learnt about every route (static, ISR or dynamic,
// lifetimes, prerendered pathnames), read back by `fresco start`. Plain JSON, written atomically
// so a server starting during a build never reads half a file.
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { manifestInvalidError, manifestMissingError, manifestVersionError } from '../errors.js'
import { type FrescoManifest, MANIFEST_VERSION, type RouteType } from '../runtime/server/manifest-types.js'

export type { FrescoManifest, ManifestRoute, RouteType } from '../runtime/server/manifest-types.js'
export { MANIFEST_VERSION } from '../runtime/server/manifest-types.js'
export const MANIFEST_FILE = 'manifest.json'

/** Dynamic if the route cannot be cached at all; ISR if it goes stale; static otherwise. */
export function routeTypeOf(revalidate: number | false, dynamic: boolean): RouteType {
  if (dynamic || revalidate === 0) return 'dynamic'
  return revalidate === false ? 'static' : 'isr'
}

export async function writeManifest(dir: string, manifest: FrescoManifest): Promise<void> {
  await mkdir(dir, { recursive: true })
  const file = path.join(dir, MANIFEST_FILE)
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    await writeFile(tmp, `${JSON.stringify(manifest, null, 2)}\n`)
    await rename(tmp, file) // atomic on one file system (POSIX rename(2))
  } catch (e) {
    await rm(tmp, { force: true })
    throw e
  }
}

export async function readManifest(dir: string): Promise<FrescoManifest> {
  const file = path.join(dir, MANIFEST_FILE)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw manifestMissingError(file)
    throw e
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw manifestInvalidError(file, 'not JSON')
  }
  if (typeof data !== 'object' || data === null) throw manifestInvalidError(file, 'not an object')
  const m = data as Record<string, unknown>
  if (m.version !== MANIFEST_VERSION) throw manifestVersionError(file, m.version, MANIFEST_VERSION)
  if (typeof m.buildId !== 'string' || m.buildId === '') throw manifestInvalidError(file, 'no buildId')
  if (!Array.isArray(m.routes)) throw manifestInvalidError(file, 'no routes')
  m.routes.forEach((r, i) => {
    const problem = routeProblem(r)
    if (problem) throw manifestInvalidError(file, `routes[${i}]: ${problem}`)
  })
  return data as FrescoManifest
}

function routeProblem(r: unknown): string | null {
  if (typeof r !== 'object' || r === null) return 'not an object'
  const route = r as Record<string, unknown>
  if (typeof route.id !== 'string' || typeof route.path !== 'string') return 'no id or path'
  if (route.kind !== 'page' && route.kind !== 'route') return `bad kind ${String(route.kind)}`
  if (route.type !== 'static' && route.type !== 'isr' && route.type !== 'dynamic')
    return `bad type ${String(route.type)}`
  if (route.revalidate !== false && typeof route.revalidate !== 'number') return 'bad revalidate'
  if (typeof route.expire !== 'number') return 'bad expire'
  if (typeof route.dynamicParams !== 'boolean') return 'bad dynamicParams'
  if (route.fallback !== undefined && typeof route.fallback !== 'boolean' && route.fallback !== 'blocking')
    return 'bad fallback'
  if (!Array.isArray(route.prerendered) || route.prerendered.some((p) => typeof p !== 'string')) {
    return 'bad prerendered'
  }
  return null
}
