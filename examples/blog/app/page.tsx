import Link from 'next/link'

export default function Home() {
  return (
    <main>
      <h1>The Fresco blog</h1>
      <p>
        Every post is prerendered at build, served from cache, regenerated in the background at most once a
        minute, and refreshed on demand when the CMS changes.
      </p>
      <p>
        <Link href="/blog">Read the blog</Link>
      </p>
    </main>
  )
}
