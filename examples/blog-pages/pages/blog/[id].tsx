// The ISR guide's Pages Router example over the blog's CMS: every post prerendered, regenerated at
// most once a minute when requested, and at once when the CMS calls /api/revalidate.
import type { GetStaticPaths, GetStaticProps, InferGetStaticPropsType } from 'next'
import Head from 'next/head'
import { CMS_URL, isPostId, type Post, readJson } from '../../../blog/lib/cms'

export const getStaticPaths: GetStaticPaths = async () => {
  const posts = await readJson<Post[]>(await fetch(`${CMS_URL}/blog`))
  // New posts render on their first request, then are cached.
  return { paths: posts.map((post) => ({ params: { id: String(post.id) } })), fallback: 'blocking' }
}

export const getStaticProps: GetStaticProps<{ post: Post }> = async ({ params }) => {
  const id = String(params?.id)
  if (!isPostId(id)) return { notFound: true }
  const res = await fetch(`${CMS_URL}/blog/${id}`)
  if (res.status === 404) return { notFound: true }
  return { props: { post: await readJson<Post>(res) }, revalidate: 60 }
}

export default function BlogPost({ post }: InferGetStaticPropsType<typeof getStaticProps>) {
  return (
    <main>
      <Head>
        <title>{post.title}</title>
      </Head>
      <article>
        <h1>{post.title}</h1>
        <p>{post.content}</p>
        <footer>
          <small>
            by {post.author}, updated {new Date(post.updatedAt).toISOString()}
          </small>
        </footer>
      </article>
    </main>
  )
}
