// `export const runtime = 'edge'` (App Router) and `export const config = { runtime: 'edge' }`
// (Pages Router): the edge runtime is a deployment target Fresco does not have, and the code is the
// same, so those routes run on Node. Next.js reads `runtime` from the source without running it
// (its static analysis of segment config); so does this, so the build can say it once, naming every
// route, before anything renders.
import { readFile } from 'node:fs/promises'
import type { ProjectRoutes } from './scan-project.js'

const APP_EDGE = /export\s+const\s+runtime\s*=\s*['"]edge['"]/
const PAGES_EDGE = /export\s+const\s+config\s*=\s*\{[^}]*\bruntime\s*:\s*['"](?:experimental-)?edge['"]/s

async function declares(file: string, pattern: RegExp, seen: Map<string, Promise<boolean>>) {
  let found = seen.get(file)
  if (!found) {
    found = readFile(file, 'utf8').then(
      (source) => pattern.test(source),
      () => false,
    )
    seen.set(file, found)
  }
  return found
}

/** The URL paths of the routes that ask for the edge runtime (a layout's runtime covers its pages). */
export async function edgeRoutes(project: ProjectRoutes): Promise<string[]> {
  const seen = new Map<string, Promise<boolean>>()
  const found: string[] = []
  for (const route of project.app.routes) {
    const files = [route.file, ...route.segments.flatMap((s) => (s.files.layout ? [s.files.layout] : []))]
    const edge = await Promise.all(files.map((f) => declares(f, APP_EDGE, seen)))
    if (edge.some(Boolean)) found.push(route.path)
  }
  for (const route of project.pages?.routes ?? [])
    if (await declares(route.file, PAGES_EDGE, seen)) found.push(route.path)
  return found
}

/** The one build warning, or undefined when no route asks for the edge runtime. */
export function edgeRuntimeWarning(paths: string[]): string | undefined {
  if (paths.length === 0) return undefined
  return (
    `runtime 'edge' is set on ${paths.join(', ')}: Fresco has no edge runtime and runs ` +
    `${paths.length === 1 ? 'this route' : 'these routes'} on Node.js (same code, same answers). ` +
    "Remove the export or use 'nodejs' to silence this warning."
  )
}
