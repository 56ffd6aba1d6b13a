// Reads a server-rendered <form> the way a browser without JavaScript would submit it.

const decodeEntities = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')

const attr = (tag: string, name: string) => {
  const m = tag.match(new RegExp(`\\s${name}="([^"]*)"`, 'i'))
  return m ? decodeEntities(m[1] ?? '') : undefined
}

export interface ParsedForm {
  /** The action URL ('' → the page's own URL). */
  action: string
  method: string
  enctype: string
  hidden: [string, string][]
}

/** The form with the given id in `html`; throws if it is not there. */
export function readForm(html: string, id: string): ParsedForm {
  const start = html.search(new RegExp(`<form[^>]*\\sid="${id}"`))
  if (start === -1) throw new Error(`no <form id="${id}"> in the page`)
  const end = html.indexOf('</form>', start)
  const form = html.slice(start, end === -1 ? undefined : end)
  const open = form.slice(0, form.indexOf('>') + 1)
  const hidden: [string, string][] = []
  for (const m of form.matchAll(/<input\b[^>]*>/gi)) {
    const tag = m[0]
    if (attr(tag, 'type')?.toLowerCase() !== 'hidden') continue
    const name = attr(tag, 'name')
    if (name !== undefined) hidden.push([name, attr(tag, 'value') ?? ''])
  }
  return {
    action: attr(open, 'action') ?? '',
    method: (attr(open, 'method') ?? 'GET').toUpperCase(),
    enctype: attr(open, 'enctype') ?? attr(open, 'encType') ?? 'application/x-www-form-urlencoded',
    hidden,
  }
}

/** The server action id React rendered into a form (`$ACTION_ID_<id>`), for a JavaScript-style call. */
export function actionId(form: ParsedForm): string {
  const field = form.hidden.find(([name]) => name.startsWith('$ACTION_ID_'))
  if (!field) throw new Error(`the form has no $ACTION_ID_ field: ${JSON.stringify(form.hidden)}`)
  return field[0].slice('$ACTION_ID_'.length)
}

/** The multipart body a browser sends for the form, plus extra fields typed by the user. */
export function formBody(form: ParsedForm, fields: Record<string, string> = {}): FormData {
  const body = new FormData()
  for (const [name, value] of form.hidden) body.append(name, value)
  for (const [name, value] of Object.entries(fields)) body.append(name, value)
  return body
}
