// Defaults and limits that more than one folder relies on, each defined once: config/resolve.ts
// turns them into config defaults, and modules used without a config (the node server, the
// cache headers) fall back to the same values.

/** One year in seconds, Next's CACHE_ONE_YEAR: default expireTime, static s-maxage, the 'max' profile. */
export const ONE_YEAR = 31_536_000

export const MB = 1024 * 1024

/** Any request body (config `bodySizeLimit`). */
export const DEFAULT_BODY_SIZE_LIMIT = 10 * MB

/** A Server Action's body (config `serverActions.bodySizeLimit`), Next's default. */
export const DEFAULT_ACTION_BODY_SIZE_LIMIT = 1 * MB
