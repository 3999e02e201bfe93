import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export const SLA_EVENT_KINDS = [
  'started',
  'targets_changed',
  'paused',
  'resumed',
  'first_response_met',
  'first_response_warning',
  'first_response_breached',
  'resolution_met',
  'resolution_warning',
  'resolution_breached',
  'stopped',
  'recalculated',
] as const
export type SlaEventKind = (typeof SLA_EVENT_KINDS)[number]

/**
 * One entry of a ticket's SLA timeline: what happened to its clock and the
 * due dates after it. Together they explain every minute of the due dates.
 */
export default class TicketSlaEvent extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare organizationId: number

  @column()
  declare ticketId: number

  @column()
  declare kind: SlaEventKind

  @column.dateTime()
  declare at: DateTime

  /** For "resumed": the business minutes the pause lasted (given back). */
  @column()
  declare businessMinutes: number | null

  @column.dateTime()
  declare firstResponseDueAt: DateTime | null

  @column.dateTime()
  declare resolutionDueAt: DateTime | null

  @column({
    prepare: (value: unknown) =>
      value === null || value === undefined ? null : JSON.stringify(value),
  })
  declare details: Record<string, unknown> | null
}
