// Every user-facing error Fresco throws, as named factories. Each message starts with
// `[fresco]`, names the file / key / value at fault, and says what to do about it.
// Pure module (no Node APIs): the matcher and navigation helpers run in the server bundle.
// Other owners append their factories in their own section below.

export class FrescoError extends Error {
  readonly code: string
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(`[fresco] ${message}`, options)
    this.name = 'FrescoError'
    this.code = code
  }
}

export function isFrescoError(e: unknown, code?: string): e is FrescoError {
  return e instanceof FrescoError && (code === undefined || e.code === code)
}

/** Quote a value the way the user wrote it in source (`'edge'`, `-5`, `[object]`). */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`
  if (typeof value === 'function') return 'a function'
  if (typeof value === 'bigint') return `${value}n`
  if (value === null || typeof value !== 'object') return String(value)
  try {
    return JSON.stringify(value)
  } catch {
    return Object.prototype.toString.call(value)
  }
}

// ── app/ scanning (build/scan.ts) ─────────────────────────────────────────────────────────

export const appDirMissingError = (appDir: string) =>
  new FrescoError('APP_DIR_MISSING', `No app directory at ${appDir}. Create app/layout.tsx and app/page.tsx.`)

/** Project files Fresco cannot build correctly without (build/project-checks.ts): one line each. */
export const unsupportedProjectFilesError = (messages: string[]) =>
  new FrescoError('UNSUPPORTED_PROJECT_FILES', messages.join('\n[fresco] '))

export const tsconfigExtendsMissingError = (file: string, spec: string) =>
  new FrescoError(
    'TSCONFIG_EXTENDS_MISSING',
    `${file} extends '${spec}', which does not exist (Vite reads it for every module). Point "extends" at an existing file, or remove it.`,
  )

export const missingRootLayoutError = (appRel: string) =>
  new FrescoError(
    'MISSING_ROOT_LAYOUT',
    `${appRel}/layout.tsx is missing. Every app needs a root layout that renders <html> and <body>: ` +
      `create ${appRel}/layout.tsx (root layouts inside route groups are not supported).`,
  )

export const unsupportedFileError = (fileRel: string, feature: string, hint: string) =>
  new FrescoError('UNSUPPORTED_FILE', `${fileRel}: ${feature} is not supported by Fresco. ${hint}`)

export const duplicateConventionError = (a: string, b: string) =>
  new FrescoError('DUPLICATE_FILE', `${a} and ${b} define the same file convention. Keep only one of them.`)

export const pageAndRouteError = (page: string, route: string) =>
  new FrescoError(
    'PAGE_AND_ROUTE',
    `${page} and ${route} are in the same folder. A segment is either a page or a route handler: ` +
      'move the route handler to its own folder (e.g. app/api/…/route.ts).',
  )

export const invalidSegmentError = (folderRel: string, reason: string) =>
  new FrescoError('INVALID_SEGMENT', `${folderRel}: invalid folder name. ${reason}`)

export const routeConflictError = (url: string, a: string, b: string) =>
  new FrescoError(
    'ROUTE_CONFLICT',
    `${a} and ${b} both resolve to ${url}. app/ and pages/ share one URL space and route groups do not change the URL: remove or move one of them.`,
  )

export const differentSlugNamesError = (a: string, b: string, nameA: string, nameB: string) =>
  new FrescoError(
    'DIFFERENT_SLUG_NAMES',
    `${a} and ${b} use different parameter names ('${nameA}' !== '${nameB}') for the same dynamic path. ` +
      'Rename one folder so both use the same name.',
  )

export const repeatedParamError = (name: string, folderRel: string) =>
  new FrescoError(
    'REPEATED_PARAM',
    `${folderRel}: the parameter name '${name}' is used twice in the same route. Rename one of the folders.`,
  )

export const catchAllNotLastError = (catchAllRel: string, childRel: string) =>
  new FrescoError(
    'CATCH_ALL_NOT_LAST',
    `${childRel}: a catch-all segment (${catchAllRel}) must be the last part of the URL. ` +
      'Move the nested route out of the catch-all folder.',
  )

export const requiredAndOptionalCatchAllError = (a: string, b: string) =>
  new FrescoError(
    'CATCH_ALL_CONFLICT',
    `${a} and ${b}: a required and an optional catch-all cannot be used at the same level. Keep one of them.`,
  )

export const optionalCatchAllSpecificityError = (url: string, a: string, b: string) =>
  new FrescoError(
    'OPTIONAL_CATCH_ALL_CONFLICT',
    `${a} and ${b} both match ${url}: an optional catch-all also matches its bare prefix. ` +
      'Remove one of them, or use a required catch-all [...name].',
  )

// ── URL patterns (runtime/server/match.ts) ────────────────────────────────────────────────

export const missingParamError = (path: string, param: string) =>
  new FrescoError(
    'MISSING_PARAM',
    `The route ${path} needs the parameter '${param}', but it was not provided. ` +
      'Return it from generateStaticParams() for every entry.',
  )

export const badParamTypeError = (path: string, param: string, expected: string, value: unknown) =>
  new FrescoError(
    'BAD_PARAM_TYPE',
    `The route ${path} expects '${param}' to be ${expected}, received ${showValue(value)}. ` +
      'Fix the objects returned by generateStaticParams().',
  )

// ── route segment config (runtime/data/segment-config.ts) ──────────────────────────────────────────

export const invalidSegmentConfigError = (file: string, key: string, value: unknown, allowed: string) =>
  new FrescoError(
    'INVALID_SEGMENT_CONFIG',
    `${file}: export const ${key} = ${showValue(value)} is invalid. ${allowed}`,
  )

export const metadataImageTooLargeError = (fileRel: string, limitMb: number, bytes: number) =>
  new FrescoError(
    'METADATA_IMAGE_TOO_LARGE',
    `${fileRel} is ${(bytes / 1024 / 1024).toFixed(2)} MB; ${limitMb} MB is the most this image may be (the limit social networks set). Make it smaller.`,
  )

export const metadataDefaultExportError = (file: string) =>
  new FrescoError(
    'METADATA_DEFAULT_EXPORT',
    /(?:image|icon)\d?\.\w+$/.test(file)
      ? `${file} has no default export. Export the function that draws the image: export default function Image() { return new ImageResponse(…) }.`
      : `${file} has no default export. Export the function that returns its data: export default function sitemap() { … }.`,
  )

export const unsupportedSegmentExportError = (file: string, what: string, hint: string) =>
  new FrescoError('UNSUPPORTED_SEGMENT_EXPORT', `${file}: ${what} is not supported by Fresco. ${hint}`)

export const segmentConfigConflictError = (route: string, key: string, a: string, b: string) =>
  new FrescoError(
    'SEGMENT_CONFIG_CONFLICT',
    `${route}: the segments of this route combine ${key} = '${a}' and '${b}', which contradict each other. ` +
      'Use one of them for the whole route.',
  )

// ── fresco.config (config/) ──────────────────────────────────────────────────────────────

export const unknownConfigKeyError = (
  file: string,
  key: string,
  allowed: readonly string[],
  suggestion?: string,
) =>
  new FrescoError(
    'UNKNOWN_CONFIG_KEY',
    `${file}: unknown option '${key}'.${suggestion ? ` Did you mean '${suggestion}'?` : ''} ` +
      `Allowed options: ${allowed.join(', ')}.`,
  )

export const invalidConfigValueError = (file: string, key: string, value: unknown, allowed: string) =>
  new FrescoError('INVALID_CONFIG', `${file}: ${key} = ${showValue(value)} is invalid. ${allowed}`)

export const invalidEnvError = (name: string, value: string, allowed: string) =>
  new FrescoError(
    'INVALID_ENV',
    `The environment variable ${name}=${showValue(value)} is invalid. ${allowed}`,
  )

export const configLoadError = (file: string, cause: unknown) =>
  new FrescoError(
    'CONFIG_LOAD_FAILED',
    `Could not load ${file}: ${cause instanceof Error ? cause.message : String(cause)}. ` +
      'Fix the error in the file; it must `export default defineConfig({ … })`.',
    { cause },
  )

export const multipleConfigFilesError = (files: readonly string[]) =>
  new FrescoError(
    'MULTIPLE_CONFIG_FILES',
    `Found ${files.join(' and ')}. Keep one Fresco config file and delete the others.`,
  )

// ── build manifest (build/manifest.ts) ────────────────────────────────────────────────────

export const manifestMissingError = (file: string) =>
  new FrescoError('MANIFEST_MISSING', `${file} does not exist. Run \`fresco build\` first.`)

