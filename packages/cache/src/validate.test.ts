import { describe, expect, it } from 'vitest'
import { FrescoCacheError } from './errors.js'
import { makeEntry } from './testing.js'
import { assertKey, validateEntry, validateUpdateTags } from './validate.js'

const rejects = (fn: () => unknown, pattern: RegExp) => {
  let error: unknown
  try {
    fn()
  } catch (e) {
    error = e
  }
  expect(error).toBeInstanceOf(FrescoCacheError)
  expect((error as Error).message.startsWith('[fresco] ')).toBe(true)
  expect((error as Error).message).toMatch(pattern)
}

describe('validation errors', () => {
  it('keys: non-empty strings of at most 2048 characters', () => {
    rejects(() => assertKey(''), /Cache key is empty\. Pass a non-empty string/)
    rejects(() => assertKey(undefined), /must be a string, got undefined/)
    rejects(() => assertKey('k'.repeat(2049)), /longer than 2048 characters\. Hash long inputs/)
    assertKey('k'.repeat(2048))
  })

  it('entries: each bad field is named, with what to do', () => {
    const bad = (fields: Record<string, unknown>) => () => validateEntry('k', { ...makeEntry(), ...fields })
    rejects(bad({ body: 'html' }), /invalid body: "html"\. Encode it to bytes first/)
    rejects(bad({ payload: [1, 2] }), /invalid payload/)
    rejects(bad({ kind: 'html' }), /invalid kind/)
    rejects(bad({ status: 99 }), /invalid status: 99/)
    rejects(bad({ headers: { a: 1 } }), /invalid header "a"/)
    rejects(bad({ tags: 'posts' }), /invalid tags/)
    rejects(bad({ lastModified: Number.NaN }), /invalid lastModified/)
    rejects(bad({ revalidate: Number.POSITIVE_INFINITY }), /revalidate Infinity\. Use a finite number/)
    rejects(bad({ revalidate: -1 }), /revalidate -1/)
    rejects(bad({ revalidate: true }), /revalidate true/)
    rejects(bad({ expire: -5 }), /expire -5/)
    rejects(bad({ revalidate: 100, expire: 10 }), /expires \(10s\) before it goes stale/)
    rejects(bad({ stale: Number.NaN }), /invalid stale/)
    rejects(() => validateEntry('k', null), /invalid value: null/)
    expect(validateEntry('k', makeEntry({ revalidate: false, expire: 5 })).expire).toBe(5)
    expect(validateEntry('k', makeEntry({ body: Buffer.from('node buffers are Uint8Arrays') }))).toBeDefined()
  })

  it('updateTags: tags must be strings, expire a finite number >= 0', () => {
    rejects(() => validateUpdateTags(['a', 1], undefined), /Tags must be an array of strings/)
    rejects(() => validateUpdateTags(['a'], { expire: -1 }), /updateTags\(\) has expire -1/)
    rejects(() => validateUpdateTags(['a'], { expire: Number.NaN }), /expire NaN/)
    validateUpdateTags(['a'], { expire: 0 })
  })
})
