// `fetch(url, { next: { revalidate, tags } })` type-checks in user code: RequestInit is a global
// interface (lib.dom / undici types), so the extension is a global augmentation. Reachable from
// @fresco/framework/cache and @fresco/framework/headers, which every app that uses the data layer imports.

export interface FrescoFetchRequestConfig {
  /** Seconds the data cache keeps the response before a background refresh; `false` = until invalidated; `0` = never cached (route becomes dynamic). */
  revalidate?: number | false
  /** Tags for revalidateTag(); at most 128, each at most 256 characters. */
  tags?: string[]
}

/** The name Next.js code uses for the same options. */
export type NextFetchRequestConfig = FrescoFetchRequestConfig

declare global {
  interface RequestInit {
    next?: FrescoFetchRequestConfig | undefined
  }
}
