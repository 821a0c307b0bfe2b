import Hapi from '@hapi/hapi'
import Joi from 'joi'
import { PrismaClient } from '@prisma/client'

const prisma = new PrismaClient()

const profileInput = Joi.object({
  firstName: Joi.string().alter({ create: (s) => s.required(), update: (s) => s.optional() }),
  lastName: Joi.string(),
})
const updateProfileValidator = profileInput.tailor('update')
const openProfileValidator = profileInput.unknown(true)
const roleValidator = Joi.object({ firstName: Joi.string(), role: Joi.string() })

async function updateProfileHandler(request: Hapi.Request, h: Hapi.ResponseToolkit) {
  const payload = request.payload as Record<string, unknown>
  // ok: mass-assignment
  const user = await prisma.user.update({ where: { id: request.auth.credentials.userId }, data: payload })
  return h.response(user)
}

async function openProfileHandler(request: Hapi.Request, h: Hapi.ResponseToolkit) {
  const payload = request.payload as Record<string, unknown>
  // ruleid: mass-assignment
  const user = await prisma.user.update({ where: { id: request.auth.credentials.userId }, data: payload })
  return h.response(user)
}

async function roleProfileHandler(request: Hapi.Request, h: Hapi.ResponseToolkit) {
  const payload = request.payload as Record<string, unknown>
  // ruleid: mass-assignment
  const user = await prisma.user.update({ where: { id: request.auth.credentials.userId }, data: payload })
  return h.response(user)
}

async function createProfileHandler(request: Hapi.Request, h: Hapi.ResponseToolkit) {
  // ruleid: mass-assignment
  const user = await prisma.user.create({ data: { ...(request.payload as object) } })
  return h.response(user).code(201)
}

async function sharedHandler(request: Hapi.Request, h: Hapi.ResponseToolkit) {
  const payload = request.payload as Record<string, unknown>
  // ruleid: mass-assignment
  const user = await prisma.user.update({ where: { id: request.auth.credentials.userId }, data: payload })
  return h.response(user)
}

export async function start() {
  const server = Hapi.server({ port: 3000 })
  server.route([
    { method: 'PUT', path: '/profile', handler: updateProfileHandler, options: { validate: { payload: updateProfileValidator } } },
    { method: 'PATCH', path: '/profile/open', handler: openProfileHandler, options: { validate: { payload: openProfileValidator } } },
    { method: 'PATCH', path: '/profile/role', handler: roleProfileHandler, options: { validate: { payload: roleValidator } } },
    { method: 'POST', path: '/profiles', handler: createProfileHandler },
    { method: 'PUT', path: '/shared/a', handler: sharedHandler, options: { validate: { payload: updateProfileValidator } } },
    { method: 'PUT', path: '/shared/b', handler: sharedHandler },
  ])
  await server.start()
}
