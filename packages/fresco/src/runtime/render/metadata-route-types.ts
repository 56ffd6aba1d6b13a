// The data sitemap.ts, robots.ts and manifest.ts return, as Next.js types it (MetadataRoute from
// `next`): `import type { MetadataRoute } from 'next'` → MetadataRoute.Sitemap etc.

type OneOrMany<T> = T | T[]

type RobotsRule = {
  allow?: OneOrMany<string>
  disallow?: OneOrMany<string>
  crawlDelay?: number
  /** Other directives, written verbatim: `other: { 'Request-Rate': '10/1m' }`. */
  other?: Record<string, OneOrMany<string | number>>
}

export type Robots = {
  rules:
    | (RobotsRule & { userAgent?: OneOrMany<string> })
    | Array<RobotsRule & { userAgent: OneOrMany<string> }>
  sitemap?: OneOrMany<string>
  host?: string
}

type Relationship = { relationship: 'allow' | 'deny'; content: string }

type Video = {
  title: string
  thumbnail_loc: string
  description: string
  content_loc?: string
  player_loc?: string
  duration?: number
  expiration_date?: Date | string
  rating?: number
  view_count?: number
  publication_date?: Date | string
  family_friendly?: 'yes' | 'no'
  restriction?: Relationship
  platform?: Relationship
  requires_subscription?: 'yes' | 'no'
  uploader?: { info?: string; content?: string }
  live?: 'yes' | 'no'
  tag?: string
}

export type Sitemap = Array<{
  url: string
  lastModified?: string | Date
  changeFrequency?: 'always' | 'hourly' | 'daily' | 'weekly' | 'monthly' | 'yearly' | 'never'
  priority?: number
  alternates?: { languages?: Record<string, string | undefined> }
  images?: string[]
  videos?: Video[]
}>

type ManifestIcon = {
  src: string
  type?: string
  sizes?: string
  purpose?: 'any' | 'maskable' | 'monochrome'
}

type Display = 'fullscreen' | 'standalone' | 'minimal-ui' | 'browser'

/** The Web App Manifest (served as /manifest.webmanifest); members Next.js does not type pass through too. */
export type Manifest = {
  background_color?: string
  categories?: string[]
  description?: string
  dir?: 'ltr' | 'rtl' | 'auto'
  display?: Display
  display_override?: (Display | 'window-controls-overlay')[]
  icons?: ManifestIcon[]
  id?: string
  lang?: string
  name?: string
  orientation?:
    | 'any'
    | 'natural'
    | 'landscape'
    | 'portrait'
    | 'portrait-primary'
    | 'portrait-secondary'
    | 'landscape-primary'
    | 'landscape-secondary'
  prefer_related_applications?: boolean
  related_applications?: { platform: string; url: string; id?: string }[]
  scope?: string
  screenshots?: {
    form_factor?: 'narrow' | 'wide'
    label?: string
    src: string
    type?: string
    sizes?: string
  }[]
  short_name?: string
  shortcuts?: {
    name: string
    short_name?: string
    description?: string
    url: string
    icons?: ManifestIcon[]
  }[]
  start_url?: string
  theme_color?: string
  [member: string]: unknown
}
