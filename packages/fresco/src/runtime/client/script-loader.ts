// next/script's loading, in the browser: one <script> element per key (its `id`, else its `src`)
// for the page's lifetime, whatever number of <Script>s mount it and however often they remount;
// onLoad once per insertion, onReady after the first load and again on every later mount.

export type ScriptStrategy = 'beforeInteractive' | 'afterInteractive' | 'lazyOnload'

export interface LoadableScript {
  src?: string
  id?: string
  /** The inline code (children or dangerouslySetInnerHTML). */
  inline?: string
  /** Attributes for the element: name (HTML spelling) → value. */
  attributes: [string, string][]
  onLoad?: (e: Event | undefined) => void
  onReady?: () => void
  onError?: (e: unknown) => void
}

/** Keys whose script has been inserted (and, for beforeInteractive, already run from the HTML). */
const inserted = new Set<string>()
/** src → its load, so a second <Script> of the same src waits for the first instead of inserting again. */
const loads = new Map<string, Promise<Event | undefined>>()

export const scriptKey = (s: { id?: string; src?: string }): string | undefined => s.id || s.src || undefined

export function isInserted(key: string | undefined): boolean {
  return key !== undefined && inserted.has(key)
}

/** A beforeInteractive script already ran from the server's HTML: later mounts only call onReady. */
export function markInserted(key: string): void {
  inserted.add(key)
}

export function loadScript(script: LoadableScript): void {
  const key = scriptKey(script)
  if (key !== undefined && inserted.has(key)) return
  const { src } = script
  const pending = src ? loads.get(src) : undefined
  if (pending) {
    if (key !== undefined) inserted.add(key)
    pending.then((e) => script.onLoad?.(e), script.onError)
    return
  }
  const el = document.createElement('script')
  for (const [name, value] of script.attributes) el.setAttribute(name, value) // src among them
  if (key !== undefined) inserted.add(key)
  if (src) {
    const load = new Promise<Event | undefined>((resolve, reject) => {
      el.addEventListener('load', resolve)
      el.addEventListener('error', reject)
    })
    loads.set(src, load)
    load.then(
      (e) => {
        script.onLoad?.(e)
        script.onReady?.()
      },
      (e) => script.onError?.(e),
    )
    document.body.appendChild(el)
    return
  }
  el.text = script.inline ?? ''
  document.body.appendChild(el) // an inline script runs as it is inserted
  script.onLoad?.(undefined)
  script.onReady?.()
}

/** lazyOnload: after the window's load event, when the browser is idle. */
export function loadScriptWhenIdle(script: LoadableScript): void {
  const idle = () => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => loadScript(script))
    else setTimeout(() => loadScript(script), 1)
  }
  if (document.readyState === 'complete') idle()
  else window.addEventListener('load', idle, { once: true })
}
