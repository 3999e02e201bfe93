import env from '#start/env'
import { defineConfig } from '@adonisjs/transmit'
import { redis } from '@adonisjs/transmit/transports'

/**
 * Live updates (server-sent events). The Redis transport fans every
 * broadcast and subscription out to the other web processes, and carries
 * the worker's broadcasts (SLA warnings) to the browsers.
 *
 * Redis pub/sub ignores the database number, so the channel names it: a
 * test run (its own REDIS_DB) never receives the desk's events, nor the
 * desk a test's. A comment line every 30 s keeps idle streams open through
 * proxies.
 */
const redisDb = env.get('REDIS_DB', 0)

export default defineConfig({
  pingInterval: '30s',
  transport: {
    driver: redis({
      host: env.get('REDIS_HOST'),
      port: env.get('REDIS_PORT'),
      password: env.get('REDIS_PASSWORD', ''),
      db: redisDb,
      connectTimeout: 2000,
      retryStrategy: (times: number) => Math.min(times * 200, 2000),
    }),
    channel: `atum-desk:transmit:db${redisDb}`,
  },
})
