import { describe, expect, it } from 'vitest'
import { createSecretCheck, refusePurge } from './guard.js'

const secret = 'a-secret-of-24-characters'
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

describe('createSecretCheck', () => {
  const check = createSecretCheck(secret)
  it('accepts the secret as a Basic password (any user, colons allowed) or a Bearer token', () => {
    expect(check(basic('', secret))).toBe(true)
    expect(check(basic('admin', secret))).toBe(true)
    expect(check(`bearer ${secret}`)).toBe(true)
    expect(createSecretCheck('with:colon:inside-x')(basic('u', 'with:colon:inside-x'))).toBe(true)
  })
  it('refuses anything else', () => {
    for (const header of [
      undefined,
      '',
      secret,
      `Bearer ${secret}x`,
      `Bearer ${secret.slice(1)}`,
      basic(secret, ''),
      `Basic ${Buffer.from(secret).toString('base64')}`, // no colon
      `Digest ${secret}`,
      'Basic ',
      `Basic ${'A'.repeat(20_000)}`,
    ])
      expect(check(header), String(header).slice(0, 40)).toBe(false)
  })
})

describe('refusePurge', () => {
  const ok = { origin: 'http://shop.example:3000', 'content-type': 'application/json; charset=utf-8' }
  it('lets a same-origin JSON post through (scheme aside, as behind TLS without trustProxy)', () => {
    expect(refusePurge(ok, 'http://shop.example:3000')).toBeUndefined()
    expect(
      refusePurge({ ...ok, origin: 'https://shop.example:3000' }, 'http://shop.example:3000'),
    ).toBeUndefined()
    expect(
      refusePurge({ ...ok, 'sec-fetch-site': 'same-origin' }, 'http://shop.example:3000'),
    ).toBeUndefined()
  })
  it.each([
    [{ ...ok, origin: undefined }, 'needs an Origin header'],
    [{ ...ok, origin: 'null' }, 'is not this server'],
    [{ ...ok, origin: 'http://shop.example:3001' }, 'is not this server'],
    [{ ...ok, origin: 'http://shop.example.evil:3000' }, 'is not this server'],
    [{ ...ok, 'sec-fetch-site': 'same-site' }, 'a same-site request cannot purge'],
    [{ ...ok, 'content-type': 'text/plain' }, 'application/json'],
    [{ ...ok, 'content-type': undefined }, 'application/json'],
  ])('refuses %j', (headers, message) => {
    expect(refusePurge(headers, 'http://shop.example:3000')).toContain(message)
  })
})
