// The CMS admin page: one HTML document, no build step. Saves through the JSON API with fetch().

const escapeHtml = (s) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  )

/** @param {{ posts: { id: string, title: string, content: string, updatedAt: string }[], blogUrl?: string }} data */
export function adminPage({ posts, blogUrl }) {
  const rows = posts
    .map(
      (p) => `<form class="post" data-id="${p.id}">
  <header><strong>#${p.id}</strong> ${blogUrl ? `<a href="${escapeHtml(blogUrl)}/blog/${p.id}" target="_blank">view</a>` : ''}
  <small>updated ${escapeHtml(p.updatedAt)}</small></header>
  <input name="title" value="${escapeHtml(p.title)}" required maxlength="200">
  <textarea name="content" rows="3">${escapeHtml(p.content)}</textarea>
  <button>Save</button> <output></output>
</form>`,
    )
    .join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CMS admin</title>
<style>
body{font:15px/1.4 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}
form{border:1px solid #ddd;border-radius:6px;padding:.75rem;margin:.75rem 0;display:grid;gap:.4rem}
input,textarea{font:inherit;padding:.3rem}button{justify-self:start}small{color:#777}
</style></head>
<body>
<h1>CMS admin</h1>
<p>${posts.length} posts. ${blogUrl ? `Saving notifies the blog at <code>${escapeHtml(blogUrl)}/api/revalidate</code>.` : 'No BLOG_URL: saving does not notify a blog.'}</p>
<h2>New post</h2>
<form class="post" data-id="">
  <input name="title" placeholder="Title" required maxlength="200">
  <textarea name="content" rows="3" placeholder="Content"></textarea>
  <button>Create</button> <output></output>
</form>
<h2>Posts</h2>
${rows}
<script>
for (const form of document.querySelectorAll('form.post')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const id = form.dataset.id
    const body = JSON.stringify({ title: form.title.value, content: form.content.value })
    const out = form.querySelector('output')
    out.textContent = 'saving…'
    const res = await fetch(id ? '/blog/' + id : '/blog', {
      method: id ? 'PUT' : 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    const json = await res.json()
    out.textContent = res.ok
      ? 'saved (blog webhook: ' + res.headers.get('x-cms-webhook') + ')'
      : 'error: ' + json.error
    if (res.ok && !id) location.reload()
  })
}
</script>
</body></html>`
}
