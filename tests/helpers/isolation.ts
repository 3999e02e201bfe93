import type { Group } from '@japa/runner/core'
import testUtils from '@adonisjs/core/services/test_utils'
import redis from '@adonisjs/redis/services/main'

/**
 * Every test of the group runs inside a database transaction rolled back
 * afterwards (the HTTP server shares the process, so its queries join it)
 * and starts with an empty test Redis database.
 */
export function isolateEachTest(group: Group) {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(async () => {
    await redis.flushdb()
  })
}
