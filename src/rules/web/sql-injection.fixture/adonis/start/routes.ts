import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
const ArticlesController = () => import('#controllers/articles_controller')

router.get('/articles/search', [ArticlesController, 'search'])
router.get('/articles/by-tag/:tag', [ArticlesController, 'byTag'])
router.put('/articles/:id', [ArticlesController, 'update']).use(middleware.auth())
router.get('/articles/sorted', [ArticlesController, 'sorted'])
