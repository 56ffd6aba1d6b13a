import Link from 'next/link'

export default function NotFound() {
  return (
    <main>
      <h1>Not found</h1>
      <p>There is no post here.</p>
      <Link href="/blog">Back to the blog</Link>
    </main>
  )
}
