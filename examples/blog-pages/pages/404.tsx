export default function NotFound() {
  return (
    <main>
      <h1>Post not found</h1>
    </main>
  )
}
