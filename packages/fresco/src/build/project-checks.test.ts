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

  it('reads src/app and src/pages when the root has none (as Next.js), and warns when a src/ one is shadowed', async () => {
    expect(await findings(['src/app/page.tsx', 'src/pages/x.tsx', 'next.config.mjs'])).toEqual([])
    expect(await findings(['app/page.tsx', 'src/app/page.tsx'])).toEqual(['warning src/app/'])
    expect(await findings(['pages/index.tsx', 'src/pages/x.tsx'])).toEqual(['warning src/pages/'])
  })

  it('refuses app/ and pages/ split between the root and src/ (Next.js refuses it too)', async () => {
    expect(await findings(['app/page.tsx', 'src/pages/x.tsx'])).toEqual(['error app/'])
    expect(await findings(['src/app/page.tsx', 'pages/x.tsx'])).toEqual(['error src/app/'])
    const [finding] = await checkProject(roots.at(-1) as string)
    expect(finding?.message).toContain('src/app/ and pages/ are in different folders')
  })

  it('refuses public/_fresco/: Fresco serves its own immutable output there', async () => {
    expect(await findings(['app/page.tsx', 'public/_fresco/x.txt'])).toEqual(['error public/_fresco/'])
  })
})