export const manifestInvalidError = (file: string, reason: string) =>
  new FrescoError(
    'MANIFEST_INVALID',
    `${file} is not a valid Fresco build manifest (${reason}). Run \`fresco build\` again.`,
  )

export const manifestVersionError = (file: string, found: unknown, expected: number) =>
  new FrescoError(
    'MANIFEST_VERSION',
    `${file} was written by another version of Fresco (manifest version ${showValue(found)}, ` +
      `this version reads ${expected}). Run \`fresco build\` again with this version.`,
  )

// ── @fresco/framework/server (runtime/server/next-server.ts) ──────────────────────────────────────────────────

export const invalidRedirectStatusError = (status: number) =>
  new FrescoError(
    'INVALID_REDIRECT_STATUS',
    `NextResponse.redirect() got status ${status}. Use 301, 302, 303, 307 or 308.`,
  )

// ── build, render and serving spine (build/vite-config.ts, build/prerender.ts, runtime/) ────

export const unsupportedNextImportError = (source: string, importer: string, supported: string[]) =>
  new FrescoError(
    'UNSUPPORTED_NEXT_IMPORT',
    `${importer} imports '${source}', which Fresco does not provide: remove that import, or replace what it ` +
      `gives with code or a package of your own. The next/* modules Fresco provides: ${supported.join(', ')} ` +
      '(docs/guide/next-modules.md).',
  )

