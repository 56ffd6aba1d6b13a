// Next's default `_error` page content, used when the app has neither pages/500 nor pages/_error
// (a failing request) — server and browser alike, so it hydrates.
const TEXT: Record<number, string> = {
  400: 'Bad Request',
  404: 'This page could not be found',
  405: 'Method Not Allowed',
  500: 'Internal Server Error',
}

export default function DefaultError({ statusCode }: { statusCode?: number }) {
  const code = typeof statusCode === 'number' ? statusCode : 500
  return (
    <div style={{ fontFamily: 'system-ui, sans-serif', textAlign: 'center', marginTop: '20vh' }}>
      <h1>{code}</h1>
      <h2>{TEXT[code] ?? 'An unexpected error has occurred'}.</h2>
    </div>
  )
}
