// Test helper: a manifest with one static, one ISR and one dynamic page, for the manifest and
// report tests. Not exported from the package; excluded from tsc's output like the tests.
import { type FrescoManifest, MANIFEST_VERSION } from './manifest.js'

export const sampleManifest = (): FrescoManifest => ({
  version: MANIFEST_VERSION,
  buildId: 'b1',
  createdAt: '2026-01-01T00:00:00.000Z',
  routes: [
    {
      id: '/',
      path: '/',
      kind: 'page',
      type: 'static',
      revalidate: false,
      expire: 31_536_000,
      dynamicParams: true,
      prerendered: ['/'],
    },
    {
      id: '/(shop)/blog/[id]',
      path: '/blog/[id]',
      kind: 'page',
      type: 'isr',
      revalidate: 60,
      expire: 31_536_000,
      dynamicParams: false,
      prerendered: ['/blog/1', '/blog/2'],
    },
    {
      id: '/dashboard',
      path: '/dashboard',
      kind: 'page',
      type: 'dynamic',
      revalidate: 0,
      expire: 31_536_000,
      dynamicReason: 'cookies()',
      dynamicParams: true,
      prerendered: [],
    },
  ],
})
