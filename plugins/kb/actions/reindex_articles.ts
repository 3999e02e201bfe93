import db from '@adonisjs/lucid/services/db'
import type Actor from '#actions/actor'
import { kbSettingsFor } from '../services/kb_settings.js'

/**
 * Puts the actor's organization's articles in the text-search configuration of its
 * current settings (after the language was changed): PostgreSQL then
 * regenerates their search vectors. Returns how many articles changed.
 */
export default class ReindexArticles {
  static async handle(actor: Actor) {
    const organizationId = actor.organizationOrFail().id
    const { language } = await kbSettingsFor(organizationId)
    const changed = await db
      .from('kb_articles')
      .where('organization_id', organizationId)
      .whereRaw('language <> ?::regconfig', [language])
      .update({ language })
    return Array.isArray(changed) ? changed.length : Number(changed)
  }

  /** How many articles are indexed in another language than the settings'. */
  static async outdated(organizationId: number) {
    const { language } = await kbSettingsFor(organizationId)
    const [{ total }] = await db
      .from('kb_articles')
      .where('organization_id', organizationId)
      .whereRaw('language <> ?::regconfig', [language])
      .count('* as total')
    return Number(total)
  }
}
