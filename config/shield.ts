import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/shield'
import { appUrl } from '#config/app'

/**
 * Strict content security policy: scripts and styles come from our own
 * origin (Vite bundles) or carry the request's nonce. Alpine runs from its
 * CSP build, so no 'unsafe-eval' is needed. Outside production (dev and
 * test runs, where the Vite dev server serves the assets) the page may also
 * open Vite's HMR websocket.
 */
const shieldConfig = defineConfig({
  csp: {
    enabled: true,
    directives: {
      defaultSrc: [`'self'`],
      scriptSrc: [`'self'`, '@nonce'],
      styleSrc: [`'self'`, '@nonce'],
      imgSrc: [`'self'`, 'data:'],
      fontSrc: [`'self'`, 'data:'],
      connectSrc: app.inProduction ? [`'self'`] : [`'self'`, 'ws:'],
      objectSrc: [`'none'`],
      baseUri: [`'self'`],
      formAction: [`'self'`],
      frameAncestors: [`'none'`],
    },
    reportOnly: false,
  },

  /**
   * Every state-changing form carries the CSRF token; htmx sends it as
   * the X-CSRF-TOKEN header (see resources/js/app.js).
   */
  csrf: {
    enabled: true,
    exceptRoutes: ['/__transmit/subscribe', '/__transmit/unsubscribe'],
    enableXsrfCookie: false,
    methods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  },

  xFrame: {
    enabled: true,
    action: 'DENY',
  },

  /**
   * HSTS only when the app is served over HTTPS: sending it over plain
   * HTTP (a local demo) would be meaningless.
   */
  hsts: {
    enabled: appUrl.startsWith('https://'),
    maxAge: '180 days',
  },

  contentTypeSniffing: {
    enabled: true,
  },
})

export default shieldConfig
