// Files a Next.js project may hold that Fresco does not use yet. Nothing a Next.js user writes is
// silently ignored (router.md): each is named with what Fresco does about it and what to do. A
// warning when the build can still be right without it; an error when skipping it would serve a
// different app (an app/ or pages/ Fresco cannot see). middleware.ts / proxy.ts are built
// (build/plugin-middleware.ts).
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { RESERVED_PREFIX } from '../runtime/render/payload.js'

export interface ProjectFinding {
  level: 'warning' | 'error'
  /** The file or folder, relative to the project root. */
  file: string
  message: string
}

const NEXT_CONFIG = /^next\.config\.(js|cjs|mjs|ts|mts|cts)$/

async function entries(dir: string): Promise<Map<string, boolean>> {
  const found = new Map<string, boolean>() // name → is a directory
  try {
    for (const e of await readdir(dir, { withFileTypes: true })) found.set(e.name, e.isDirectory())
  } catch {
    // a missing folder has nothing in it
  }
  return found
}

// pages/ at the root is the Pages Router (scan-pages.ts); src/pages is not read, like src/app.
function srcPagesFinding(): ProjectFinding {
  return {
    level: 'error',
    file: 'src/pages/',
    message:
      'src/pages/ was found, but Fresco reads pages/ at the project root only (src/ is not supported yet). ' +
      'Move src/pages to pages/ (and point tsconfig "paths" such as "@/*" at the new place).',
  }
}

/** Look at the project root (and src/, public/) before the build starts. Reads names only. */
export async function checkProject(root: string): Promise<ProjectFinding[]> {
  const findings: ProjectFinding[] = []
  const top = await entries(root)
  const src = top.get('src') ? await entries(path.join(root, 'src')) : new Map<string, boolean>()
  for (const [name, isDir] of top) {
    if (isDir) continue
    if (NEXT_CONFIG.test(name))
      findings.push({
        level: 'warning',
        file: name,
        message:
          `${name} was found and is not read by Fresco: its settings (images, redirects, rewrites, headers, ` +
          'env, experimental flags, …) have no effect. Put Fresco settings in fresco.config.ts ' +
          '(docs/guide/configuration.md); serve redirects and headers from route handlers or your proxy.',
      })
  }
  if (src.get('pages')) findings.push(srcPagesFinding())
  if (src.get('app')) {
    findings.push(
      top.get('app')
        ? {
            level: 'warning',
            file: 'src/app/',
            message: 'src/app/ is ignored: app/ at the project root is the one Fresco (like Next.js) builds.',
          }
        : {
            level: 'error',
            file: 'src/app/',
            message:
              'src/app/ was found, but Fresco reads app/ at the project root only (src/ is not supported yet). ' +
              'Move src/app to app/ (and point tsconfig "paths" such as "@/*" at the new place).',
          },
    )
  }
  const reserved = RESERVED_PREFIX.slice(1, -1)
  if ((await entries(path.join(root, 'public'))).get(reserved))
    findings.push({
      level: 'error',
      file: `public/${reserved}/`,
      message:
        `public/${reserved}/ was found, but ${RESERVED_PREFIX} is where Fresco serves its own build output ` +
        '(immutable) and RSC payloads. Rename that folder.',
    })
  return findings
}
