// `virtual:fresco/routes`: the scanned route tree as code, every route file behind a lazy
// `import()` so the server only loads the modules of the routes it actually renders.
// `virtual:fresco/build` carries build-time constants (build id, resolved config) into the bundle.
import path from 'node:path'
import type { Plugin, ViteDevServer } from 'vite'
import type { FolderMetadata } from './metadata-files.js'
import { METADATA_NAME, metadataFileId } from './plugin-metadata-files.js'
import type { RouteDef, RouteTree, SegmentDef, SegmentFiles, SlotDef } from './scan.js'
import { interceptRules } from './scan-slots.js'

export const ROUTES_ID = 'virtual:fresco/routes'
export const BUILD_ID = 'virtual:fresco/build'
/** What the browser may know (staleTimes): `virtual:fresco/build` holds secrets. No build id, so
 * client assets keep their hashes across builds; the page learns it from its payload. */
export const CLIENT_ID = 'virtual:fresco/client'

export interface RoutesPluginOptions {
  /** Rescanned in dev when files under app/ are added or removed. */
  scan: () => Promise<RouteTree>
  buildInfo: () => { buildId: string; config: unknown; dev: boolean; draftSecret: string }
}

const lazy = (file: string) => `() => import(${JSON.stringify(file)})`

function filesCode(files: SegmentFiles): string {
  const entries = Object.entries(files).filter((e): e is [string, string] => typeof e[1] === 'string')
  return `{ ${entries.map(([k, f]) => `${k}: ${lazy(f)}`).join(', ')} }`
}

/** One segment; its slots (parallel routes) carry their own pages, recursively. */
/** A folder's metadata-file tags as a shared constant's name (routesModuleCode writes each once). */
type MetadataRef = (m: FolderMetadata) => string

function segmentCode(s: SegmentDef, appDir: string, metadataRef: MetadataRef): string {
  const slots = s.slots
    ? `, slots: [${Object.entries(s.slots)
        .map(([name, slot]) => slotCode(name, slot, appDir, metadataRef))
        .join(', ')}]`
    : ''
  const metadata = s.metadata ? `, metadata: ${metadataRef(s.metadata)}` : ''
  return `{ name: ${JSON.stringify(s.name)}, kind: ${JSON.stringify(s.kind)}, param: ${JSON.stringify(s.param ?? null)}, files: ${filesCode(s.files)}${metadata}${slots} }`
}

function slotCode(name: string, slot: SlotDef, appDir: string, metadataRef: MetadataRef): string {
  const routes = slot.routes.map((r) => {
    const intercepts = r.intercepts ? `, intercepts: ${JSON.stringify(r.intercepts)}` : ''
    return (
      `{ id: ${JSON.stringify(r.id)}, path: ${JSON.stringify(r.path)}, kind: 'page', params: ${JSON.stringify(r.params)}, ` +
      `file: ${JSON.stringify(path.relative(appDir, r.file))}, module: ${lazy(r.file)}, ` +
      `segments: [${r.segments.map((s) => segmentCode(s, appDir, metadataRef)).join(', ')}]${intercepts} }`
    )
  })
  return `{ name: ${JSON.stringify(name)}, segment: ${segmentCode(slot.segment, appDir, metadataRef)}, routes: [${routes.join(', ')}] }`
}

/** A folder's tags as data, its generated images (opengraph-image.tsx…) each with a lazy import of the module. */
function folderMetadataCode({ generated, ...files }: FolderMetadata): string {
  if (!generated) return JSON.stringify(files)
  const images = generated.map(
    ({ file, ...image }) => `{ ...${JSON.stringify(image)}, module: ${lazy(file)} }`,
  )
  return `{ ...${JSON.stringify(files)}, generated: [${images.join(', ')}] }`
}

