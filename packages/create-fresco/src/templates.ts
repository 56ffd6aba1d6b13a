// The files of a new app, per router. Plain strings rather than a template folder: npm drops
// `.gitignore` from published tarballs, and one file keeps what a new user gets readable in one place.
// Imports use `@fresco/framework/*` (not `next/*`), so the editor and `tsc` know every type right after
// `npm install`, before the first build writes fresco-env.d.ts.

export type Router = 'app' | 'pages'

export interface TemplateInput {
  /** The npm name of the new app (package.json "name"; only `a-z 0-9 - . _ ~`, so safe in JSX text). */
  name: string
  /** The version of create-fresco, which is released together with @fresco/framework and @fresco/cache. */
  frescoVersion: string
}

/** The seconds between background regenerations of the ISR example page. */
export const ISR_SECONDS = 10

function packageJson({ name, frescoVersion }: TemplateInput): string {
  const pkg = {
    name,
    version: '0.1.0',
    private: true,
    scripts: { dev: 'fresco dev', build: 'fresco build', start: 'fresco start' },
    dependencies: {
      '@fresco/cache': `^${frescoVersion}`,
      '@fresco/framework': `^${frescoVersion}`,
      react: '^19.2.3',
      'react-dom': '^19.2.3',
    },
    devDependencies: { '@types/react': '^19.3.0', '@types/react-dom': '^19.3.0', typescript: '^5.9.3' },
  }
  return `${JSON.stringify(pkg, null, 2)}\n`
}

// create-next-app's tsconfig without the `next` plugin, including the types file the build writes.
const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2022',
      lib: ['dom', 'dom.iterable', 'esnext'],
      allowJs: true,
      skipLibCheck: true,
      strict: true,
      noEmit: true,
      esModuleInterop: true,
      module: 'esnext',
      moduleResolution: 'bundler',
      resolveJsonModule: true,
      isolatedModules: true,
      jsx: 'react-jsx',
    },
    include: ['fresco-env.d.ts', '**/*.ts', '**/*.tsx'],
    exclude: ['node_modules', '.fresco'],
  },
  null,
  2,
)}\n`

const GITIGNORE = `node_modules/
# fresco build output and cache
.fresco/
# written by fresco build / fresco dev
fresco-env.d.ts
*.tsbuildinfo
`

const appLayout = ({ name }: TemplateInput) => `import type { Metadata } from '@fresco/framework'
import type { ReactNode } from 'react'

export const metadata: Metadata = { title: ${JSON.stringify(name)} }

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
`

// The parts both routers' pages share: the home page's text and the ISR page's body.
const homeMain = (name: string, head = '') => `    <main>${head}
      <h1>${name}</h1>
      <p>
        This page is static: <code>fresco build</code> rendered it once, and every request is served from
        the cache.
      </p>
      <p>
        <Link href="/isr">The ISR page</Link> is regenerated in the background at most every ${ISR_SECONDS} seconds.
      </p>
      <Counter />
    </main>`

const ISR_COMMENT = `// Incremental Static Regeneration: prerendered at build, then served from the cache. A request
// more than \`revalidate\` seconds after the last render gets the cached page once more (STALE) and
// starts one regeneration in the background; the requests after it get the new page.`

const ISR_MAIN = `    <main>
      <h1>Incremental Static Regeneration</h1>
      <p>
        Rendered at <time dateTime={renderedAt}>{renderedAt}</time>.
      </p>
      <p>
        Reload: the same copy is served for ${ISR_SECONDS} seconds (response header <code>x-fresco-cache: HIT</code>),
        then regenerated in the background.
      </p>
    </main>`

const counter = `'use client'

import { useState } from 'react'

// A client component: its JavaScript runs in the browser. Under \`fresco dev\`, edit this file and the
// page updates in place, keeping the count.
export function Counter() {
  const [count, setCount] = useState(0)
  return (
    <button type="button" onClick={() => setCount(count + 1)}>
      Clicked {count} times
    </button>
  )
}
`

const appPage = ({ name }: TemplateInput) => `import Link from '@fresco/framework/link'
import { Counter } from '../components/counter'

// No revalidate and no request data: a static page, rendered once by \`fresco build\`.
export default function Home() {
  return (
${homeMain(name)}
  )
}
`

const appIsr = `${ISR_COMMENT}
export const revalidate = ${ISR_SECONDS}

export default function IsrPage() {
  const renderedAt = new Date().toISOString()
  return (
${ISR_MAIN}
  )
}
`

const pagesIndex = ({ name }: TemplateInput) => `import Head from '@fresco/framework/head'
import Link from '@fresco/framework/link'
import { Counter } from '../components/counter'

// No getStaticProps and no getServerSideProps: a static page, rendered once by \`fresco build\`.
export default function Home() {
  return (
${homeMain(name, `\n      <Head>\n        <title>${name}</title>\n      </Head>`)}
  )
}
`

const pagesIsr = `import type { GetStaticProps, InferGetStaticPropsType } from '@fresco/framework'

${ISR_COMMENT}
export const getStaticProps = (async () => ({
  props: { renderedAt: new Date().toISOString() },
  revalidate: ${ISR_SECONDS},
})) satisfies GetStaticProps<{ renderedAt: string }>

export default function IsrPage({ renderedAt }: InferGetStaticPropsType<typeof getStaticProps>) {
  return (
${ISR_MAIN}
  )
}
`

/** Every file of a new app, path (relative, `/`-separated) → contents. */
export function templateFiles(router: Router, input: TemplateInput): Record<string, string> {
  const common = {
    'package.json': packageJson(input),
    'tsconfig.json': TSCONFIG,
    '.gitignore': GITIGNORE,
  }
  if (router === 'pages')
    return {
      ...common,
      'components/counter.tsx': counter,
      'pages/index.tsx': pagesIndex(input),
      'pages/isr.tsx': pagesIsr,
    }
  return {
    ...common,
    'app/layout.tsx': appLayout(input),
    'app/page.tsx': appPage(input),
    'app/isr/page.tsx': appIsr,
    'components/counter.tsx': counter,
  }
}
