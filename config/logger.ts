import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, targets } from '@adonisjs/core/logger'

/**
 * JSON lines on stdout, written synchronously by pino (journald collects
 * them under systemd). In development they are pretty-printed through a
 * transport. Request-scoped lines carry the request id.
 */
const loggerConfig = defineConfig({
  default: 'app',

  loggers: {
    app: {
      enabled: true,
      name: env.get('APP_NAME', 'atum-desk'),
      level: env.get('LOG_LEVEL'),
      redact: {
        paths: ['password', '*.password', 'req.headers.cookie', 'req.headers.authorization'],
        censor: '[redacted]',
      },
      transport: app.inDev ? { targets: targets().push(targets.pretty()).toArray() } : undefined,
    },
  },
})

export default loggerConfig

declare module '@adonisjs/core/types' {
  export interface LoggersList extends InferLoggers<typeof loggerConfig> {}
}
