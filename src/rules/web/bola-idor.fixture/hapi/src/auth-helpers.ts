import Boom from '@hapi/boom'
import Hapi from '@hapi/hapi'

// Owner of the note, or an admin.
export async function isNoteOwnerOrAdmin(request: Hapi.Request, h: Hapi.ResponseToolkit) {
  const { userId, isAdmin } = request.auth.credentials
  if (isAdmin) {
    return h.continue
  }
  const noteId = parseInt(request.params.noteId, 10)
  const { prisma } = request.server.app
  const note = await prisma.note.findUnique({ where: { id: noteId } })
  if (note?.userId === userId) {
    return h.continue
  }
  throw Boom.forbidden()
}

export async function isAdmin(request: Hapi.Request, h: Hapi.ResponseToolkit) {
  if (request.auth.credentials.isAdmin) {
    return h.continue
  }
  throw Boom.forbidden()
}
