// `fresco cache ls | show | purge | stats` over the store the app's config selects (the fs
// directory, or Redis), with the server's own freshness rules. ls / show / stats only read: no
// file, key, mtime or recency changes. purge has revalidateTag / revalidatePath's semantics and
// reaches every instance: Redis publishes it; the fs journal is followed by a running
// `fresco start` on the same directory (docs/guide/operations.md).
import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { type CacheInspector, DEFAULT_EXPIRE, MAX_TAG_LENGTH, pathTag } from '@fresco/cache'
import { readManifest } from '../build/manifest.js'
import { appPaths } from '../build/paths.js'
import { loadConfig } from '../config/load.js'
import { cacheEntryNotFoundError, cacheNoBuildError, cacheUsageError } from '../errors.js'
import { normalizeRoutePath, routeKeyPrefix } from '../runtime/server/route-cache.js'
import { bytes, listEntries, openStore, type Stats, statsOf } from './cache-data.js'
import { type EntryView, SERVED_AS, seconds, shownTags, table, viewOf } from './cache-view.js'

export const CACHE_USAGE = `Usage: fresco cache <command> [options]   (in the app's folder, after fresco build)

Commands:
  ls [prefix]           Entries: key (the path for this build's pages), kind, age, revalidate,
                        expire, tags, bytes and state. A prefix starting with '/' filters paths;
                        any other filters raw keys (e.g. 'data:').
  show <path|key>       One entry's metadata and freshness verdict with the reason.
  purge <path>          Invalidate the path, as revalidatePath(path) does.
  purge --tag <tag>     Invalidate a tag (repeatable), as revalidateTag(tag) does.
  stats                 Entries, bytes and states of the whole cache.

Options:
  --json                JSON instead of a table
  -h, --help            Show this help
`

interface Out {
  write(text: string): void
}

export async function runCache(
  argv: string[],
  root = process.cwd(),
  out: Out = process.stdout,
): Promise<void> {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    throw cacheUsageError(`${(error as Error).message}.`)
  }
  const { values, positionals } = parsed
  const [command, arg, ...rest] = positionals
  if (values.help || command === undefined) return void out.write(CACHE_USAGE)
  if (rest.length > 0) throw cacheUsageError(`Unexpected argument '${rest[0]}'.`)
  const json = values.json === true

  const paths = appPaths(root)
  if (!existsSync(paths.manifestFile)) throw cacheNoBuildError(paths.frescoDir)
  const { buildId } = await readManifest(paths.frescoDir)
  const config = await loadConfig(root)
  const store = await openStore(config)
  const routePrefix = routeKeyPrefix(buildId)
  const defaultExpire = config.expireTime ?? DEFAULT_EXPIRE
  try {
    switch (command) {
      case 'ls': {
        const prefix = arg === undefined ? '' : arg.startsWith('/') ? routePrefix + arg : arg
        const views = await viewsOf(store, prefix, routePrefix, defaultExpire)
        return void out.write(json ? toJson(views) : lsTable(views))
      }
      case 'show': {
        if (arg === undefined) throw cacheUsageError('`fresco cache show` needs a path, e.g. /blog/hello.')
        const key = arg.startsWith('/') ? routePrefix + normalizeRoutePath(arg) : arg
        const entry = await store.read(key)
        if (!entry) throw cacheEntryNotFoundError(arg, key)
        const tags = await store.tagStates()
        const view = viewOf(entry, Date.now(), tags, routePrefix, defaultExpire)
        const tagStates = Object.fromEntries(view.tags.map((t) => [t, tags.get(t) ?? null]))
        return void out.write(json ? toJson({ ...view, tagStates }) : showText(view, tagStates))
      }
      case 'purge': {
        const tags = purgeTags(arg, values.tag)
        await store.purge(tags)
        if (json) return void out.write(toJson({ purged: tags, store: store.description }))
        return void out.write(
          `Invalidated ${tags.join(', ')} in ${store.description}: the next request for anything tagged so regenerates it (a running \`fresco start\` on this cache reads it within a second).\n`,
        )
      }
      case 'stats': {
        if (arg !== undefined) throw cacheUsageError(`Unexpected argument '${arg}'.`)
        const views = await viewsOf(store, '', routePrefix, defaultExpire)
        const tags = await store.tagStates()
        const stats = statsOf(views, tags.size, store.description, buildId, config)
        return void out.write(json ? toJson(stats) : statsText(stats))
      }
      default:
        throw cacheUsageError(`Unknown command '${command}'.`)
    }
  } finally {
    await store.close()
  }
}