export const prerenderFailedError = (routeId: string, pathname: string, cause: unknown) =>
  new FrescoError(
    'PRERENDER_FAILED',
    `Prerendering ${pathname} (route ${routeId}) failed: ${cause instanceof Error ? cause.message : String(cause)}. ` +
      "Fix the error, or opt the route out of prerendering with export const dynamic = 'force-dynamic'.",
    { cause },
  )

export const generateStaticParamsError = (routeId: string, cause: unknown) =>
  new FrescoError(
    'GENERATE_STATIC_PARAMS_FAILED',
    `generateStaticParams() of route ${routeId} failed: ${cause instanceof Error ? cause.message : String(cause)}. ` +
      'It must return (or resolve to) an array of params objects.',
    { cause },
  )

export const buildStalledError = (step: string) =>
  new FrescoError(
    'BUILD_STALLED',
    `The build stopped while ${step}: it awaited a promise that can never settle, and nothing else was left to run. ` +
      'Look for a promise that is never resolved in that file (or a library it uses), then build again.',
  )

/** A prerender worker thread ended with renders in flight (threads/worker-pool.ts). */
export const prerenderWorkerExitedError = (rendering: string[], exitCode: number, cause?: unknown) => {
  const what = rendering.length > 0 ? `while rendering ${rendering.join(', ')}` : 'between renders'
  const why =
    cause instanceof Error
      ? `threw ${cause.message}`
      : cause !== undefined
        ? `threw ${String(cause)}`
        : `exited with code ${exitCode}`
  return new FrescoError(
    'PRERENDER_WORKER_EXITED',
    `A prerender worker ${why} ${what}; the build is incomplete. ` +
      'Fix the error in that page (or a library it uses); prerenderWorkers: 1 renders in the main thread instead.',
    { cause },
  )
}

export const prerenderWorkerStartError = (cause: unknown) =>
  new FrescoError(
    'PRERENDER_WORKER_START',
    `A prerender worker could not load the server bundle: ${cause instanceof Error ? cause.message : String(cause)}. ` +
      'Fix the error (a module of the app that fails when imported), or set prerenderWorkers: 1.',
    { cause },
  )

export const buildOutputMissingError = (file: string) =>
  new FrescoError(
    'BUILD_OUTPUT_MISSING',
    `${file} does not exist. Run \`fresco build\` before \`fresco start\`.`,
  )

export const actionOriginError = (origin: string, host: string) =>
  new FrescoError(
    'ACTION_ORIGIN',
    `Server Action rejected: Origin ${origin} does not match Host ${host} (cross-site request forgery protection). ` +
      'Call Server Actions from pages served by this app. Behind a proxy that rewrites Host, set ' +
      'trustProxy: true (it then sends X-Forwarded-Host) or list the public host in serverActions.allowedOrigins.',
  )

