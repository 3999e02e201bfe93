import db from '@adonisjs/lucid/services/db'
import SlaPolicy from '#models/sla_policy'
import BusinessCalendar from '#models/business_calendar'
import type { TicketPriority } from '#models/ticket'
import ActionError from '#exceptions/action_error'
import { appendAuditEvent } from '#services/audit/audit_trail'
import type Actor from '#actions/actor'
import { lockedRows } from '#actions/locked_rows'

export type PolicyKey = 'default' | TicketPriority

export interface PolicyInput {
  calendarId?: number
  firstResponseMinutes?: number
  resolutionMinutes?: number
}

/** Targets longer than a year of round-the-clock minutes are a typing error. */
const MAX_MINUTES = 525_600

/**
 * Sets the actor's organization's SLA policies in one go: the default and one per
 * priority. A row without targets removes that priority's own policy (its
 * tickets then follow the default). Returns whether anything changed, so
 * the caller can recalculate the due dates of open tickets.
 */
export default class SaveSlaPolicies {
  static async handle(
    actor: Actor,
    { policies: rows }: { policies: Partial<Record<PolicyKey, PolicyInput>> }
  ) {
    const organizationId = actor.organizationOrFail().id
    return db.transaction(async (trx) => {
      const calendars = await BusinessCalendar.query({ client: trx }).where(
        'organization_id',
        organizationId
      )
      const existing = await lockedRows(SlaPolicy, organizationId, trx)
      const changes: Record<string, unknown> = {}

      for (const [key, row] of Object.entries(rows) as Array<[PolicyKey, PolicyInput]>) {
        const priority = key === 'default' ? null : key
        const current = existing.find((policy) => policy.priority === priority)
        const field = (name: string) => `policies.${key}.${name}`
        const empty = row.firstResponseMinutes === undefined && row.resolutionMinutes === undefined

        if (empty) {
          if (current) {
            await current.useTransaction(trx).delete()
            changes[key] = null
          }
          continue
        }
        if (row.firstResponseMinutes === undefined) {
          throw new ActionError('Give a first-response target too.', field('first_response'))
        }
        if (row.resolutionMinutes === undefined) {
          throw new ActionError('Give a resolution target too.', field('resolution'))
        }
        for (const [name, minutes] of [
          ['first_response', row.firstResponseMinutes],
          ['resolution', row.resolutionMinutes],
        ] as const) {
          if (minutes < 1 || minutes > MAX_MINUTES) {
            throw new ActionError('Give at least 1 minute and at most 8760 hours.', field(name))
          }
        }
        if (row.resolutionMinutes < row.firstResponseMinutes) {
          throw new ActionError(
            'Resolution cannot come before the first response.',
            field('resolution')
          )
        }
        const calendar = calendars.find((candidate) => candidate.id === row.calendarId)
        if (!calendar) throw new ActionError('Choose one of your calendars.', field('calendar_id'))

        const values = {
          calendarId: calendar.id,
          firstResponseMinutes: row.firstResponseMinutes,
          resolutionMinutes: row.resolutionMinutes,
        }
        if (
          current &&
          current.calendarId === values.calendarId &&
          current.firstResponseMinutes === values.firstResponseMinutes &&
          current.resolutionMinutes === values.resolutionMinutes
        ) {
          continue
        }
        const policy = current ?? new SlaPolicy()
        policy.useTransaction(trx)
        policy.merge({ organizationId, priority, ...values })
        await policy.save()
        changes[key] = {
          calendar: calendar.name,
          first_response_minutes: values.firstResponseMinutes,
          resolution_minutes: values.resolutionMinutes,
        }
      }

      if (Object.keys(changes).length === 0) return false
      await appendAuditEvent(
        {
          organizationId,
          action: 'sla.policies_updated',
          subjectType: 'organization',
          subjectId: organizationId,
          after: changes,
        },
        actor,
        trx
      )
      return true
    })
  }
}
