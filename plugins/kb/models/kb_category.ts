import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'

/**
 * A knowledge-base category of one organization. Categories nest one
 * level: a category with a parent has no children (SaveCategory checks).
 */
export default class KbCategory extends BaseModel {
  static table = 'kb_categories'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare organizationId: number

  @column()
  declare parentId: number | null

  @column()
  declare name: string

  @column()
  declare slug: string

  @column()
  declare description: string

  @column()
  declare position: number

  @belongsTo(() => KbCategory, { foreignKey: 'parentId' })
  declare parent: BelongsTo<typeof KbCategory>

  @hasMany(() => KbCategory, { foreignKey: 'parentId' })
  declare children: HasMany<typeof KbCategory>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
