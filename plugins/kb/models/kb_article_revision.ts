import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#models/user'
import type { ArticleVisibility } from './kb_article.js'

/**
 * One saved version of an article's content, numbered from 1. Restoring
 * one writes a new revision with its content (`restoredFrom`).
 */
export default class KbArticleRevision extends BaseModel {
  static table = 'kb_article_revisions'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare organizationId: number

  @column()
  declare articleId: number

  @column()
  declare number: number

  @column()
  declare categoryId: number | null

  @column()
  declare title: string

  @column()
  declare body: string

  @column()
  declare tags: string[]

  @column()
  declare visibility: ArticleVisibility

  @column()
  declare restoredFrom: number | null

  @column()
  declare authorId: number | null

  @belongsTo(() => User, { foreignKey: 'authorId' })
  declare author: BelongsTo<typeof User>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
