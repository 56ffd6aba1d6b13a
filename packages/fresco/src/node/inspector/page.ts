// The inspector's HTML: what `fresco cache stats` and `ls` show, filters, each entry's timeline, tag
// states and purge buttons. Server-rendered; the one script (nonce'd) posts purges and reloads.
// Every value from the store is escaped: a stored key can hold any path a visitor asked for.
import { IMPLICIT_TAG_PREFIX, type TagState } from '@fresco/cache'
import { bytes, type Stats } from '../../cli/cache-data.js'
import { type EntryView, SERVED_AS } from '../../cli/cache-view.js'
import { type Filters, KINDS, STATES } from './filters.js'
import { duration, timelineOf } from './timeline.js'

export interface PageModel {
  path: string
  nonce: string
  now: number
  filters: Filters
  stats: Stats | undefined
  /** Rows after filtering, at most `limit` of `matched`. */
  rows: EntryView[]
  matched: number
  tags: Map<string, TagState>
  /** This process's requests by cache status (metrics on), for the hit rate. */
  requests?: Record<string, number>
  /** Why the store could not be listed (a memory or custom handler), shown instead of rows. */
  notice?: string
}

const esc = (value: unknown) =>
  String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )

export function renderPage(m: PageModel): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex, nofollow">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fresco cache inspector</title><style>${STYLE}</style></head>
<body><header><h1>Fresco cache</h1>${m.stats ? `<span>${esc(m.stats.store)} · build ${esc(m.stats.buildId)}</span>` : ''}
<span>as of ${esc(new Date(m.now).toISOString())}</span></header>
<p id="status" role="status"></p>
${m.notice ? `<p class="notice">${esc(m.notice)}</p>` : ''}
${m.stats ? statsSection(m.stats, m.requests, m.path) : ''}
${purgeForms()}
${filterForm(m)}
${m.notice ? '' : entriesTable(m)}
${tagsTable(m)}
<script nonce="${esc(m.nonce)}">${SCRIPT}</script></body></html>
`
}

function statsSection(s: Stats, requests: Record<string, number> | undefined, path: string): string {
  // Each count links to the entries it counts.
  const chips = (counts: Record<string, number>, filter: 'state' | 'kind') =>
    Object.entries(counts)
      .map(([k, n]) => `<a class="chip ${esc(k)}" href="${esc(path)}?${filter}=${esc(k)}">${esc(k)} ${n}</a>`)
      .join(' ') || '–'
  const used = s.budgetBytes ? `${bytes(s.bytes)} of ${bytes(s.budgetBytes)}` : bytes(s.bytes)
  return `<section id="stats" class="cards">
<div><b>${s.entries}</b> entries<small>${s.currentBuildPages} of this build's routes</small></div>
<div><b>${esc(used)}</b> stored</div>
<div>by state<small>${chips(s.byState, 'state')}</small></div>
<div>by kind<small>${chips(s.byKind, 'kind')}</small></div>
<div><b>${s.tagStates}</b> invalidated tags</div>
${hitRate(requests)}</section>`
}

/** HIT + STALE of the requests the route cache answered (dynamic ones never could be). */
function hitRate(requests: Record<string, number> | undefined): string {
  if (!requests)
    return '<div id="hit-rate">hit rate<small>turn on <code>metrics</code> to count requests</small></div>'
  const n = (status: string) => requests[status] ?? 0
  const cached = n('HIT') + n('STALE')
  const cacheable = cached + n('MISS') + n('REVALIDATED')
  const total = Object.values(requests).reduce((a, b) => a + b, 0)
  const rate = cacheable === 0 ? '–' : `${Math.round((cached / cacheable) * 1000) / 10}%`
  const counts = ['HIT', 'STALE', 'MISS', 'REVALIDATED', 'dynamic', 'error']
    .filter((status) => n(status) > 0)
    .map((status) => `${status} ${n(status)}`)
    .join(' · ')
  return `<div id="hit-rate"><b>${rate}</b> from cache<small>of ${total} requests to this process since it started${counts ? `: ${counts}` : ''}</small></div>`
}

function purgeForms(): string {
  return `<section class="forms">
