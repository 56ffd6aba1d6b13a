// `virtual:fresco/metadata-file:<path>`: a static metadata file of app/ (icon.png, robots.txt…) as a
// module whose default export is its bytes in base64, so the server bundle serves it without the
// source tree (as Next.js's next-metadata-route-loader embeds it). runtime/render/metadata-route.ts
// makes the GET handler. In dev, editing such a file (or its .alt.txt) rescans app/ for new hashes.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Plugin, ViteDevServer } from 'vite'

const PREFIX = 'virtual:fresco/metadata-file:'

export const metadataFileId = (file: string) => `${PREFIX}${file}`

/** File names whose content the <head> tags depend on (hash, size, alt text): plugin-routes.ts rescans. */
export const METADATA_NAME =
  /^(favicon|icon\d?|apple-icon\d?|opengraph-image\d?|twitter-image\d?|sitemap|robots|manifest)\./

export function metadataFilesPlugin(): Plugin {
  return {
    name: 'fresco:metadata-files',
    resolveId(id) {
      return id.startsWith(PREFIX) ? `\0${id}` : undefined
    },
    async load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return undefined
      const file = id.slice(PREFIX.length + 1)
      this.addWatchFile(file)
      const bytes = await readFile(file)
      return `export default ${JSON.stringify(bytes.toString('base64'))}\n`
    },
    configureServer(server: ViteDevServer) {
      server.watcher.on('change', (file) => {
        if (!METADATA_NAME.test(path.basename(file))) return
        for (const env of Object.values(server.environments)) {
          const mod = env.moduleGraph.getModuleById(`\0${PREFIX}${file}`)
          if (mod) env.moduleGraph.invalidateModule(mod)
        }
      })
    },
  }
}
