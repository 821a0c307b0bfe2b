import type { HttpContext } from '@adonisjs/core/http'
import Note from '#models/note'

export default class NotesController {
  async index() {
    return Note.all()
  }

  async store({ request, auth }: HttpContext) {
    const note = await Note.create({ body: request.input('body'), userId: auth.user!.id })
    return note
  }

  async destroy({ params }: HttpContext) {
    const note = await Note.findOrFail(params.id)
    await note.delete()
    return { ok: true }
  }
}
