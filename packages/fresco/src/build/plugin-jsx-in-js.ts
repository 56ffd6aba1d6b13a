// JSX in `.js` and `.mjs` files, as Next.js allows (its SWC loader parses them as JSX). Vite's Oxc
// transform skips them, and parses it without JSX when asked; this plugin compiles the app's own
// `.js` / `.mjs` files (never node_modules) as JSX before anything else reads them.
import { type Plugin, transformWithOxc } from 'vite'

const APP_JS = /\.m?js$/
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
