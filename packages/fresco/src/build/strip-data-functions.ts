// The browser copy of a Pages Router page: its getStaticProps / getStaticPaths /
// getServerSideProps removed, then every top-level import and declaration only they used (to a
// fixpoint), like Next's SSG transform (next-ssg-transform). Without it `import fs from 'node:fs'`
// or a database client used by getStaticProps would be bundled for the browser. Works on the
// ESTree Vite's parser gives for compiled JS (the plugin runs after TypeScript and JSX).
import { parseAst } from 'vite'

export const DATA_FUNCTIONS: ReadonlySet<string> = new Set([
  'getStaticProps',
  'getStaticPaths',
  'getServerSideProps',
])

// biome-ignore lint/suspicious/noExplicitAny: ESTree nodes are walked generically
type Node = any

interface Edit {
  start: number
  end: number
  text: string
}

/** Every identifier the code reads (object keys and `a.b` properties are names, not reads). */
function collectReads(node: Node, into: Set<string>, skip: ReadonlySet<Node>): void {
  if (node === null || typeof node !== 'object' || skip.has(node)) return
  if (Array.isArray(node)) {
    for (const child of node) collectReads(child, into, skip)
    return
  }
  if (node.type === 'Identifier') {
    into.add(node.name)
    return
  }
  for (const key of Object.keys(node)) {
    if (key === 'type' || key === 'start' || key === 'end') continue
    if (
      (node.type === 'MemberExpression' && key === 'property' && !node.computed) ||
      ((node.type === 'Property' || node.type === 'MethodDefinition' || node.type === 'PropertyDefinition') &&
        key === 'key' &&
        !node.computed &&
        !node.shorthand)
    )
      continue
    collectReads(node[key], into, skip)
  }
}

const declaredName = (n: Node): string | undefined => (n?.id?.type === 'Identifier' ? n.id.name : undefined)

export function stripDataFunctions(code: string): { code: string; map: null } | undefined {
  if (![...DATA_FUNCTIONS].some((name) => code.includes(name))) return undefined
  const program = parseAst(code) as Node
  const removed = new Set<Node>()
  const edits: Edit[] = []
  const remove = (node: Node) => {
    removed.add(node)
    edits.push({ start: node.start, end: node.end, text: '' })
  }

  for (const stmt of program.body) {
    if (stmt.type !== 'ExportNamedDeclaration') continue
    const decl = stmt.declaration
    if (decl && DATA_FUNCTIONS.has(declaredName(decl) ?? '')) remove(stmt)
    else if (decl?.type === 'VariableDeclaration') {
      const data = decl.declarations.filter((d: Node) => DATA_FUNCTIONS.has(declaredName(d) ?? ''))
      if (data.length === decl.declarations.length) remove(stmt)
      // `export const a = 1, getStaticProps = …` (rare): the name stays, its value goes.
      else
        for (const d of data) {
          removed.add(d.init)
          edits.push({ start: d.init.start, end: d.init.end, text: 'undefined' })
        }
    } else if (!decl && stmt.specifiers.length > 0) {
      const exported = (s: Node) => s.exported.name ?? s.exported.value
      const kept = stmt.specifiers.filter((s: Node) => !DATA_FUNCTIONS.has(exported(s)))
      if (kept.length === stmt.specifiers.length) continue
      for (const s of stmt.specifiers) if (DATA_FUNCTIONS.has(exported(s))) removed.add(s)
      if (kept.length === 0) remove(stmt)
      else {
        const from = stmt.source ? ` from ${code.slice(stmt.source.start, stmt.source.end)}` : ''
        const list = kept.map((s: Node) => code.slice(s.start, s.end)).join(', ')
        edits.push({ start: stmt.start, end: stmt.end, text: `export { ${list} }${from};` })
      }
    }
  }
  if (removed.size === 0) return undefined

  // Drop what only the removed code used, until nothing changes.
  for (let changed = true; changed; ) {
    changed = false
    const reads = new Set<string>()
    const skip = new Set<Node>(removed)
    for (const stmt of program.body) {
      if (skip.has(stmt)) continue
      if (stmt.type === 'ImportDeclaration') continue
      // A top-level declaration's own name is not a read of it.
      if (stmt.type === 'FunctionDeclaration' || stmt.type === 'ClassDeclaration') {
        collectReads([stmt.params, stmt.body, stmt.superClass], reads, skip)
        continue
      }
      if (stmt.type === 'VariableDeclaration') {
        for (const d of stmt.declarations)
          collectReads([d.id.type === 'Identifier' ? null : d.id, d.init], reads, skip)
        continue
      }
      collectReads(stmt, reads, skip)
    }
    for (const stmt of program.body) {
      if (removed.has(stmt)) continue
      if (stmt.type === 'ImportDeclaration' && stmt.specifiers.length > 0) {
        const live = stmt.specifiers.filter((s: Node) => !removed.has(s) && reads.has(s.local.name))
        const dead = stmt.specifiers.filter((s: Node) => !removed.has(s) && !reads.has(s.local.name))
        if (dead.length === 0) continue
        changed = true
        if (live.length === 0) remove(stmt)
        else for (const s of dead) removed.add(s)
      } else if (stmt.type === 'FunctionDeclaration' || stmt.type === 'ClassDeclaration') {
        const name = declaredName(stmt)
        if (name && !reads.has(name)) {
          remove(stmt)
          changed = true
        }
      } else if (stmt.type === 'VariableDeclaration') {
        const names = stmt.declarations.map(declaredName)
        if (names.every((n: string | undefined) => n !== undefined && !reads.has(n))) {
          remove(stmt)
          changed = true
        }
      }
    }
  }
  return { code: rewrite(code, program, removed, edits), map: null }
}

/** Apply the removals; an import that lost some specifiers is printed again with the rest. */
function rewrite(code: string, program: Node, removed: Set<Node>, edits: Edit[]): string {
  for (const stmt of program.body) {
    if (stmt.type !== 'ImportDeclaration' || removed.has(stmt)) continue
    const kept = stmt.specifiers.filter((s: Node) => !removed.has(s))
    if (kept.length === stmt.specifiers.length) continue
    const def = kept.find((s: Node) => s.type === 'ImportDefaultSpecifier')
    const ns = kept.find((s: Node) => s.type === 'ImportNamespaceSpecifier')
    const named = kept.filter((s: Node) => s.type === 'ImportSpecifier')
    const parts: string[] = []
    if (def) parts.push(def.local.name)
    if (ns) parts.push(`* as ${ns.local.name}`)
    if (named.length > 0) parts.push(`{ ${named.map((s: Node) => code.slice(s.start, s.end)).join(', ')} }`)
    edits.push({
      start: stmt.start,
      end: stmt.end,
      text: `import ${parts.join(', ')} from ${code.slice(stmt.source.start, stmt.source.end)};`,
    })
  }
  edits.sort((a, b) => a.start - b.start)
  let out = ''
  let at = 0
  for (const e of edits) {
    if (e.start < at) continue // nested in an earlier removal
    out += code.slice(at, e.start) + e.text
    at = e.end
  }
  return out + code.slice(at)
}