export const actionBodyTooLargeError = (limit: number) =>
  new FrescoError(
    'ACTION_BODY_TOO_LARGE',
    `Server Action body exceeded the limit of ${limit} bytes. ` +
      'Raise serverActions.bodySizeLimit in fresco.config.ts if this is expected.',
  )

export const actionNotFoundError = (id: string) =>
  new FrescoError(
    'ACTION_NOT_FOUND',
    `Server Action ${id} was not found. The page was probably built by an older deployment: reload it.`,
  )

export const actionBodyMalformedError = (cause: unknown) =>
  new FrescoError(
    'ACTION_BODY_MALFORMED',
    `Server Action request body could not be decoded (${cause instanceof Error ? cause.message : String(cause)}). ` +
      'Call Server Actions through React (a form action or the imported function), not with a hand-made request.',
    { cause },
  )

export const searchParamsBailoutError = () =>
  new FrescoError(
    'SEARCH_PARAMS_BAILOUT',
    'useSearchParams() was called on a static page outside a <Suspense> boundary: the query string is only ' +
      'known in the browser. Wrap the component that calls it in <Suspense fallback={…}> (as Next.js requires), ' +
      "or make the page dynamic (export const dynamic = 'force-dynamic').",
  )

export const routeHandlerResultError = (routeId: string, method: string) =>
  new FrescoError(
    'ROUTE_HANDLER_RESULT',
    `The ${method} handler of route ${routeId} did not return a Response. Return a Response (or NextResponse).`,
  )

export const unknownCommandError = (command: string) =>
  new FrescoError(
    'UNKNOWN_COMMAND',
    `Unknown command '${command}'. Run fresco dev, fresco build or fresco start.`,
  )

export const invalidPortError = (value: string) =>
  new FrescoError(
    'INVALID_PORT',
    `Invalid port ${showValue(value)}. Pass --port <0-65535> (0: any free port) or set PORT.`,
  )

/** `listen()` failed: the port is taken (EADDRINUSE) or needs privileges (EACCES). */
export const listenError = (code: string | undefined, hostname: string, port: number, cause: unknown) =>
  new FrescoError(
    'LISTEN_FAILED',
    code === 'EADDRINUSE'
      ? `Port ${port} is already in use on ${hostname}. Stop the process using it, or choose another port: --port ${port + 1} (or PORT=${port + 1}).`
      : code === 'EACCES'
        ? `Not allowed to listen on ${hostname}:${port} (ports below 1024 need privileges). Choose another port: --port 3000 (or PORT=3000).`
        : `Cannot listen on ${hostname}:${port}: ${cause instanceof Error ? cause.message : String(cause)}. Check --hostname and --port.`,
    { cause },
  )

export const invalidWorkersError = (value: string) =>
  new FrescoError(
    'INVALID_WORKERS',
    `Invalid --workers ${showValue(value)}. Pass a whole number >= 1 (processes serving the app) or 'auto' (one per available core).`,
  )

// ── serving (runtime/server/prepared-response.ts, node/) ──────────────────────────────────

export const missingRscPayloadError = () =>
  new FrescoError(
    'MISSING_RSC_PAYLOAD',
    'A page cache entry has no RSC payload, so /_fresco/rsc/… cannot be served from it. ' +
      'The renderer must store the payload next to the HTML (CacheEntry.payload).',
  )

export const unservableEntryError = (kind: string) =>
  new FrescoError(
    'UNSERVABLE_ENTRY',
    `A cache entry of kind ${showValue(kind)} reached the route cache. Only 'page' and 'route' entries ` +
      'are served; data entries belong under data:/fn: keys.',
  )

export const requestBodyTooLargeError = (limit: number) =>
  new FrescoError(
    'BODY_TOO_LARGE',
    `The request body is larger than ${limit} bytes. Raise \`bodySizeLimit\` in fresco.config if this ` +
      'endpoint needs bigger uploads.',
  )

/** Thrown by body readers; the server answers 413 instead of 500 when it escapes app.serve(). */
export const isBodyTooLargeError = (e: unknown) => isFrescoError(e, 'BODY_TOO_LARGE')

// ── data layer (runtime/data/: fetch, unstable_cache, revalidate*, cookies/headers/draftMode) ──

export const dynamicInErrorRouteError = (routeId: string, api: string) =>
  new FrescoError(
    'DYNAMIC_IN_ERROR_ROUTE',
    `Route ${routeId} used ${api} but exports dynamic = 'error', so it must render statically. ` +
      `Remove the ${api} call (or move it into a Client Component), or export dynamic = 'force-dynamic' to render per request.`,
  )

