// JSX in `.js` files, as Next.js allows (its SWC loader parses every .js as JSX). Vite's Oxc
// transform skips `.js`, and parses it without JSX when asked; this plugin compiles the app's own
// `.js` files (never node_modules) as JSX before anything else reads them.
import { type Plugin, transformWithOxc } from 'vite'

const APP_JS = /\.js$/
const JSX_HINT = /<[A-Za-z>]/

export function jsxInJsPlugin(root: string): Plugin {
  const prefix = root.endsWith('/') ? root : `${root}/`
  return {
    name: 'fresco:jsx-in-js',
    enforce: 'pre',
    transform: {
      filter: { id: { include: APP_JS, exclude: /node_modules/ } },
      async handler(code, id) {
        if (!id.startsWith(prefix) || !JSX_HINT.test(code)) return undefined
        const result = await transformWithOxc(code, id, {
          lang: 'jsx',
          jsx: { runtime: 'automatic', importSource: 'react' },
        })
        return { code: result.code, map: result.map }
      },
    },
  }
}
