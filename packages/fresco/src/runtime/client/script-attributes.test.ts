import { describe, expect, it } from 'vitest'
import { beforeInteractiveProps, inlineCode, scriptAttributes, scriptSafeJson } from './script-attributes.js'

describe('next/script attributes', () => {
  it('keeps HTML attributes in their HTML spelling and drops what steers the loader', () => {
    const attrs = scriptAttributes({
      src: '/a.js',
      id: 'a',
      strategy: 'lazyOnload',
      onLoad: () => {},
      onReady: () => {},
      crossOrigin: 'anonymous',
      referrerPolicy: 'no-referrer',
      className: 'x',
      noModule: false,
      defer: true,
      'data-site': 'k',
      nonce: undefined,
      children: 'code',
    })
    expect(attrs).toEqual([
      ['src', '/a.js'],
      ['id', 'a'],
      ['crossorigin', 'anonymous'],
      ['referrerpolicy', 'no-referrer'],
      ['class', 'x'],
      ['defer', ''],
      ['data-site', 'k'],
    ])
  })

  it('renders a beforeInteractive script without async (it must run before the marker after it)', () => {
    expect(
      beforeInteractiveProps({ src: '/a.js', async: true, strategy: 'beforeInteractive', id: 'a' }),
    ).toEqual({
      src: '/a.js',
      id: 'a',
    })
  })

  it('takes inline code from dangerouslySetInnerHTML, else string children', () => {
    expect(inlineCode({ dangerouslySetInnerHTML: { __html: 'a()' }, children: 'b()' })).toBe('a()')
    expect(inlineCode({ children: ['a(', ')'] })).toBe('a()')
    expect(inlineCode({ children: { type: 'p' } })).toBeUndefined()
    expect(inlineCode({})).toBeUndefined()
  })

  it('never lets a key close the marker script', () => {
    expect(scriptSafeJson('</script><script>alert(1)')).not.toContain('<')
    expect(JSON.parse(scriptSafeJson('</script>'))).toBe('</script>')
  })
})
