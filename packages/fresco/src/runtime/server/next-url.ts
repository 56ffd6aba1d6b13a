// `request.nextUrl`: Next's NextURL, a URL that knows next.config's basePath and trailingSlash.
// Under basePath '/docs' a request for `/docs/about` reads `pathname` '/about' and `basePath`
// '/docs', while `href`, `toString()` and `toJSON()` put the prefix back, so a `clone()` whose
// pathname is set to '/login' redirects or rewrites to `/docs/login`, as on `next start`. Outside
// basePath (a middleware without matcher sees those requests too) `basePath` is '' and the path is
// as requested. Like Next's, it wraps a URL rather than extending one: `href` is made from the
// parts, so the prefix cannot be kept in the URL itself (`instanceof URL` is false in Next too).
// The parts Next derives from i18n and `/_next/data/` URLs are not here: Fresco has no i18n
// routing, and middleware is handed the page URL of a data request.

/** What NextURL is told of next.config (Next's `nextConfig` option); none: basePath ''. */
export interface NextURLConfig {
  basePath?: string
  trailingSlash?: boolean
}

export interface NextURLOptions {
  base?: string | URL
  nextConfig?: NextURLConfig
}

const PARTS = [
  'pathname',
  'protocol',
  'username',
  'password',
  'host',
  'hostname',
  'port',
  'search',
  'hash',
] as const

export class NextURL {
  #url: URL
  readonly #options: NextURLOptions
  #basePath = ''
  /** Whether href ends with '/': as requested, or next.config's trailingSlash for the root. */
  #trailingSlash = false

  constructor(input: string | URL, base?: string | URL, options?: NextURLOptions)
  constructor(input: string | URL, options?: NextURLOptions)
  constructor(input: string | URL, baseOrOptions?: string | URL | NextURLOptions, options?: NextURLOptions) {
    let base: string | URL | undefined
    // As Next: a string or anything with a pathname (URL, NextURL) is the base.
    if (
      typeof baseOrOptions === 'string' ||
      (typeof baseOrOptions === 'object' && baseOrOptions !== null && 'pathname' in baseOrOptions)
    ) {
      base = baseOrOptions as string | URL
      this.#options = options ?? {}
    } else {
      this.#options = options ?? baseOrOptions ?? {}
      base = this.#options.base
    }
    this.#url = new URL(String(input), base === undefined ? undefined : String(base))
    this.#analyze()
  }

  /** Takes basePath off the path (Next's getNextPathnameInfo). */
  #analyze(): void {
    const { basePath = '', trailingSlash = false } = this.#options.nextConfig ?? {}
    const path = this.#url.pathname
    this.#trailingSlash = path !== '/' ? path.endsWith('/') : trailingSlash
    this.#basePath = ''
    if (basePath !== '' && hasPrefix(path, basePath)) {
      this.#url.pathname = path.slice(basePath.length) || '/'
      this.#basePath = basePath
    }
  }

  /** The path as the browser addresses it (Next's formatNextPathnameInfo). */
  #formatPathname(): string {
    let path = this.#url.pathname
    if (!this.#trailingSlash) path = withoutTrailingSlash(path)
    if (this.#basePath !== '' && path.startsWith('/')) path = this.#basePath + path
    if (!this.#trailingSlash) return withoutTrailingSlash(path)
    return path.endsWith('/') ? path : `${path}/`
  }

  get basePath(): string {
    return this.#basePath
  }
  set basePath(value: string) {
    this.#basePath = value.startsWith('/') ? value : `/${value}`
  }
  get href(): string {
    return `${this.protocol}//${this.host}${this.#formatPathname()}${this.search}${this.hash}`
  }
  set href(value: string) {
    this.#url = new URL(value)
    this.#analyze()
  }
  get origin(): string {
    return this.#url.origin
  }
  get searchParams(): URLSearchParams {
    return this.#url.searchParams
  }
  /** The path inside basePath. */
  declare pathname: string
  declare protocol: string
  declare username: string
  declare password: string
  declare host: string
  declare hostname: string
  declare port: string
  declare search: string
  declare hash: string

  // The parts read and written on the URL as they are (pathname is already without basePath).
  static {
    for (const key of PARTS)
      Object.defineProperty(NextURL.prototype, key, {
        get(this: NextURL) {
          return this.#url[key]
        },
        set(this: NextURL, value: string) {
          this.#url[key] = value
        },
        configurable: true,
      })
  }

  toString(): string {
    return this.href
  }
  toJSON(): string {
    return this.href
  }
  /** A mutable copy that keeps basePath: set its pathname to the target's path inside the app. */
  clone(): NextURL {
    return new NextURL(this.href, this.#options)
  }

  /** console.log(nextUrl) shows the parts (private fields are invisible to util.inspect). */
  [Symbol.for('nodejs.util.inspect.custom')]() {
    const { href, origin, protocol, username, password, host, hostname, port, pathname, search, hash } = this
    return { href, origin, protocol, username, password, host, hostname, port, pathname, search, hash }
  }
}

const hasPrefix = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`)

const withoutTrailingSlash = (path: string) => path.replace(/\/$/, '') || '/'
