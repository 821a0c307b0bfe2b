import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

export default class AuthMiddleware {
  async handle({ request, response }: HttpContext, next: NextFn) {
    const userToken = request.header('token')
    if (!userToken) {
      return response.status(401).json({ message: 'token error' })
    }
    // ruleid: hardcoded-auth-bypass
    if (userToken === 'apitest-0f9e8d') {
      await next()
      return
    }
    // ok: hardcoded-auth-bypass
    if (request.method() === 'OPTIONS') {
      return next()
    }
    return response.status(401).json({ message: 'token error' })
  }
}