export const requestApiInCacheError = (api: string, scope: string) =>
  new FrescoError(
    'REQUEST_API_IN_CACHE',
    `${api} was called inside ${scope}, whose result is shared between requests. ` +
      `Call ${api} outside the cached function and pass the values it needs as arguments.`,
  )

export const readonlyCookiesError = (api: string) =>
  new FrescoError(
    'READONLY_COOKIES',
    `${api} can only be called in a Server Action or a Route Handler: a page or layout cannot set cookies while rendering. ` +
      "Move the call into a Server Action ('use server') or an app/**/route.ts handler.",
  )

export const readonlyHeadersError = () =>
  new FrescoError(
    'READONLY_HEADERS',
    'The headers() object is read-only. Copy it (new Headers(await headers())) to change values, or set response ' +
      'headers on the Response a Route Handler returns.',
  )

export const revalidateDuringRenderError = (expression: string, routeId: string) =>
  new FrescoError(
    'REVALIDATE_DURING_RENDER',
    `${expression.split(' ')[0]} cannot be called during render (route ${routeId} called ${expression} while rendering). ` +
      'Call it from a Server Action or a Route Handler, after the data changed.',
  )

export const revalidateInCacheError = (expression: string) =>
  new FrescoError(
    'REVALIDATE_IN_CACHE',
    `${expression} was called inside a function cached with unstable_cache(), which is unsupported. ` +
      'Call it from a Server Action or a Route Handler instead.',
  )

export const updateTagOutsideActionError = () =>
  new FrescoError(
    'UPDATE_TAG_OUTSIDE_ACTION',
    'updateTag() can only be called from a Server Action. In Route Handlers and elsewhere use revalidateTag(tag, profile).',
  )

export const refreshOutsideActionError = () =>
  new FrescoError(
    'REFRESH_OUTSIDE_ACTION',
    'refresh() can only be called from a Server Action. Elsewhere call router.refresh() in a Client Component.',
  )

export const invalidRevalidateProfileError = (profile: unknown) =>
  new FrescoError(
    'INVALID_REVALIDATE_PROFILE',
    `Invalid revalidateTag profile ${showValue(profile)}. Pass 'max', 'default', 'seconds', 'minutes', 'hours', 'days', ` +
      `'weeks' or { expire: seconds }, or omit it to expire the tag now.`,
  )

export const invalidTagError = (tag: unknown, where: string) =>
  new FrescoError(
    'INVALID_TAG',
    `Invalid tag ${showValue(tag)} passed to ${where}: tags must be non-empty strings.`,
  )

export const invalidRevalidateError = (value: unknown, where: string) =>
  new FrescoError(
    'INVALID_REVALIDATE',
    `Invalid revalidate value ${showValue(value)} on ${where}: it must be a non-negative number of seconds or false.`,
  )

export const unstableCacheRevalidateZeroError = (where: string) =>
  new FrescoError(
    'UNSTABLE_CACHE_REVALIDATE_ZERO',
    `revalidate: 0 cannot be passed to ${where}: pass false (cache until invalidated) or a number of seconds > 0, ` +
      'or call the function directly if it must not be cached.',
  )

export const fetchCacheConflictError = (url: string, option: string, mode: string) =>
  new FrescoError(
    'FETCH_CACHE_CONFLICT',
    `${option} used on fetch for ${url} with export const fetchCache = '${mode}'. ` +
      `Remove the fetch option, or change the route's fetchCache.`,
  )

export const invalidCacheFunctionError = (value: unknown) =>
  new FrescoError(
    'INVALID_CACHE_FUNCTION',
    `unstable_cache() expects a function, received ${showValue(value)}.`,
  )

export const upstreamFailedError = (method: string, url: string, status: number) =>
  new FrescoError(
    'UPSTREAM_FAILED',
    `${method} ${url} answered ${status} while refreshing the data cache; the previous response is kept ` +
      'and the refresh is retried after a short back-off. Check the upstream service.',
  )

export const outsideRequestError = (api: string) =>
  new FrescoError(
    'OUTSIDE_REQUEST',
    `${api} was called outside a request. Call it while rendering a page or layout, in a Server Action or in a ` +
      'Route Handler, not at module level or in a timer.',
  )