<form id="purge-path" data-purge="path"><label>Purge a path <input name="value" placeholder="/blog/hello" required></label><button>Purge path</button></form>
<form id="purge-tag" data-purge="tag"><label>Purge a tag <input name="value" placeholder="posts" required></label><button>Purge tag</button></form>
<small>As revalidatePath / revalidateTag: on every instance, and your CDN purge adapters run. The next request regenerates.</small></section>`
}

function filterForm(m: PageModel): string {
  const f = m.filters
  const options = (values: readonly string[], selected: string) =>
    ['', ...values]
      .map(
        (v) =>
          `<option value="${esc(v)}"${v === selected ? ' selected' : ''}>${v === '' ? 'any' : esc(v)}</option>`,
      )
      .join('')
  return `<form id="filters" method="get" action="${esc(m.path)}" class="forms">
<label>Prefix <input name="prefix" value="${esc(f.prefix)}" placeholder="/blog or data:"></label>
<label>Kind <select name="kind">${options(KINDS, f.kind)}</select></label>
<label>State <select name="state">${options(STATES, f.state)}</select></label>
<label>Tag <input name="tag" value="${esc(f.tag)}" placeholder="posts"></label>
<button>Filter</button> <a href="${esc(m.path)}">clear</a></form>`
}

function entriesTable(m: PageModel): string {
  const more =
    m.matched > m.rows.length ? ` (showing ${m.rows.length}: narrow the filters to see the rest)` : ''
  if (m.matched === 0) return '<section id="entries"><h2>Entries</h2><p>No entries match.</p></section>'
  return `<section id="entries"><h2>Entries: ${m.matched}${more}</h2>
<table><thead><tr><th>Key</th><th>Kind</th><th>State</th><th>Freshness</th><th>Revalidate</th><th>Bytes</th><th>Tags</th><th></th></tr></thead>
<tbody>${m.rows.map((v) => entryRow(v, m.path)).join('\n')}</tbody></table></section>`
}

function entryRow(v: EntryView, path: string): string {
  const t = timelineOf(v)
  const shown = v.path ?? v.key
  const explicit = v.tags.filter((tag) => !tag.startsWith(IMPLICIT_TAG_PREFIX))
  const tagLinks = explicit
    .map((tag) => `<a href="${esc(path)}?tag=${esc(encodeURIComponent(tag))}">${esc(tag)}</a>`)
    .join(' ')
  const implicitCount = v.tags.length - explicit.length
  const purge =
    v.path !== undefined
      ? `<button data-purge="path" data-value="${esc(v.path)}">Purge</button>`
      : explicit
          .map((tag) => `<button data-purge="tag" data-value="${esc(tag)}">Purge ${esc(tag)}</button>`)
          .join(' ')
  const stale =
    t.staleAt === null
      ? ''
      : `<i class="stale" style="left:${t.staleAt}%;width:${t.expireAt - t.staleAt}%"></i>`
  const fresh = `<i class="fresh" style="width:${t.staleAt ?? t.expireAt}%"></i>`
  return `<tr data-key="${esc(v.key)}" data-state="${esc(v.verdict)}">
<td class="key">${esc(shown)}</td><td>${esc(v.kind)}</td>
<td><span class="chip ${esc(v.verdict)}" title="${esc(SERVED_AS[v.verdict])}">${esc(v.verdict)}</span></td>
<td><div class="bar ${esc(v.verdict)}" title="${esc(reason(v))}">${fresh}${stale}<b class="now" style="left:${t.now}%"></b></div>
<small>${esc(t.label)}${v.verdict.startsWith('tag-') ? ` · ${esc(reason(v))}` : ''}</small></td>
<td class="num">${v.revalidate === false ? 'never' : esc(duration(v.revalidate))}</td><td class="num">${esc(bytes(v.bytes))}</td>
<td>${tagLinks}${implicitCount > 0 ? ` <small>+${implicitCount} path tags</small>` : ''}</td><td>${purge}</td></tr>`
}

/** The server's reason, with an implicit path tag named as what it is ('path tag /blog expired'). */
const reason = (v: EntryView) => v.reason.replaceAll(`tag ${IMPLICIT_TAG_PREFIX}`, 'path tag ')

/** Invalidated tags, latest first (implicit path tags too: they are what revalidatePath sets). */
function tagsTable(m: PageModel): string {
  const when = (at: number | undefined) =>
    at === undefined
      ? '–'
      : at <= m.now
        ? `${duration((m.now - at) / 1000)} ago`
        : `in ${duration((at - m.now) / 1000)}`
  const latest = (s: TagState) => Math.max(s.stale ?? 0, s.expired ?? 0)
  const rows = [...m.tags].sort((a, b) => latest(b[1]) - latest(a[1])).slice(0, 200)
  if (rows.length === 0) return '<section id="tags"><h2>Invalidated tags</h2><p>None yet.</p></section>'
  return `<section id="tags"><h2>Invalidated tags: ${m.tags.size}${m.tags.size > rows.length ? ' (latest 200)' : ''}</h2>
