// Every error @fresco/cache throws, as named factories: one place for wording, each says what to do.

export class FrescoCacheError extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(`[fresco] ${message}`)
    this.name = 'FrescoCacheError'
    this.code = code
  }
}

function show(value: unknown): string {
  if (typeof value === 'string')
    return value.length > 60 ? `"${value.slice(0, 60)}…" (${value.length} chars)` : `"${value}"`
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value)
  if (value instanceof Uint8Array) return `${value.constructor.name}(${value.byteLength})`
  return Object.prototype.toString.call(value)
}

export const errors = {
  emptyKey: () =>
    new FrescoCacheError(
      'EMPTY_KEY',
      'Cache key is empty. Pass a non-empty string such as "route:<buildId>:/path".',
    ),
  invalidKey: (key: unknown) =>
    new FrescoCacheError('INVALID_KEY', `Cache key must be a string, got ${show(key)}.`),
  keyTooLong: (key: string, max: number) =>
    new FrescoCacheError(
      'KEY_TOO_LONG',
      `Cache key ${show(key)} is longer than ${max} characters. Hash long inputs (e.g. sha256) into the key.`,
    ),
  invalidEntry: (key: string, field: string, value: unknown, hint: string) =>
    new FrescoCacheError(
      'INVALID_ENTRY',
      `Cache entry for "${key}" has an invalid ${field}: ${show(value)}. ${hint}`,
    ),
  invalidRevalidate: (key: string, value: unknown) =>
    new FrescoCacheError(
      'INVALID_REVALIDATE',
      `Cache entry for "${key}" has revalidate ${show(value)}. Use a finite number of seconds >= 0, or false for "never stale".`,
    ),
  invalidExpire: (where: string, value: unknown) =>
    new FrescoCacheError(
      'INVALID_EXPIRE',
      `${where} has expire ${show(value)}. Use a finite number of seconds >= 0 (default: one year, 31536000).`,
    ),
  expireBeforeRevalidate: (key: string, expire: number, revalidate: number) =>
    new FrescoCacheError(
      'EXPIRE_BEFORE_REVALIDATE',
      `Cache entry for "${key}" expires (${expire}s) before it goes stale (revalidate ${revalidate}s). Make expire >= revalidate.`,
    ),
  invalidOption: (name: string, value: unknown, hint: string) =>
    new FrescoCacheError('INVALID_OPTION', `Option ${name} is ${show(value)}. ${hint}`),
  invalidTags: (value: unknown) =>
    new FrescoCacheError('INVALID_TAGS', `Tags must be an array of strings, got ${show(value)}.`),
  regenerationTimeout: (key: string, ms: number) =>
    new FrescoCacheError(
      'REGENERATION_TIMEOUT',
      `Regenerating "${key}" took longer than ${ms} ms and was abandoned. Speed up the render or raise timeoutMs.`,
    ),
}
