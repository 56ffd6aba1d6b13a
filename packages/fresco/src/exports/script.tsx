'use client'
// <Script> (next/script). afterInteractive (default): inserted once the page is interactive;
// lazyOnload: after the window's load event, when idle; beforeInteractive: in the server's HTML,
// where it is placed, so it runs while the document parses, before hydration (Next puts it in
// <head>; a root-layout <Script> runs as early). One element per `id` (else `src`) per page.
import { type ReactNode, type ScriptHTMLAttributes, useEffect, useRef } from 'react'
import { preload } from 'react-dom'
import {
  beforeInteractiveProps,
  inlineCode,
  scriptAttributes,
  scriptSafeJson,
} from '../runtime/client/script-attributes.js'
import {
  isInserted,
  type LoadableScript,
  loadScript,
  loadScriptWhenIdle,
  markInserted,
  type ScriptStrategy,
  scriptKey,
} from '../runtime/client/script-loader.js'

export type { ScriptStrategy }

export interface ScriptProps extends Omit<ScriptHTMLAttributes<HTMLScriptElement>, 'onLoad' | 'onError'> {
  strategy?: ScriptStrategy
  id?: string
  /** After the script loaded (not for beforeInteractive, as in Next: use onReady). */
  onLoad?: (e: Event | undefined) => void
  /** After the script loaded, and on every later mount of this component. */
  onReady?: () => void
  onError?: (e: unknown) => void
  children?: ReactNode
}

/** What the server's HTML runs after a beforeInteractive script, so the browser knows it ran. */
const RAN = '__fresco_scripts'

declare global {
  interface Window {
    [RAN]?: string[]
  }
}

function loadable(props: ScriptProps): LoadableScript {
  return {
    src: props.src,
    id: props.id,
    inline: inlineCode(props),
    attributes: scriptAttributes(props as Record<string, unknown>),
    onLoad: props.onLoad,
    onReady: props.onReady,
    onError: props.onError,
  }
}

export default function Script(props: ScriptProps) {
  const { strategy = 'afterInteractive', src } = props
  const key = scriptKey(props)
  const latest = useRef(props)
  latest.current = props

  // Once per mount: the script is inserted once per page; a remount only reports it ready.
  useEffect(() => {
    const current = latest.current
    if (strategy === 'beforeInteractive' && key !== undefined && window[RAN]?.includes(key)) markInserted(key)
    if (isInserted(key)) {
      current.onReady?.()
      return
    }
    // beforeInteractive mounted by a client navigation (not in the first HTML): load it now.
    if (strategy === 'lazyOnload') loadScriptWhenIdle(loadable(current))
    else loadScript(loadable(current))
  }, [key, strategy])

  if (strategy === 'afterInteractive' && src) preload(src, { as: 'script' })
  if (strategy !== 'beforeInteractive') return null
  const element = beforeInteractiveProps(props as Record<string, unknown>)
  const inline = inlineCode(props)
  // Rendered by React on the client these elements are inert (React never runs a <script> it creates).
  return (
    <>
      {inline === undefined ? (
        <script {...element} />
      ) : (
        // biome-ignore lint/security/noDangerouslySetInnerHtml: the app's own inline script, as next/script renders it
        <script {...element} dangerouslySetInnerHTML={{ __html: inline }} />
      )}
      {key !== undefined && (
        <script
          // biome-ignore lint/security/noDangerouslySetInnerHtml: a constant statement; the key is JSON with `<` escaped
          dangerouslySetInnerHTML={{ __html: `(self.${RAN}=self.${RAN}||[]).push(${scriptSafeJson(key)})` }}
        />
      )}
    </>
  )
}
