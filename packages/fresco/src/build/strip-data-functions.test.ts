import { describe, expect, it } from 'vitest'
import { stripDataFunctions } from './strip-data-functions.js'

const strip = (code: string) => stripDataFunctions(code)?.code ?? code

describe('stripDataFunctions', () => {
  it('removes the data functions and every import and declaration only they used', () => {
    const out = strip(`import fs from 'node:fs';
import { query, format } from './db.js';
import { jsx } from 'react/jsx-runtime';
import './styles.css';
const client = query('x');
function load(id) { return client.get(id) }
export async function getStaticProps({ params }) { return { props: { post: await load(params.id), t: fs.statSync('.') } } }
export const getStaticPaths = async () => ({ paths: [], fallback: 'blocking' });
export default function Post({ post }) { return jsx('h1', { children: format(post.title) }) }
`)
    expect(out).not.toMatch(/node:fs|getStaticProps|getStaticPaths|client|load\(|query/)
    expect(out).toContain("import { format } from './db.js';")
    expect(out).toContain("import './styles.css';")
    expect(out).toContain("import { jsx } from 'react/jsx-runtime';")
    expect(out).toContain('export default function Post')
  })

  it('keeps what the component still uses, and object keys named like an import are not uses of it', () => {
    const out = strip(`import db from './db.js';
import { title } from './site.js';
export function getServerSideProps() { return { props: { x: db.read() } } }
export default function P(p) { return { db: p.db, title, v: p.x.db } }
`)
    expect(out).not.toContain('./db.js')
    expect(out).toContain("import { title } from './site.js';")
  })

  it('handles export lists and re-exports', () => {
    const out = strip(`import { a } from './a.js';
const getStaticProps = () => a;
const Page = () => null;
export { getStaticProps, Page as default };
export { getStaticPaths } from './paths.js';
`)
    expect(out).not.toMatch(/getStatic|\.\/a\.js|paths\.js/)
    expect(out).toContain('export { Page as default };')
  })

  it('leaves modules without data functions untouched', () => {
    expect(stripDataFunctions('export default function P() { return null }')).toBeUndefined()
  })
})
