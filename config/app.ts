import proxyAddr from 'proxy-addr'
import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { Secret } from '@adonisjs/core/helpers'
import { defineConfig } from '@adonisjs/core/http'

/**
 * The app key encrypts cookies and signs URLs. Keep it secret.
 */
export const appKey = new Secret(env.get('APP_KEY'))

/**
 * The public address of the app. Cookies are marked secure when it is
 * served over HTTPS (behind nginx with TLS in production).
 */
export const appUrl = env.get('APP_URL')
const servedOverHttps = appUrl.startsWith('https://')

export const http = defineConfig({
  /**
   * Every request gets an id: it is on every log line of that request
   * (ctx.logger) and is echoed in the X-Request-Id response header.
   */
  generateRequestId: true,
  allowMethodSpoofing: false,
  useAsyncLocalStorage: true,
  /**
   * X-Forwarded-* headers are believed only from nginx on the same host, so
   * a client cannot fake its address (rate limits and audit use it).
   */
  trustProxy: proxyAddr.compile('loopback'),

  cookie: {
    domain: '',
    path: '/',
    maxAge: '2h',
    httpOnly: true,
    secure: servedOverHttps,
    sameSite: 'lax',
  },
})

export const isDevelopment = app.inDev
