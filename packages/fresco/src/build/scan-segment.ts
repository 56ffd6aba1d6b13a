// The naming rules of the app/ directory: what a folder name means as a URL segment, and
// which file names are conventions. Everything Next.js gives meaning to but Fresco does not
// support is an error here, so nothing in app/ is silently ignored. Metadata files (icon.png,
// sitemap.ts…) are classified by metadata-files.ts.
import { invalidSegmentError, unsupportedFileError } from '../errors.js'

export type SegmentKind = 'static' | 'dynamic' | 'catchall' | 'optional-catchall' | 'group' | 'slot' | 'root'

/** An intercepting folder's marker: how far up its URL the intercepted route starts. */
export type InterceptMarker = '(.)' | '(..)' | '(..)(..)' | '(...)'

export interface ParsedSegment {
  kind: Exclude<SegmentKind, 'root'>
  /** Parameter name of dynamic / catch-all segments. */
  param?: string
  /** The segment as it appears in a URL pattern: 'blog', '[id]', '[...slug]'; null for groups and slots. */
  pattern: string | null
  /** `(.)photos`: the marker; the rest of the name is parsed as any folder name. */
  intercept?: InterceptMarker
}

export const CONVENTIONS = {
  layout: 'layout',
  page: 'page',
  route: 'route',
  loading: 'loading',
  error: 'error',
  'not-found': 'notFound',
  template: 'template',
  default: 'default',
} as const
export type ConventionKey = (typeof CONVENTIONS)[keyof typeof CONVENTIONS]

export const EXTENSIONS = ['.tsx', '.ts', '.jsx', '.js'] as const

/** 'private' for `_folder` (opted out of routing with everything inside it). */
export function parseSegmentName(name: string, folderRel: string): ParsedSegment | 'private' {
  if (name.startsWith('_')) return 'private'
  if (name.startsWith('@')) {
    // The slot's name is the layout's prop name: it must be one.
    if (!/^@[A-Za-z_$][\w$]*$/.test(name) || name === '@children')
      throw invalidSegmentError(
        folderRel,
        'Slots look like @name, a JavaScript identifier other than children.',
      )
    return { kind: 'slot', pattern: null }
  }
  const intercept = /^(\(\.\.\)\(\.\.\)|\(\.\.\.\)|\(\.\.\)|\(\.\))(.*)$/.exec(name)
  if (intercept) {
    const rest = intercept[2]!
    if (rest === '' || rest.startsWith('(') || rest.startsWith('@') || rest.startsWith('_'))
      throw invalidSegmentError(
        folderRel,
        'An intercepting folder names the segment it intercepts, e.g. (.)photos.',
      )
    const parsed = parseSegmentName(rest, folderRel) as ParsedSegment
    return { ...parsed, intercept: intercept[1] as InterceptMarker }
  }
  const group = /^\((.*)\)$/.exec(name)
  if (group) {
    if (!group[1] || /[()]/.test(group[1]))
      throw invalidSegmentError(folderRel, 'Route groups look like (name).')
    return { kind: 'group', pattern: null }
  }
  if (!/[[\]]/.test(name)) return { kind: 'static', pattern: decodeFolderName(name) }
  const optional = /^\[\[\.\.\.(.*)\]\]$/.exec(name)
  if (optional) return param('optional-catchall', optional[1]!, folderRel)
  if (/^\[\[.*\]\]$/.test(name)) {
    throw invalidSegmentError(folderRel, 'Optional parameters must be catch-all: use [[...name]].')
  }
  const catchAll = /^\[\.\.\.(.*)\]$/.exec(name)
  if (catchAll) return param('catchall', catchAll[1]!, folderRel)
  const dynamic = /^\[(.*)\]$/.exec(name)
  if (dynamic) return param('dynamic', dynamic[1]!, folderRel)
  throw invalidSegmentError(
    folderRel,
    'Brackets must wrap the whole folder name: [name], [...name] or [[...name]].',
  )
}

function param(
  kind: 'dynamic' | 'catchall' | 'optional-catchall',
  name: string,
  folderRel: string,
): ParsedSegment {
  if (name === '') throw invalidSegmentError(folderRel, 'The parameter needs a name, e.g. [id] or [...slug].')
  if (name.startsWith('.')) {
    throw invalidSegmentError(
      folderRel,
      'Parameter names may not start with a period; catch-alls are [...name].',
    )
  }
  if (/[[\]/]/.test(name)) throw invalidSegmentError(folderRel, 'Parameter names may not contain brackets.')
  const pattern = kind === 'dynamic' ? `[${name}]` : kind === 'catchall' ? `[...${name}]` : `[[...${name}]]`
  return { kind, param: name, pattern }
}

/** The segment as written in a URL pattern (static names are decoded, e.g. %5Fx → _x). */
export function urlPattern(s: {
  name: string
  kind: SegmentKind
  param?: string
  intercept?: string
}): string {
  if (s.kind === 'dynamic') return `[${s.param}]`
  if (s.kind === 'catchall') return `[...${s.param}]`
  if (s.kind === 'optional-catchall') return `[[...${s.param}]]`
  // `(.)photos` intercepts the URL segment `photos`.
  return decodeFolderName(s.intercept ? s.name.slice(s.intercept.length) : s.name)
}

// Next.js lets `%5Fname` stand for a URL segment that starts with '_' (otherwise private).
function decodeFolderName(name: string): string {
  if (!name.includes('%')) return name
  try {
    return decodeURIComponent(name)
  } catch {
    return name
  }
}

/** The convention a file name stands for, null for colocated files (components, styles…). */
export function classifyFile(fileName: string, fileRel: string): ConventionKey | null {
  const dot = fileName.indexOf('.')
  const base = dot === -1 ? fileName : fileName.slice(0, dot)
  const ext = dot === -1 ? '' : fileName.slice(dot)
  if (base in CONVENTIONS && (EXTENSIONS as readonly string[]).includes(ext)) {
    return CONVENTIONS[base as keyof typeof CONVENTIONS]
  }
  rejectUnsupportedFile(base, ext, fileRel)
  return null
}

const UNSUPPORTED_CONVENTIONS: Record<string, [feature: string, hint: string]> = {
  'global-error': ['global-error.tsx', 'Use app/error.tsx for errors below the root layout.'],
  'global-not-found': ['global-not-found.tsx', 'Use app/not-found.tsx.'],
  forbidden: ['forbidden.tsx', 'Render a 403 page from a route or use notFound().'],
  unauthorized: ['unauthorized.tsx', 'Redirect to a login page with redirect().'],
}

function rejectUnsupportedFile(base: string, ext: string, fileRel: string): void {
  const code = ext === '.tsx' || ext === '.ts' || ext === '.jsx' || ext === '.js'
  const unsupported = UNSUPPORTED_CONVENTIONS[base]
  if (unsupported && code) throw unsupportedFileError(fileRel, unsupported[0], unsupported[1])
  if (base in CONVENTIONS && ext === '.mdx') {
    throw unsupportedFileError(fileRel, 'MDX as a file convention', 'Import the MDX content from a page.tsx.')
  }
}
