// `import Router from 'next/router'` and withRouter(): the browser's client router once the page
// booted (client-boot.tsx registers it), through a proxy so modules may import it before that.
import type { ComponentType } from 'react'
import { type NextRouter, useRouter } from './router-context.js'

let current: NextRouter | undefined

export function setSingletonRouter(router: NextRouter): void {
  current = router
}

export const singletonRouter: NextRouter = new Proxy({} as NextRouter, {
  get(_target, key) {
    if (!current)
      throw new Error(
        `[fresco] Router.${String(key)} from next/router is only available in the browser, after the page booted. Use useRouter() in components.`,
      )
    const value = current[key as keyof NextRouter]
    return typeof value === 'function' ? value.bind(current) : value
  },
})

export function withRouter<P extends { router?: NextRouter }>(
  Inner: ComponentType<P>,
): ComponentType<Omit<P, 'router'>> {
  const WithRouter = (props: Omit<P, 'router'>) => <Inner {...(props as P)} router={useRouter()} />
  WithRouter.displayName = `withRouter(${Inner.displayName ?? Inner.name ?? 'Component'})`
  return WithRouter
}
