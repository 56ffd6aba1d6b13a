// Next's default 404 page content, used when the app has no pages/404 (server and browser alike).
export default function DefaultNotFound() {
  return (
    <div style={{ fontFamily: 'system-ui, sans-serif', textAlign: 'center', marginTop: '20vh' }}>
      <h1>404</h1>
      <p>This page could not be found.</p>
    </div>
  )
}
