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

export const missingRootLayoutError = (appRel: string) =>
  new FrescoError(
    'MISSING_ROOT_LAYOUT',
    `${appRel}/layout.tsx is missing. Every app needs a root layout that renders <html> and <body>: ` +
      `create ${appRel}/layout.tsx (root layouts inside route groups are not supported).`,
  )

export const unsupportedFolderError = (folderRel: string, feature: string, hint: string) =>
  new FrescoError('UNSUPPORTED_FOLDER', `${folderRel}: ${feature} are not supported by Fresco. ${hint}`)

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
    `${a} and ${b} both resolve to ${url}. Route groups do not change the URL: remove or move one of them.`,
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

// ── build, render and serving spine (build/vite-config.ts, build/prerender.ts, runtime/) ────

export const unsupportedNextImportError = (source: string, importer: string, supported: string[]) =>
  new FrescoError(
    'UNSUPPORTED_NEXT_IMPORT',
    `${importer} imports '${source}', which Fresco does not provide. Supported: ${supported.join(', ')}. ` +
      'Import from fresco instead (fresco/link, fresco/navigation, fresco/cache, fresco/headers, fresco/server).',
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

export const buildOutputMissingError = (file: string) =>
  new FrescoError(
    'BUILD_OUTPUT_MISSING',
    `${file} does not exist. Run \`fresco build\` before \`fresco start\`.`,
  )

export const actionOriginError = (origin: string, host: string) =>
  new FrescoError(
    'ACTION_ORIGIN',
    `Server Action rejected: Origin ${origin} does not match Host ${host} (cross-site request forgery protection). ` +
      'Call Server Actions from pages served by this app.',
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
  new FrescoError('INVALID_PORT', `Invalid port ${showValue(value)}. Pass --port <1-65535> or set PORT.`)

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
