import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { updateArticleValidator } from '#validators/article'

export default class ArticlesController {
  async search({ request }: HttpContext) {
    const term = request.input('q')
    // ruleid: sql-injection
    return db.rawQuery(`SELECT id, title FROM articles WHERE title LIKE '%${term}%'`)
  }

  async byTag({ params }: HttpContext) {
    // ruleid: sql-injection
    return db.rawQuery('SELECT * FROM articles WHERE tag = \'' + params.tag + '\'')
  }

  async update({ params, request }: HttpContext) {
    const { title } = await request.validateUsing(updateArticleValidator)
    // ok: sql-injection
    await db.rawQuery('UPDATE articles SET title = ? WHERE id = ?', [title, params.id])
    return { ok: true }
  }

  async sorted({ request }: HttpContext) {
    const { order } = await request.validateUsing(updateArticleValidator)
    // ok: sql-injection
    return db.rawQuery(`SELECT * FROM articles ORDER BY ${order === 'asc' ? 'created_at ASC' : 'created_at DESC'}`)
  }
}
