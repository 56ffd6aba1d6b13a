import type { Metadata } from 'next'
import { CMS_URL, type Post, readJson } from '../../lib/cms'
import { PostList } from '../../lib/post-list'
import { createPost } from './actions'

export const revalidate = 3600 // invalidate the list at most once an hour; the CMS webhook refreshes it sooner

export const metadata: Metadata = { title: 'Blog posts' }

export default async function Page() {
  const posts = await readJson<Post[]>(await fetch(`${CMS_URL}/blog`, { next: { tags: ['posts'] } }))
  return (
    <main>
      <h1>Blog posts</h1>
      <PostList posts={posts} />
      <h2>New post</h2>
      <form id="new-post" action={createPost}>
        <p>
          <input name="title" placeholder="Title" required maxLength={200} />
        </p>
        <p>
          <textarea name="content" placeholder="Content" rows={4} />
        </p>
        <button type="submit">Publish</button>
      </form>
    </main>
  )
}
