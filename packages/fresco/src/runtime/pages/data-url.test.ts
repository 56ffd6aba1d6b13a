import { describe, expect, it } from 'vitest'
import { dataUrl } from './data-url.js'

describe('dataUrl', () => {
  it('names the data of a page path; /about/ (trailingSlash: true) has the data of /about', () => {
    expect(dataUrl('b1', '/about')).toBe('/_fresco/data/b1/about.json')
    expect(dataUrl('b1', '/about/')).toBe('/_fresco/data/b1/about.json')
    expect(dataUrl('b1', '/')).toBe('/_fresco/data/b1/index.json')
  })
})
