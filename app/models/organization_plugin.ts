import { DateTime } from 'luxon'
import { afterDelete, afterSave, BaseModel, column } from '@adonisjs/lucid/orm'
import { forgetPluginChoicesOf } from '#services/plugins/plugin_choices'

/**
 * An organization's choice for one plugin: on or off, and its settings.
 */
export default class OrganizationPlugin extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare organizationId: number

  @column()
  declare pluginId: string

  @column()
  declare enabled: boolean

  @column()
  declare settings: Record<string, unknown>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /**
   * Every web process and worker caches an organization's choices
   * (services/plugins/plugin_choices.ts): a change makes them read again,
   * now and (inside a transaction) once more after the commit, so that a
   * request reading in between cannot keep the old choices.
   */
  @afterSave()
  @afterDelete()
  static async forgetCachedChoices(row: OrganizationPlugin) {
    const forget = () => forgetPluginChoicesOf(row.organizationId)
    await forget()
    row.$trx?.after('commit', forget)
  }
}