export const invalidCookieNameError = (name: string) =>
  new FrescoError(
    'INVALID_COOKIE_NAME',
    `Invalid cookie name ${showValue(name)}: use letters, digits and !#$%&'*+-.^_\`|~ only (RFC 6265).`,
  )

// ── next/* modules (exports/dynamic.ts, exports/image.tsx, build/plugin-next-fonts.ts) ─────────────

export const dynamicSsrFalseOnServerError = () =>
  new FrescoError(
    'DYNAMIC_SSR_FALSE_IN_SERVER_COMPONENT',
    "dynamic(…, { ssr: false }) was called in a Server Component, where it cannot take effect. Move the dynamic() call into a Client Component (a file starting with 'use client'), as Next.js requires.",
  )

export const fontOptionError = (where: string, option: string, allowed: string, fn = 'localFont') =>
  new FrescoError('FONT_OPTION', `${where}: ${fn}() option '${option}' is invalid. Use ${allowed}.`)

/** A next/font/google import the build could not compile (build/plugin-next-font.ts). */
export const nextFontGoogleError = (importer: string) =>
  new FrescoError(
    'NEXT_FONT_GOOGLE',
    `${importer} imports 'next/font/google' but does not call a font as \`const inter = Inter({ … })\` at module level with literal options, in a file of the app: Fresco (as Next) resolves each call at build, from an installed Fontsource package (npm install @fontsource/inter).`,
  )

/** next/font/google: the Fontsource package holding the family is not installed (build/font-google/fontsource.ts). */
export const fontPackageMissingError = (where: string, family: string, wanted: string, install: string) =>
  new FrescoError(
    'FONT_PACKAGE_MISSING',
    `${where}: next/font/google ${family} (${wanted}) needs its font files at build and Fresco never downloads them; ${install.split(' ')[0]} is not in node_modules. Install it: npm install ${install}`,
  )

/** next/font/google: the installed Fontsource package has no such weight, style, subset or axis. */
export const fontNotInPackageError = (
  where: string,
  family: string,
  what: string,
  pkg: string,
  available: string[],
) =>
  new FrescoError(
    'FONT_NOT_IN_PACKAGE',
    `${where}: ${family}() ${what} is not in ${pkg}${available.length > 0 ? ` (available: ${available.join(', ')})` : ''}.`,
  )

export const fontFileMissingError = (where: string, path: string) =>
  new FrescoError(
    'FONT_FILE_MISSING',
    `${where}: localFont() src '${path}' does not exist. Paths are relative to the file calling localFont().`,
  )

// ── Pages Router (runtime/pages/) ──────────────────────────────────────────────────────────

export const pagesDataResultError = (fn: string, page: string, problem: string, hint: string) =>
  new FrescoError('PAGES_DATA_RESULT', `${fn} of ${page} returned ${problem}. ${hint}`)

export const pagesRevalidateError = (page: string, value: unknown) =>
  new FrescoError(
    'PAGES_REVALIDATE',
    `getStaticProps of ${page} returned revalidate: ${showValue(value)}. A page's revalidate must be a ` +
      'positive whole number of seconds, or false (only regenerated by res.revalidate()). ' +
      (typeof value === 'number' && value > 0
        ? `Mixed numbers cannot be used: use ${Math.ceil(value)} (Math.ceil()).`
        : 'To revalidate as soon as possible use 1.'),
  )

export const pagesDataFunctionsConflictError = (page: string, a: string, b: string) =>
  new FrescoError(
    'PAGES_DATA_FUNCTIONS',
    `${page} exports both ${a} and ${b}. A page is either static (getStaticProps) or rendered per request ` +
      '(getServerSideProps): remove one of them.',
  )

export const pagesUnsupportedExportError = (file: string, what: string, hint: string) =>
  new FrescoError('PAGES_UNSUPPORTED', `${file}: ${what} is not supported by Fresco. ${hint}`)

export const pagesStaticPathsMissingError = (page: string, why: string) =>
  new FrescoError('PAGES_STATIC_PATHS', `${page}: ${why}`)

export const pagesApiResponseError = (route: string, problem: string) =>
  new FrescoError('PAGES_API_RESPONSE', `API route ${route}: ${problem}`)

export const pagesRevalidatePathError = (path: string, problem: string) =>
  new FrescoError('PAGES_REVALIDATE_PATH', `res.revalidate('${path}') failed: ${problem}`)

