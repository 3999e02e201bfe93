import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import redis from '@adonisjs/redis/services/main'

/**
 * An organization's choices of plugins (id → on or off; plugins it never
 * chose are absent), cached in Redis so that every web process and worker
 * shares them: a page reads them once (CurrentOrganizationMiddleware) and
 * a listener call reads the cache, not the database.
 *
 * Invalidation bumps the organization's generation after the change is
 * committed (OrganizationPlugin's hooks); a cached value of an older
 * generation is ignored, so a request that read the database just before
 * the change cannot put the old choices back. Values also expire, which
 * bounds staleness after a database reset. Without Redis, the database
 * answers.
 */
export const CHOICES_TTL_SECONDS = 600

export type PluginChoices = Record<string, boolean>

const valueKey = (organizationId: number) => `atum:plugins:choices:${organizationId}`
const generationKey = (organizationId: number) => `atum:plugins:choices:${organizationId}:gen`

export async function pluginChoicesOf(organizationId: number): Promise<PluginChoices> {
  let generation = '0'
  try {
    const [cached, stored] = await redis.mget(
      valueKey(organizationId),
      generationKey(organizationId)
    )
    generation = stored ?? '0'
    if (cached) {
      const value = JSON.parse(cached) as { generation: string; choices: PluginChoices }
      if (value.generation === generation) return value.choices
    }
  } catch (error) {
    logger.warn({ err: error, organizationId }, 'plugin choices cache not read')
  }

  const rows: Array<{ plugin_id: string; enabled: boolean }> = await db
    .from('organization_plugins')
    .where('organization_id', organizationId)
    .select('plugin_id', 'enabled')
  const choices = Object.fromEntries(rows.map((row) => [row.plugin_id, row.enabled]))

  await redis
    .set(
      valueKey(organizationId),
      JSON.stringify({ generation, choices }),
      'EX',
      CHOICES_TTL_SECONDS
    )
    .catch((error) => logger.warn({ err: error, organizationId }, 'plugin choices not cached'))
  return choices
}

/** Call once a change of the organization's choices is committed. */
export async function forgetPluginChoicesOf(organizationId: number) {
  await redis
    .multi()
    .incr(generationKey(organizationId))
    .del(valueKey(organizationId))
    .exec()
    .catch((error) => logger.warn({ err: error, organizationId }, 'plugin choices not forgotten'))
}
