// The route ids of pages/ special files in the page data (`routeId`), shared by the server render
// and the client boot, which loads the matching module to hydrate. build/plugin-pages.ts keys its
// stylesheets by the same strings.
export const NOT_FOUND_ID = 'pages:/404'
export const SERVER_ERROR_ID = 'pages:/500'
export const ERROR_ID = 'pages:/_error'
