// npm pack of packages/cache and packages/fresco, once per content: tarballs are cached in the OS temp dir
// under a hash of every source file of both packages, so a test run packs again only after a change.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runProc } from './processes.js'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
export const workDir = join(tmpdir(), 'fresco-e2e')
const PACKAGES = ['cache', 'fresco'] as const
const SKIP = new Set(['node_modules', 'dist', '.fresco', 'coverage'])

function hashTree(dir: string, hash: ReturnType<typeof createHash>, base = dir): void {
  for (const name of readdirSync(dir).sort()) {
    if (SKIP.has(name) || name.endsWith('.tsbuildinfo')) continue
    const file = join(dir, name)
    if (statSync(file).isDirectory()) hashTree(file, hash, base)
    else hash.update(relative(base, file)).update('\0').update(readFileSync(file)).update('\0')
  }
}

export function packagesHash(): string {
  const hash = createHash('sha256')
  for (const pkg of PACKAGES) hashTree(join(repoRoot, 'packages', pkg), hash.update(`${pkg}\0`))
  return hash.digest('hex').slice(0, 16)
}

export interface Tarballs {
  hash: string
  cache: string
  fresco: string
}

let packed: Promise<Tarballs> | undefined

/** Removes tarballs and shared installs of other package contents not used for an hour (another run may hold newer ones). */
function pruneOld(keep: string): void {
  const hourAgo = Date.now() - 3600_000
  const candidates = [
    ...(existsSync(join(workDir, 'tarballs'))
      ? readdirSync(join(workDir, 'tarballs')).map((h) => join(workDir, 'tarballs', h))
      : []),
    ...(existsSync(workDir)
      ? readdirSync(workDir)
          .filter((n) => n.startsWith('deps-'))
          .map((n) => join(workDir, n))
      : []),
  ]
  for (const path of candidates) {
    if (path.endsWith(keep)) continue
    try {
      if (statSync(path).mtimeMs < hourAgo) rmSync(path, { recursive: true, force: true })
    } catch {
      // another run removed it first
    }
  }
}

/** Packs both packages (their `prepack` compiles them) into the temp dir; cached by content. */
export function packTarballs(): Promise<Tarballs> {
  packed ??= (async () => {
    const hash = packagesHash()
    const dir = join(workDir, 'tarballs', hash)
    const result = { hash, cache: join(dir, 'cache.tgz'), fresco: join(dir, 'fresco.tgz') }
    if (existsSync(result.cache) && existsSync(result.fresco)) return result
    pruneOld(hash)
    mkdirSync(dir, { recursive: true })
    for (const pkg of PACKAGES) await packPackage(pkg, pkg === 'cache' ? result.cache : result.fresco)
    return result
  })()
  return packed
}

/** `npm pack` of packages/<pkg> (its `prepack` compiles it), renamed to `target`. */
export async function packPackage(pkg: string, target: string): Promise<void> {
  // Per-process scratch folder and an atomic rename: other runs (other engineers, CI) may pack the same hash.
  const out = join(dirname(target), `tmp-${pkg}-${process.pid}`)
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  const { code, output } = await runProc('npm', ['pack', '--pack-destination', out, '--silent'], {
    cwd: join(repoRoot, 'packages', pkg),
    label: `pack ${pkg}`,
  })
  const tgz = readdirSync(out).find((f) => f.endsWith('.tgz'))
  if (code !== 0 || !tgz) throw new Error(`npm pack of packages/${pkg} failed (${code}):\n${output}`)
  renameSync(join(out, tgz), target)
  rmSync(out, { recursive: true, force: true })
}

/** The file list of a tarball (paths inside it, e.g. `package/dist/index.js`). */
export async function tarballFiles(tgz: string): Promise<string[]> {
  const { code, output } = await runProc('tar', ['-tzf', tgz], { cwd: workDir, label: 'tar' })
  if (code !== 0) throw new Error(`tar -tzf ${tgz} failed: ${output}`)
  return output.split('\n').filter(Boolean)
}
