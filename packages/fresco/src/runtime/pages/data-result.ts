// What getStaticProps / getServerSideProps return, checked and normalised in one place with the
// rules of Next's render.tsx: known keys only (a typo like `prop` or `revalidat` must not be
// ignored), a whole positive revalidate or false, `notFound` and `redirect` never together, a
// redirect with `permanent` or `statusCode` (not both). Pure: unit-tested, used by build and server.
import { pagesDataResultError, pagesRevalidateError, showValue } from '../../errors.js'
import { addBasePath } from '../base-path.js'

export type PageProps = Record<string, unknown>

export type DataOutcome =
  | { kind: 'props'; props: PageProps; revalidate: number | false }
  | { kind: 'not-found'; revalidate: number | false }
  | { kind: 'redirect'; destination: string; status: number; revalidate: number | false }

const STATIC_KEYS = new Set(['props', 'revalidate', 'notFound', 'redirect'])
const SERVER_KEYS = new Set(['props', 'notFound', 'redirect'])
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function revalidateOf(page: string, value: unknown): number | false {
  if (value === undefined || value === false) return false
  // Next treats `true` as 1 second.
  if (value === true) return 1
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
    throw pagesRevalidateError(page, value)
  return value
}

function redirectOf(fn: string, page: string, value: unknown): { destination: string; status: number } {
  const bad = (problem: string) =>
    pagesDataResultError(
      fn,
      page,
      `an invalid redirect (${problem})`,
      "Use { redirect: { destination: '/path', permanent: true | false } } or { redirect: { destination, statusCode: 301 | 302 | 303 | 307 | 308 } }.",
    )
  if (!isObject(value)) throw bad(`got ${showValue(value)}`)
  for (const key of Object.keys(value))
    if (key !== 'destination' && key !== 'permanent' && key !== 'statusCode' && key !== 'basePath')
      throw bad(`unknown key '${key}'`)
  if (typeof value.destination !== 'string' || value.destination === '')
    throw bad('destination must be a non-empty string')
  if (value.basePath !== undefined && value.basePath !== false) throw bad('basePath can only be false')
  // The URL the browser is sent to: a local destination is under next.config's basePath unless
  // `basePath: false`, as in Next.
  const destination = value.basePath === false ? value.destination : addBasePath(value.destination)
  if (value.permanent !== undefined && value.statusCode !== undefined)
    throw bad('`statusCode` and `permanent` can not both be provided')
  if (value.statusCode !== undefined) {
    if (typeof value.statusCode !== 'number' || !REDIRECT_STATUSES.has(value.statusCode))
      throw bad(`statusCode ${showValue(value.statusCode)}`)
    return { destination, status: value.statusCode }
  }
  if (typeof value.permanent !== 'boolean') throw bad('`permanent` must be true or false')
  return { destination, status: value.permanent ? 308 : 307 }
}

function check(fn: string, page: string, result: unknown, keys: Set<string>): DataOutcome {
  if (!isObject(result))
    throw pagesDataResultError(
      fn,
      page,
      showValue(result),
      'It must return an object: { props }, { notFound: true } or { redirect }.',
    )
  const extra = Object.keys(result).filter((k) => !keys.has(k))
  if (extra.length > 0)
    throw pagesDataResultError(
      fn,
      page,
      `unknown keys: ${extra.join(', ')}`,
      `Allowed keys are ${[...keys].join(', ')}; props for the component go under props, e.g. { props: { title } }.`,
    )
  const revalidate = keys.has('revalidate') ? revalidateOf(page, result.revalidate) : false
  if (result.notFound !== undefined && result.redirect !== undefined)
    throw pagesDataResultError(fn, page, 'both notFound and redirect', 'Return one of them.')
  if (result.notFound !== undefined) {
    if (typeof result.notFound !== 'boolean')
      throw pagesDataResultError(fn, page, `notFound: ${showValue(result.notFound)}`, 'Use notFound: true.')
    if (result.notFound) return { kind: 'not-found', revalidate }
  }
  if (result.redirect !== undefined)
    return { kind: 'redirect', ...redirectOf(fn, page, result.redirect), revalidate }
  const props = result.props ?? {}
  if (!isObject(props))
    throw pagesDataResultError(fn, page, `props: ${showValue(props)}`, 'props must be a plain object.')
  return { kind: 'props', props, revalidate }
}

export function checkStaticProps(page: string, result: unknown): DataOutcome {
  return check('getStaticProps', page, result, STATIC_KEYS)
}

/** getServerSideProps may return its props as a promise (Next 12+); the caller awaits it. */
export async function checkServerSideProps(page: string, result: unknown): Promise<DataOutcome> {
  if (isObject(result) && result.props instanceof Promise) result = { ...result, props: await result.props }
  return check('getServerSideProps', page, result, SERVER_KEYS)
}
