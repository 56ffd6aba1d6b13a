import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { CMS_URL, isPostId, type Post, readJson } from '../../../lib/cms'
import { IsrStatus } from '../isr-status'

// Invalidate a post at most once a minute, when a request comes in.
export const revalidate = 60

// Only the posts from generateStaticParams are prerendered; others render on demand (false → 404).
export const dynamicParams = true

export async function generateStaticParams() {
  const posts = await readJson<Post[]>(await fetch(`${CMS_URL}/blog`, { next: { tags: ['posts'] } }))
  return posts.map((post) => ({ id: String(post.id) }))
}

async function getPost(id: string): Promise<Post | null> {
  if (!isPostId(id)) return null
  const res = await fetch(`${CMS_URL}/blog/${id}`, { next: { tags: ['posts', `post-${id}`] } })
  if (res.status === 404 || res.status === 400) return null // no such post / an id the CMS refuses
  return readJson<Post>(res)
}

type Props = { params: Promise<{ id: string }> }

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const post = await getPost((await params).id)
  return post ? { title: post.title, description: post.content.slice(0, 150) } : { title: 'Post not found' }
}

export default async function Page({ params }: Props) {
  const started = performance.now()
  const { id } = await params
  const post = await getPost(id)
  if (!post) notFound()
  const tookMs = Math.round(performance.now() - started)
  return (
    <main>
      <article>
        <h1>{post.title}</h1>
        <p>{post.content}</p>
        <footer>
          <small>
            by {post.author}, updated {post.updatedAt}
          </small>
        </footer>
      </article>
      <IsrStatus renderedAt={Date.now()} tookMs={tookMs} revalidate={revalidate} />
    </main>
  )
}