const parse = (argv: string[]) =>
  parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      tag: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  })

/** revalidatePath(path) is revalidateTag(pathTag(path)); tags as revalidateTag accepts them. */
function purgeTags(path: string | undefined, tags: string[] | undefined): string[] {
  if (path !== undefined && tags !== undefined)
    throw cacheUsageError('Give either a path or --tag, not both.')
  if (tags !== undefined) {
    for (const tag of tags)
      if (tag === '' || tag.length > MAX_TAG_LENGTH)
        throw cacheUsageError(
          `Invalid tag '${tag}': use a non-empty tag of at most ${MAX_TAG_LENGTH} characters.`,
        )
    return tags
  }
  if (path === undefined || !path.startsWith('/'))
    throw cacheUsageError('`fresco cache purge` needs a path starting with / or --tag <tag>.')
  const tag = pathTag(path)
  if (tag === undefined) throw cacheUsageError(`The path is too long to be a cache path.`)
  return [tag]
}

async function viewsOf(
  store: CacheInspector,
  prefix: string,
  routePrefix: string,
  defaultExpire: number,
): Promise<EntryView[]> {
  return (await listEntries(store, prefix, routePrefix, defaultExpire)).views
}

const toJson = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`
function lsTable(views: EntryView[]): string {
  if (views.length === 0) return 'No entries.\n'
  return table(
    ['KEY', 'KIND', 'STATE', 'AGE', 'REVALIDATE', 'EXPIRE', 'BYTES', 'TAGS'],
    views.map((v) => [
      v.path ?? v.key,
      v.kind,
      v.verdict,
      seconds(v.ageSeconds),
      seconds(v.revalidate),
      seconds(v.expire),
      bytes(v.bytes),
      shownTags(v.tags),
    ]),
  )
}

function showText(view: EntryView, tagStates: Record<string, unknown>): string {
  const rows = [
    ['key', view.key],
    ['kind', `${view.kind} (status ${view.status})`],
    ['age', seconds(view.ageSeconds)],
    ['revalidate', seconds(view.revalidate)],
    ['expire', seconds(view.expire)],
    ['bytes', String(view.bytes)],
    ['verdict', `${view.verdict}: ${view.reason}`],
    ['served as', SERVED_AS[view.verdict]],
  ]
  const tags = Object.entries(tagStates).map(([tag, state]) => [
    `  ${tag}`,
    state ? `invalidated ${JSON.stringify(state)}` : 'never invalidated',
  ])
  return table(['FIELD', 'VALUE'], [...rows, ['tags', ''], ...tags])
}

function statsText(s: Stats): string {
  const rows = [
    ['store', s.store],
    ['build', s.buildId],
    ['entries', `${s.entries} (${s.currentBuildPages} of this build's routes)`],
    ['bytes', s.budgetBytes ? `${bytes(s.bytes)} of ${bytes(s.budgetBytes)}` : bytes(s.bytes)],
    [
      'by kind',
      Object.entries(s.byKind)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || '-',
    ],
    [
      'by state',
      Object.entries(s.byState)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || '-',
    ],
    ['invalidated tags', String(s.tagStates)],
  ]
  return table(['FIELD', 'VALUE'], rows)
}
