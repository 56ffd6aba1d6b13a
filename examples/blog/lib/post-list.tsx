// The list of post titles, linked: shared by the App Router blog (app/blog/page.tsx) and the Pages
// Router one (examples/blog-pages/pages/index.tsx). No hooks, so it renders in either.
import Link from 'next/link'
import type { Post } from './cms'

export function PostList({ posts }: { posts: Pick<Post, 'id' | 'title'>[] }) {
  return (
    <ul>
      {posts.map((post) => (
        <li key={post.id}>
          <Link href={`/blog/${post.id}`}>{post.title}</Link>
        </li>
      ))}
    </ul>
  )
}
