import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Ticket from '#models/ticket'
import TicketComment from '#models/ticket_comment'
import User from '#models/user'

/** PostgreSQL bigints arrive as strings (unless a type parser converts them); ids stay far below 2^53. */
const toNumber = (value: unknown) => (value === null || value === undefined ? value : Number(value))

/**
 * A file attached to a ticket (commentId null) or to one of its comments.
 * Created only by actions/attachments/attach_files.ts; downloaded only
 * through the authorized routes (the file on the disk has a random name,
 * storageKey, that is never shown).
 */
export default class Attachment extends BaseModel {
  @column({ isPrimary: true, consume: toNumber })
  declare id: number

  @column()
  declare organizationId: number

  @column({ consume: toNumber })
  declare ticketId: number

  /** The comment (public reply or internal note) it belongs to, if any. */
  @column({ consume: toNumber })
  declare commentId: number | null

  @column()
  declare uploaderId: number

  /** The original name, cleaned (no path, no control characters). */
  @column()
  declare filename: string

  /** Detected from the content, never taken from the client. */
  @column()
  declare contentType: string

  @column({ consume: toNumber })
  declare size: number

  @column({ columnName: 'sha256' })
  declare sha256: string

  @column({ serializeAs: null })
  declare storageKey: string

  @belongsTo(() => Ticket)
  declare ticket: BelongsTo<typeof Ticket>

  @belongsTo(() => TicketComment, { foreignKey: 'commentId' })
  declare comment: BelongsTo<typeof TicketComment>

  @belongsTo(() => User, { foreignKey: 'uploaderId' })
  declare uploader: BelongsTo<typeof User>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  /** The page route (session). */
  get downloadUrl() {
    return `/attachments/${this.id}`
  }

  /** The API route (access token). */
  get apiUrl() {
    return `/api/v1/attachments/${this.id}`
  }

  /** "812 KB", "4.2 MB" */
  get sizeLabel() {
    return formatBytes(this.size)
  }
}

export function formatBytes(bytes: number) {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const digits = value < 10 ? 1 : 0
  return `${value.toFixed(digits)} ${units[unit]}`
}
