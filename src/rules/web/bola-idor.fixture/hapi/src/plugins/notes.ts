import Hapi from '@hapi/hapi'
import { isAdmin, isNoteOwnerOrAdmin } from '../auth-helpers'

const notesPlugin = {
  name: 'app/notes',
  register: async function (server: Hapi.Server) {
    server.route([
      // ok: bola-idor
      {
        method: 'GET',
        path: '/notes/{noteId}',
        handler: getNoteHandler,
        options: {
          pre: [{ method: isNoteOwnerOrAdmin, assign: 'owner' }],
          auth: { mode: 'required', strategy: 'API' },
        },
      },
      // ok: bola-idor
      {
        method: 'DELETE',
        path: '/notes/{noteId}',
        handler: deleteNoteHandler,
        options: {
          pre: [[isNoteOwnerOrAdmin]],
          auth: { mode: 'required', strategy: 'API' },
        },
      },
      // ruleid: bola-idor
      {
        method: 'PUT',
        path: '/notes/{noteId}',
        handler: updateNoteHandler,
        options: {
          auth: { mode: 'required', strategy: 'API' },
        },
      },
      {
        method: 'GET',
        path: '/admin/notes/{noteId}',
        handler: getNoteHandler,
        options: {
          pre: [isAdmin],
          auth: { mode: 'required', strategy: 'API' },
        },
      },
    ])
  },
}

export default notesPlugin

async function getNoteHandler(request: Hapi.Request, h: Hapi.ResponseToolkit) {
  const { prisma } = request.server.app
  const noteId = parseInt(request.params.noteId, 10)
  const note = await prisma.note.findUnique({ where: { id: noteId } })
  return h.response(note).code(200)
}

async function deleteNoteHandler(request: Hapi.Request, h: Hapi.ResponseToolkit) {
  const { prisma } = request.server.app
  const noteId = parseInt(request.params.noteId, 10)
  await prisma.note.delete({ where: { id: noteId } })
  return h.response().code(204)
}

async function updateNoteHandler(request: Hapi.Request, h: Hapi.ResponseToolkit) {
  const { prisma } = request.server.app
  const noteId = parseInt(request.params.noteId, 10)
  const { text } = request.payload as { text: string }
  const note = await prisma.note.update({ where: { id: noteId }, data: { text } })
  return h.response(note).code(200)
}