// ── routing: redirects, rewrites, basePath, middleware (config/routing.ts, runtime/server/routing/) ──

export const middlewareConflictError = (files: readonly string[]) =>
  new FrescoError(
    'MIDDLEWARE_CONFLICT',
    `Both ${files.join(' and ')} were found: keep one (proxy.ts is Next 16's name for middleware.ts) and delete the other.`,
  )

export const middlewareExportError = (file: string) =>
  new FrescoError(
    'MIDDLEWARE_EXPORT',
    `${file} has no middleware function: export default a function, or export a function named middleware (proxy in proxy.ts).`,
  )

export const middlewareMatcherError = (file: string, matcher: unknown, why: string) =>
  new FrescoError(
    'MIDDLEWARE_MATCHER',
    `${file}: config.matcher ${showValue(matcher)} is invalid: ${why}. Use a path pattern starting with '/' (e.g. '/about/:path*'), an array of them, or { source, has, missing } objects.`,
  )

export const middlewareUrlError = (helper: string, url: unknown) =>
  new FrescoError(
    'MIDDLEWARE_URL',
    `${helper} got ${showValue(String(url))}: use an absolute URL, e.g. new URL('/path', request.url).`,
  )

// ── parallel and intercepting routes (build/scan-slots.ts) ──

export const slotWithoutLayoutError = (slotRel: string, layoutRel: string, prop: string) =>
  new FrescoError(
    'SLOT_WITHOUT_LAYOUT',
    `${slotRel}: a slot is passed as a prop to the layout beside it, and there is none. Add ${layoutRel} rendering {${prop}}.`,
  )

export const slotOnlyWithoutDefaultError = (url: string, pageRel: string, defaultRel: string) =>
  new FrescoError(
    'SLOT_ONLY_WITHOUT_DEFAULT',
    `${pageRel}: ${url} is missing a matching page or default.tsx in children (only a slot has a page for it). Add ${defaultRel} (what children shows there) or a page.tsx for ${url}.`,
  )

// `fresco cache` (cli/cache.ts)
export const cacheUsageError = (problem: string) =>
  new FrescoError('CACHE_USAGE', `${problem} Run \`fresco cache --help\` for the commands.`)

export const cacheNoBuildError = (frescoDir: string) =>
  new FrescoError(
    'CACHE_NO_BUILD',
    `No build in ${frescoDir}. Run \`fresco build\` first: \`fresco cache\` reads the build id and the cache it filled.`,
  )

export const cacheDirMissingError = (dir: string) =>
  new FrescoError(
    'CACHE_DIR_MISSING',
    `No cache directory at ${dir}. Run \`fresco build\` to fill it, or check cacheDir in fresco.config.`,
  )

export const cacheNotInspectableError = (handler: string) =>
  new FrescoError(
    'CACHE_NOT_INSPECTABLE',
    `\`fresco cache\` reads the fs and Redis handlers; this app's cacheHandler is ${handler}, which lives inside the server process.`,
  )

export const cacheEntryNotFoundError = (what: string, key: string) =>
  new FrescoError(
    'CACHE_ENTRY_NOT_FOUND',
    `No cache entry for ${what} (key ${key}). \`fresco cache ls\` lists what is stored.`,
  )

// output: 'standalone' (build/standalone.ts, standalone/server.ts)
export const standaloneError = (problem: string) =>
  new FrescoError(
    'STANDALONE',
    `Cannot write .fresco/standalone: ${problem}. Install the app's packages in its own node_modules (npm ci), or remove output: 'standalone'.`,
  )

export const standaloneMissingError = (dir: string) =>
  new FrescoError(
    'STANDALONE_MISSING',
    `${dir} is not a standalone build (no .fresco/config/files.json beside server.js). Copy the whole .fresco/standalone folder that \`fresco build\` wrote with output: 'standalone'.`,
  )

// ── instrumentation.ts (node/instrumentation.ts) ───────────────────────────────────────────

export const instrumentationRegisterError = (cause: unknown) =>
  new FrescoError(
    'INSTRUMENTATION_REGISTER_FAILED',
    `instrumentation.ts: register() failed (${cause instanceof Error ? cause.message : String(cause)}). Fix it, or remove the file, and run \`fresco build\` again.`,
    { cause },
  )
