// The rsc environment reaches the ssr environment through plugin-rsc's loadModule: in dev it
// imports through Vite's module runner, in the build it becomes a static import of dist/ssr.
export type SsrModule = typeof import('../entries/ssr.js')

export function loadSsr(): Promise<SsrModule> {
  return import.meta.viteRsc.loadModule<SsrModule>('ssr', 'index')
}