<table><thead><tr><th>Tag</th><th>Stale since</th><th>Expired since</th><th></th></tr></thead><tbody>
${rows
  .map(
    ([tag, s]) =>
      `<tr data-tag="${esc(tag)}"><td>${shownTag(tag)}</td><td>${when(s.stale)}</td><td>${when(s.expired)}</td>
<td><a href="${esc(m.path)}?tag=${esc(encodeURIComponent(tag))}">entries</a> <button data-purge="tag" data-value="${esc(tag)}">Purge again</button></td></tr>`,
  )
  .join('\n')}</tbody></table></section>`
}

const shownTag = (tag: string) =>
  tag.startsWith(IMPLICIT_TAG_PREFIX)
    ? `${esc(tag.slice(IMPLICIT_TAG_PREFIX.length))} <small>(path)</small>`
    : esc(tag)

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:0 1.5rem 2rem;color:#1d232a}
header{display:flex;gap:1rem;align-items:baseline;flex-wrap:wrap}h1{font-size:1.3rem}header span{color:#5b6570}
.cards{display:flex;gap:.75rem;flex-wrap:wrap}.cards div{border:1px solid #d8dee4;border-radius:6px;padding:.5rem .75rem;min-width:9rem}
.cards b{font-size:1.2rem;margin-right:.25rem}.cards small{display:block;color:#5b6570}
.forms{display:flex;gap:.75rem;align-items:center;flex-wrap:wrap;margin:1rem 0}.forms small{color:#5b6570}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #eaeef2;vertical-align:top}
td.key{font-family:ui-monospace,monospace;word-break:break-all}td.num,td button{white-space:nowrap}td small{color:#5b6570}
.chip{border-radius:9px;padding:0 .45rem;background:#eaeef2;white-space:nowrap;color:inherit;text-decoration:none}.fresh.chip{background:#d1f0d9}
.stale.chip,.tag-stale.chip{background:#fbeac0}.expired.chip,.tag-expired.chip{background:#f8d0cc}
.bar{position:relative;height:8px;min-width:12rem;background:#f8d0cc;border-radius:4px;overflow:hidden}
.bar i{position:absolute;top:0;bottom:0}.bar i.fresh{left:0;background:#4bb86b}.bar i.stale{background:#e9b949}
.bar.tag-expired i{opacity:.2}.bar.tag-stale i.fresh{background:#e9b949}
.bar .now{position:absolute;top:-2px;bottom:-2px;width:2px;background:#1d232a}
.notice{background:#fff4d6;padding:.5rem}#status:empty{display:none}#status{background:#e6f0ff;padding:.5rem}`

const SCRIPT = `
const status = document.getElementById('status')
const note = sessionStorage.getItem('fresco-inspector')
if (note) { status.textContent = note; sessionStorage.removeItem('fresco-inspector') }
async function purge(kind, value) {
  status.textContent = 'Purging ' + kind + ' ' + value + '…'
  const res = await fetch(location.pathname, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ [kind]: value }) }).catch(() => null)
  const body = res ? await res.json().catch(() => ({})) : {}
  if (res && res.ok) { sessionStorage.setItem('fresco-inspector', body.message); location.reload() }
  else status.textContent = body.message || 'The purge did not reach the server.'
}
document.addEventListener('click', (e) => {
  const b = e.target.closest('button[data-value]')
  if (b) purge(b.dataset.purge, b.dataset.value)
})
for (const form of document.querySelectorAll('form[data-purge]'))
  form.addEventListener('submit', (e) => { e.preventDefault(); purge(form.dataset.purge, form.elements.value.value.trim()) })
`