export function routesModuleCode(tree: RouteTree): string {
  // A folder's metadata tags, written once: every route below the folder shares the object.
  const metadataVars = new Map<FolderMetadata, string>()
  const metadataRef = (m: FolderMetadata) => {
    const known = metadataVars.get(m)
    if (known) return known
    const name = `metadata${metadataVars.size}`
    metadataVars.set(m, name)
    return name
  }
  const routeCode = (r: RouteDef) => {
    const segments = r.segments.map((s) => segmentCode(s, tree.appDir, metadataRef))
    // A static metadata file (icon.png) is imported as its bytes (plugin-metadata-files.ts).
    const module = r.metadata?.static ? metadataFileId(r.file) : r.file
    return (
      `{ id: ${JSON.stringify(r.id)}, path: ${JSON.stringify(r.path)}, kind: ${JSON.stringify(r.kind)}, ` +
      `params: ${JSON.stringify(r.params)}, file: ${JSON.stringify(path.relative(tree.appDir, r.file))}, ` +
      `module: ${lazy(module)}, segments: [${segments.join(', ')}]` +
      `${r.metadata ? `, metadata: ${JSON.stringify(r.metadata)}` : ''}` +
      `${r.slotOnly ? `, slotOnly: ${JSON.stringify({ below: r.slotOnly.below })}` : ''}` +
      `${r.intercepts ? `, intercepts: ${JSON.stringify(r.intercepts)}` : ''} }`
    )
  }
  const routes = tree.routes.map(routeCode)
  // Intercepting routes in `children`: no URL of their own, only server/intercept.ts renders them.
  const interceptRoutes = (tree.intercepting ?? []).map(routeCode)
  const notFound = tree.rootNotFound ? lazy(tree.rootNotFound) : 'null'
  const metadata = [...metadataVars].map(([m, name]) => `const ${name} = ${folderMetadataCode(m)}\n`).join('')
  return (
    `${metadata}export const routes = [\n${routes.join(',\n')}\n]\n` +
    `export const interceptRoutes = [\n${interceptRoutes.join(',\n')}\n]\n` +
    `export const rootNotFound = ${notFound}\n`
  )
}

export function routesPlugin(opts: RoutesPluginOptions): Plugin {
  let tree: Promise<RouteTree> | undefined
  const resolved = new Map([
    [ROUTES_ID, `\0${ROUTES_ID}`],
    [BUILD_ID, `\0${BUILD_ID}`],
    [CLIENT_ID, `\0${CLIENT_ID}`],
  ])
  return {
    name: 'fresco:routes',
    resolveId(id) {
      return resolved.get(id)
    },
    async load(id) {
      if (id === `\0${ROUTES_ID}`) {
        tree ??= opts.scan()
        return routesModuleCode(await tree)
      }
      if (id === `\0${BUILD_ID}`) {
        const info = opts.buildInfo()
        return [
          `export const buildId = ${JSON.stringify(info.buildId)}`,
          `export const config = ${JSON.stringify(info.config)}`,
          `export const dev = ${info.dev}`,
          `export const draftSecret = ${JSON.stringify(info.draftSecret)}`,
        ].join('\n')
      }
      if (id === `\0${CLIENT_ID}`) {
        const info = opts.buildInfo()
        const staleTimes = (info.config as { staleTimes?: unknown } | undefined)?.staleTimes
        tree ??= opts.scan()
        return (
          `export const staleTimes = ${JSON.stringify(staleTimes ?? { dynamic: 0, static: 300 })}\n` +
          `export const intercepts = ${JSON.stringify(interceptRules(await tree))}\n`
        )
      }
      return undefined
    },
    configureServer(server: ViteDevServer) {
      // A new or removed file under app/ changes the route table, not just one module.
      const onChange = (file: string) => {
        if (!file.includes(`${path.sep}app${path.sep}`)) return
        tree = undefined
        for (const env of Object.values(server.environments)) {
          for (const id of [ROUTES_ID, CLIENT_ID]) {
            const mod = env.moduleGraph.getModuleById(`\0${id}`)
            if (mod) env.moduleGraph.invalidateModule(mod)
          }
        }
      }
      server.watcher.on('add', onChange)
      server.watcher.on('unlink', onChange)
      // An edited icon.png or .alt.txt changes its tags' hash, size or alt text.
      server.watcher.on('change', (file) => {
        if (METADATA_NAME.test(path.basename(file))) onChange(file)
      })
    },
  }
}
