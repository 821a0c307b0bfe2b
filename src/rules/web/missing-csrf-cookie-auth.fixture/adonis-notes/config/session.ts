import { defineConfig, stores } from '@adonisjs/session'

const sessionConfig = defineConfig({
  enabled: true,
  cookieName: 'adonis-session',
  age: '2h',
  // ruleid: missing-csrf-cookie-auth
  cookie: {
    path: '/',
    httpOnly: true,
    secure: true,
    sameSite: 'none',
  },
  store: 'cookie',
  stores: { cookie: stores.cookie() },
})

export default sessionConfig
