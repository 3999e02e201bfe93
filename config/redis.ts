import env from '#start/env'
import { defineConfig } from '@adonisjs/redis'
import type { InferConnections } from '@adonisjs/redis/types'

/**
 * One connection for sessions, rate limits and the app's own keys. Tests
 * use their own database number (REDIS_DB in .env.test) so they never
 * touch a running desk's keys.
 */
const redisConfig = defineConfig({
  connection: 'main',

  connections: {
    main: {
      host: env.get('REDIS_HOST'),
      port: env.get('REDIS_PORT'),
      password: env.get('REDIS_PASSWORD', ''),
      db: env.get('REDIS_DB', 0),
      keyPrefix: '',
      /**
       * Fail fast while Redis is down (readiness checks answer 503 instead
       * of hanging) and keep reconnecting in the background.
       */
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      retryStrategy(times) {
        return Math.min(times * 200, 2000)
      },
    },
  },
})

export default redisConfig

declare module '@adonisjs/redis/types' {
  export interface RedisConnections extends InferConnections<typeof redisConfig> {}
}
