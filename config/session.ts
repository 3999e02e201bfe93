import env from '#start/env'
import { defineConfig, stores } from '@adonisjs/session'
import { appUrl } from '#config/app'

/**
 * Sessions live in Redis, so any number of web processes share them.
 */
const sessionConfig = defineConfig({
  enabled: true,
  cookieName: 'atum-session',
  clearWithBrowser: false,
  age: '2h',

  cookie: {
    path: '/',
    httpOnly: true,
    secure: appUrl.startsWith('https://'),
    sameSite: 'lax',
  },

  store: env.get('SESSION_DRIVER'),

  stores: {
    redis: stores.redis({ connection: 'main' }),
    cookie: stores.cookie(),
  },
})

export default sessionConfig
