import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
const NotesController = () => import('#controllers/notes_controller')

router.get('/notes', [NotesController, 'index'])
router
  .group(() => {
    router.post('/notes', [NotesController, 'store'])
    router.delete('/notes/:id', [NotesController, 'destroy'])
  })
  .use(middleware.auth())
