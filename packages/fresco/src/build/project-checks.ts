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

async function entries(dir: string): Promise<Map<string, boolean>> {
  const found = new Map<string, boolean>() // name → is a directory
  try {
    for (const e of await readdir(dir, { withFileTypes: true })) found.set(e.name, e.isDirectory())
  } catch {
    // a missing folder has nothing in it
  }
  return found
}

// Next.js looks for app/ and pages/ at the root first, then in src/ (paths.ts routesDir): a src/
// one beside a root one is not read (a warning, so nobody edits a dead folder); app/ and pages/
// split between the root and src/ is Next's own build error.
function srcFindings(top: Map<string, boolean>, src: Map<string, boolean>): ProjectFinding[] {
  const findings: ProjectFinding[] = []
  for (const name of ['app', 'pages'] as const)
    if (src.get(name) && top.get(name))
      findings.push({
        level: 'warning',
        file: `src/${name}/`,
        message: `src/${name}/ is ignored: ${name}/ at the project root is the one Fresco (like Next.js) builds.`,
      })
  const parent = (name: 'app' | 'pages') => (top.get(name) ? '' : src.get(name) ? 'src/' : null)
  const app = parent('app')
  const pages = parent('pages')
  if (app !== null && pages !== null && app !== pages)
    findings.push({
      level: 'error',
      file: `${app}app/`,
      message:
        `${app}app/ and ${pages}pages/ are in different folders: Fresco (like Next.js) needs both at the ` +
        'project root or both in src/. Move one beside the other.',
    })
  return findings
}

/** Look at the project root (and src/, public/) before the build starts. Reads names only. */
export async function checkProject(root: string): Promise<ProjectFinding[]> {
  const findings: ProjectFinding[] = []
  const top = await entries(root)
  const src = top.get('src') ? await entries(path.join(root, 'src')) : new Map<string, boolean>()
  findings.push(...srcFindings(top, src))
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
