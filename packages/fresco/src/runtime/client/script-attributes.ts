// The HTML attributes of a next/script element from its React props (pure: the server renders
// beforeInteractive scripts with the same attributes the browser loader sets on the others).

/** Props that steer the loader and never become attributes. */
const LOADER_PROPS = new Set([
  'strategy',
  'onLoad',
  'onReady',
  'onError',
  'children',
  'dangerouslySetInnerHTML',
  'stylesheets',
])

/** React's camelCase prop names whose HTML attribute is spelled differently. */
const HTML_NAMES: Record<string, string> = {
  className: 'class',
  crossOrigin: 'crossorigin',
  referrerPolicy: 'referrerpolicy',
  noModule: 'nomodule',
  fetchPriority: 'fetchpriority',
  htmlFor: 'for',
}

/** [attribute, value] pairs; `true` becomes an empty (boolean) attribute, false/null/functions are left out. */
export function scriptAttributes(props: Record<string, unknown>): [string, string][] {
  const out: [string, string][] = []
  for (const [name, value] of Object.entries(props)) {
    if (LOADER_PROPS.has(name) || value === undefined || value === null || value === false) continue
    if (typeof value === 'function' || typeof value === 'object') continue
    out.push([HTML_NAMES[name] ?? name.toLowerCase(), value === true ? '' : String(value)])
  }
  return out
}

/**
 * The React props of a server-rendered beforeInteractive <script>: no loader props, and no `async`
 * (React would hoist an async script into <head>, and it must run before the marker that follows it).
 */
export function beforeInteractiveProps(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(props).filter(([name]) => !LOADER_PROPS.has(name) && name !== 'async'),
  )
}

/** The inline code of a <Script>: its string children or its dangerouslySetInnerHTML. */
export function inlineCode(props: {
  children?: unknown
  dangerouslySetInnerHTML?: { __html?: unknown }
}): string | undefined {
  const html = props.dangerouslySetInnerHTML?.__html
  if (typeof html === 'string') return html
  if (typeof props.children === 'string') return props.children
  if (Array.isArray(props.children) && props.children.every((c) => typeof c === 'string'))
    return props.children.join('')
  return undefined
}

/** JSON for inside an inline <script>: `<` escaped so a key can never close the element. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c')
}
