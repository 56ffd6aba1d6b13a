// What `fresco build` prints: a progress counter while prerendering and, at the end, the route
// table (like Next.js's build output) so users see at a glance what is static, ISR or dynamic.
import { ONE_YEAR } from '../defaults.js'
import type { FrescoManifest, RouteType } from './manifest.js'

export interface Output {
  write(chunk: string): unknown
  isTTY?: boolean
  columns?: number
}

export interface Progress {
  /** One path rendered, whether it was stored or turned out dynamic. */
  tick(pathname: string): void
  done(summary: PrerenderSummary): void
}

/** What the build kept: pages stored in the route cache, and routes left to render per request. */
export interface PrerenderSummary {
  pages: number
  dynamicRoutes: number
}

/** The summary a manifest stands for: every prerendered path, every dynamic route. */
export function summarize(manifest: FrescoManifest): PrerenderSummary {
  return {
    pages: manifest.routes.reduce((n, r) => n + r.prerendered.length, 0),
    dynamicRoutes: manifest.routes.filter((r) => r.type === 'dynamic').length,
  }
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/**
 * 'Prerendered 3 pages, 1 dynamic route', and when some rendered paths were not stored (their
 * route turned out dynamic), how many of the progress counter's total those were.
 */
export function formatSummary(summary: PrerenderSummary, rendered: number): string {
  const line = `Prerendered ${plural(summary.pages, 'page', 'pages')}, ${plural(summary.dynamicRoutes, 'dynamic route', 'dynamic routes')}`
  const skipped = rendered - summary.pages
  return skipped > 0
    ? `${line} (${skipped} of ${rendered} rendered paths ${skipped === 1 ? 'was' : 'were'} dynamic)`
    : line
}

const REDRAW_MS = 100

/**
 * A terminal redraws one line in place (throttled); a log file or CI gets a plain line at every
 * tenth of the work, so thousands of pages do not flood it.
 */
export function createProgress(total: number, out: Output = process.stdout): Progress {
  let count = 0
  let lastDraw = 0
  const step = Math.max(1, Math.ceil(total / 10))
  const line = () =>
    `Prerendering ${count}/${total} (${total === 0 ? 100 : Math.floor((count / total) * 100)}%)`
  return {
    tick(pathname) {
      count++
      if (out.isTTY) {
        const now = Date.now()
        if (now - lastDraw < REDRAW_MS && count < total) return
        lastDraw = now
        const text = `${line()} ${pathname}`
        const width = (out.columns ?? 80) - 1
        out.write(`\r\x1b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`)
        return
      }
      if (count % step === 0 || count === total) out.write(`${line()}\n`)
    },
    done(summary) {
      if (out.isTTY) out.write('\r\x1b[2K')
      out.write(`${formatSummary(summary, count)}\n`)
    },
  }
}

const SYMBOL: Record<RouteType, string> = { static: '○', isr: '●', dynamic: 'ƒ' }

/** 60 → '1m', 3600 → '1h', 31536000 → '1y', 90 → '90s'. */
export function formatSeconds(seconds: number): string {
  const units: [number, string][] = [
    [ONE_YEAR, 'y'],
    [604_800, 'w'],
    [86_400, 'd'],
    [3600, 'h'],
    [60, 'm'],
  ]
  for (const [size, unit] of units)
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`
  return `${seconds}s`
}

export function formatRouteTable(manifest: FrescoManifest): string {
  const header = ['Route', 'Revalidate', 'Expire', 'Prerendered']
  const rows = manifest.routes.map((r, i) => {
    const branch =
      manifest.routes.length === 1 ? '─' : i === 0 ? '┌' : i === manifest.routes.length - 1 ? '└' : '├'
    const reason = r.type === 'dynamic' && r.dynamicReason ? ` (${r.dynamicReason})` : ''
    return [
      `${branch} ${SYMBOL[r.type]} ${r.path}${reason}`,
      r.type === 'isr' && typeof r.revalidate === 'number' ? formatSeconds(r.revalidate) : '',
      r.type === 'isr' ? formatSeconds(r.expire) : '',
      r.prerendered.length > 0 ? String(r.prerendered.length) : '',
    ]
  })
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)))
  const format = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd()
  const legend = [
    '○  (Static)   prerendered as static content',
    '●  (ISR)      prerendered, regenerated in the background after its revalidate time',
    'ƒ  (Dynamic)  rendered on every request',
  ]
  return [format(header), ...rows.map(format), '', ...legend, ''].join('\n')
}

export function printRouteTable(manifest: FrescoManifest, out: Output = process.stdout): void {
  out.write(`\n${formatRouteTable(manifest)}`)
}
