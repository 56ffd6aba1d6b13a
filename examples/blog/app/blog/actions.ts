'use server'

import { revalidatePath } from 'next/cache'
import { CMS_URL, type Post, readJson } from '../../lib/cms'

/** Adds a post through the CMS, then refreshes the list page (the new post page renders on demand). */
export async function createPost(formData: FormData): Promise<void> {
  const title = String(formData.get('title') ?? '').trim()
  const content = String(formData.get('content') ?? '')
  if (title === '') throw new Error('[blog] a post needs a title')
  // webhook=0: this action revalidates the blog itself.
  const post = await readJson<Post>(
    await fetch(`${CMS_URL}/blog?webhook=0`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title, content }),
    }),
  )
  console.log(`[blog] created post ${post.id}`)
  revalidatePath('/blog')
}
