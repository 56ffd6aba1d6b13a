import type { GetStaticProps } from 'next'
import Head from 'next/head'
import { CMS_URL, type Post, readJson } from '../../blog/lib/cms'
import { PostList } from '../../blog/lib/post-list'

export const getStaticProps: GetStaticProps<{ posts: Post[] }> = async () => {
  const posts = await readJson<Post[]>(await fetch(`${CMS_URL}/blog`))
  return { props: { posts }, revalidate: 60 }
}

export default function Home({ posts }: { posts: Post[] }) {
  return (
    <main>
      <Head>
        <title>Blog</title>
      </Head>
      <h1>Blog</h1>
      <PostList posts={posts} />
    </main>
  )
}
