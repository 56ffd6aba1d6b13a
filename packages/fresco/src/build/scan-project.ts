// Both routers' file routes: app/ (scan.ts) and pages/ (scan-pages.ts), either or both, checked
// together so one URL never belongs to two files. Without pages/, app/ is required as before.
import { existsSync } from 'node:fs'
import { type RouteTree, scanApp } from './scan.js'
import { type PagesTree, scanPages, validateAllRoutes } from './scan-pages.js'

export interface ProjectRoutes {
  app: RouteTree
  pages?: PagesTree
}

/** `appDir` / `pagesDir` come from appPaths() (app/ or src/app, pages/ or src/pages). */
export async function scanProject(root: string, appDir: string, pagesDir: string): Promise<ProjectRoutes> {
  const hasPages = existsSync(pagesDir)
  // A Pages-only app has no app/: an empty App Router (its 404s are the Pages Router's).
  const app = hasPages && !existsSync(appDir) ? { appDir, routes: [] } : await scanApp(appDir)
  if (!hasPages) return { app }
  const pages = await scanPages(pagesDir)
  validateAllRoutes(app.routes, pages, root)
  return { app, pages }
}
