import env from '#start/env'
import { defineConfig } from '@rlanz/bull-queue'

/**
 * BullMQ queues (docs/architecture.md, "Queues and jobs"): `mail`, `sla`, `ai` and
 * `default`, on the app's Redis server and database. `node ace
 * queue:listen` (the worker process) listens on all of them. Tests use
 * their own Redis database (REDIS_DB in .env.test), so a running worker
 * never takes a test's jobs.
 */
export default defineConfig({
  defaultConnection: {
    host: env.get('REDIS_HOST'),
    port: env.get('REDIS_PORT'),
    password: env.get('REDIS_PASSWORD', ''),
    db: env.get('REDIS_DB', 0),
    // BullMQ's workers block on Redis and must retry without limit.
    maxRetriesPerRequest: null,
  },

  queueNames: ['mail', 'sla', 'ai', 'default'],

  queue: {
    prefix: env.get('QUEUE_PREFIX', 'atum'),
  },

  worker: {
    prefix: env.get('QUEUE_PREFIX', 'atum'),
  },

  jobs: {
    // Every job is idempotent, so retrying is safe.
    attempts: 5,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: 1000,
    removeOnFail: 5000,
  },
})
