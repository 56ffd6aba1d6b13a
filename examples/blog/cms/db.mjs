// SQLite storage of the CMS: one real database file, opened with better-sqlite3 (Node 20 has no node:sqlite).
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'

const TOPICS = ['caching', 'rendering', 'routing', 'streaming', 'deployment', 'testing', 'performance']

/** Deterministic seed text, so a page's bytes are the same on every machine. */
function seedPost(n) {
  const topic = TOPICS[n % TOPICS.length]
  return {
    title: `Post ${n}: notes on ${topic}`,
    content: `This is post number ${n}. It is about ${topic}. `.repeat(4).trim(),
    author: `author-${(n % 5) + 1}`,
  }
}

/**
 * Opens (and creates if needed) the database at `file` and seeds `seed` posts when the table is empty.
 * @param {{ file: string, seed: number }} opts
 */
export function openDb({ file, seed }) {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.exec(`CREATE TABLE IF NOT EXISTS posts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT 'admin',
    updated_at TEXT NOT NULL
  )`)
  const count = db.prepare('SELECT COUNT(*) AS n FROM posts').get().n
  if (count === 0 && seed > 0) {
    const insert = db.prepare(
      'INSERT INTO posts (id, title, content, author, updated_at) VALUES (?, ?, ?, ?, ?)',
    )
    const date = '2026-01-01T00:00:00.000Z'
    db.transaction(() => {
      for (let n = 1; n <= seed; n++) {
        const p = seedPost(n)
        insert.run(n, p.title, p.content, p.author, date)
      }
    })()
  }

  const list = db.prepare('SELECT id, title, content, author, updated_at AS updatedAt FROM posts ORDER BY id')
  const one = db.prepare('SELECT id, title, content, author, updated_at AS updatedAt FROM posts WHERE id = ?')
  const create = db.prepare(
    'INSERT INTO posts (title, content, author, updated_at) VALUES (@title, @content, @author, @updatedAt)',
  )
  const update = db.prepare(
    'UPDATE posts SET title = @title, content = @content, author = @author, updated_at = @updatedAt WHERE id = @id',
  )
  const toApi = (row) => row && { ...row, id: String(row.id) }

  return {
    list: () => list.all().map(toApi),
    get: (id) => toApi(one.get(id)),
    create(post) {
      const info = create.run({ author: 'admin', ...post, updatedAt: new Date().toISOString() })
      return toApi(one.get(info.lastInsertRowid))
    },
    update(id, patch) {
      const current = one.get(id)
      if (!current) return undefined
      update.run({ ...current, ...patch, id, updatedAt: new Date().toISOString() })
      return toApi(one.get(id))
    },
    close: () => db.close(),
  }
}
