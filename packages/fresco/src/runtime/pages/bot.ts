// Crawlers get the blocking render of a `fallback: true` page instead of the fallback shell, so
// they index the content, not a loading state (Next 12's bot-aware ISR fallback). The list is the
// one Next's `isBot` used (packages/next/server/utils.ts, Next 12.2).
const BOT_UA =
  /Googlebot|Mediapartners-Google|AdsBot-Google|googleweblight|Storebot-Google|Google-PageRenderer|Google-InspectionTool|Bingbot|BingPreview|Slurp|DuckDuckBot|baiduspider|yandex|sogou|LinkedInBot|bitlybot|tumblr|vkShare|quora link preview|facebookexternalhit|facebookcatalog|Twitterbot|applebot|redditbot|Slackbot|Discordbot|WhatsApp|SkypeUriPreview|ia_archiver/i

export function isBot(userAgent: string | string[] | undefined): boolean {
  const ua = Array.isArray(userAgent) ? userAgent[0] : userAgent
  // Bounded: a megabyte of header is not worth a regex scan.
  return typeof ua === 'string' && ua.length <= 2048 && BOT_UA.test(ua)
}
