import { HealthChecks } from '@adonisjs/core/health'
import { DbCheck } from '@adonisjs/lucid/database'
import { RedisCheck } from '@adonisjs/redis'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'

/**
 * Readiness: the web process can serve requests only while PostgreSQL and
 * Redis answer.
 */
export const healthChecks = new HealthChecks().register([
  new DbCheck(db.connection()).as('PostgreSQL'),
  new RedisCheck(redis.connection()).as('Redis'),
])
