import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { checkProject } from './project-checks.js'

const roots: string[] = []
afterEach(async () => {
  await Promise.all(roots.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

/** A project root holding `files` (a trailing '/' makes a folder); its findings as "level file". */
async function findings(files: string[]): Promise<string[]> {
  const root = await mkdtemp(path.join(tmpdir(), 'fresco-checks-'))
  roots.push(root)
  for (const f of files) {
    const full = path.join(root, f)
    if (f.endsWith('/')) await mkdir(full, { recursive: true })
    else {
      await mkdir(path.dirname(full), { recursive: true })
      await writeFile(full, 'export default {}\n')
    }
  }
  return (await checkProject(root)).map((f) => `${f.level} ${f.file}`)
}

describe('checkProject: what a Next.js project holds that Fresco does not use yet', () => {
  it('finds nothing in a plain Fresco app', async () => {
    expect(
      await findings(['app/page.tsx', 'app/layout.tsx', 'fresco.config.ts', 'public/robots.txt']),
    ).toEqual([])
  })

  it('warns that next.config.* is not read, naming the file and where settings go', async () => {
    expect(await findings(['app/page.tsx', 'next.config.mjs'])).toEqual(['warning next.config.mjs'])
    const root = roots[0] as string
    const [finding] = await checkProject(root)
    expect(finding?.message).toContain('next.config.mjs was found and is not read by Fresco')
    expect(finding?.message).toContain('fresco.config.ts')
  })

  it('accepts pages/ at the root (the Pages Router) and refuses src/pages, which would not be read', async () => {
    expect(await findings(['app/page.tsx', 'pages/index.tsx'])).toEqual([])
    expect(await findings(['pages/index.tsx', 'src/pages/api/x.ts'])).toEqual(['error src/pages/'])
  })

  it('refuses src/app without app/, and warns that src/app is ignored beside app/ (as Next.js)', async () => {
    expect(await findings(['src/app/page.tsx'])).toEqual(['error src/app/'])
    expect(await findings(['app/page.tsx', 'src/app/page.tsx'])).toEqual(['warning src/app/'])
  })

  it('refuses public/_fresco/: Fresco serves its own immutable output there', async () => {
    expect(await findings(['app/page.tsx', 'public/_fresco/x.txt'])).toEqual(['error public/_fresco/'])
  })
})
