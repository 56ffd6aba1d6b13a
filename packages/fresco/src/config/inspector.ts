// `inspector`: the cache inspector page of `fresco start` (/_fresco/inspector), off unless a secret
// is configured here or in FRESCO_INSPECTOR_SECRET. Errors never print the secret itself.
import { invalidEnvError } from '../errors.js'
import type { Bad, CheckKeys } from './checks.js'
import { isRecord } from './checks.js'

export interface InspectorOptions {
  /**
   * The password of the page (HTTP Basic, any user name) and of `Authorization: Bearer`: at least
   * 16 characters. Keep it out of the repository: `secret: process.env.MY_SECRET`.
   */
  secret: string
}

export interface ResolvedInspector {
  secret: string
}

export const INSPECTOR_KEYS = ['secret'] as const
/** Long enough that guessing it over HTTP is hopeless (no rate limit needed). */
export const MIN_SECRET_LENGTH = 16
export const INSPECTOR_SECRET_ENV = 'FRESCO_INSPECTOR_SECRET'

const hidden = (secret: string) => `(hidden, ${secret.length} characters)`
const tooShort = `Use at least ${MIN_SECRET_LENGTH} characters, e.g. the output of \`openssl rand -hex 24\`.`

/** The config key wins; without it (undefined) the environment variable turns the page on. */
export function readInspector(
  value: unknown,
  envSecret: string | undefined,
  bad: Bad,
  checkKeys: CheckKeys,
): ResolvedInspector | null {
  if (value === false) return null
  if (value === undefined) {
    if (envSecret === undefined || envSecret === '') return null
    if (envSecret.length < MIN_SECRET_LENGTH)
      throw invalidEnvError(INSPECTOR_SECRET_ENV, hidden(envSecret), tooShort)
    return { secret: envSecret }
  }
  if (!isRecord(value))
    throw bad('inspector', value, 'Use false or an object such as { secret: process.env.INSPECTOR_SECRET }.')
  checkKeys('inspector.', value, INSPECTOR_KEYS)
  const secret = value.secret
  if (typeof secret !== 'string')
    throw bad(
      'inspector.secret',
      typeof secret === 'undefined' ? undefined : `(a ${typeof secret})`,
      `Use a string of at least ${MIN_SECRET_LENGTH} characters (when it comes from an unset environment variable, set it, or use inspector: false).`,
    )
  if (secret.length < MIN_SECRET_LENGTH) throw bad('inspector.secret', hidden(secret), tooShort)
  return { secret }
}
