import { flags } from '@adonisjs/core/ace'
import Actor from '#actions/actor'
import AtumCommand from '#kit/command'

/**
 * Applies an organization's search language (plugin settings) to its
 * articles, as the desk's "Re-index now" does.
 */
export default class KbReindex extends AtumCommand {
  static commandName = 'kb:reindex'
  static description = "Re-index an organization's knowledge-base articles in its search language"

  @flags.string({ description: 'Slug of the organization' })
  declare org: string | undefined

  async run() {
    if (this.missingFlags(['org'], 'e.g. --org acme')) return
    const organization = await this.findOrganization(this.org)
    if (!organization) return
    const { default: ReindexArticles } = await import('../actions/reindex_articles.js')
    const changed = await ReindexArticles.handle(Actor.system(organization))
    this.logger.info(
      `${changed} article${changed === 1 ? '' : 's'} of ${organization.slug} re-indexed`
    )
  }
}
