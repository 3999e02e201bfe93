import db from '@adonisjs/lucid/services/db'
import BusinessCalendar, { type Holiday } from '#models/business_calendar'
import ActionError from '#exceptions/action_error'
import {
  normalizeCalendar,
  type BusinessCalendar as CalendarShape,
} from '#services/sla/business_time'
import { appendAuditEvent } from '#services/audit/audit_trail'
import type Actor from '#actions/actor'

export interface CalendarInput {
  /** The organization's calendar to change; a new one without. */
  calendar?: BusinessCalendar
  name: string
  timeZone: string
  week: CalendarShape['week']
  holidays: Holiday[]
}

/**
 * Creates a business calendar or changes one of the actor's organization's. The
 * week is stored in canonical form (sorted, overlaps merged). Open
 * tickets keep their due dates until recalculated (RecalculateSla), which
 * the desk starts after a change of a calendar in use.
 */
export default class SaveBusinessCalendar {
  static async handle(actor: Actor, { calendar, ...input }: CalendarInput) {
    const organizationId = actor.organizationOrFail().id
    if (input.week.length === 0) {
      throw new ActionError('Give the working hours of at least one day.', 'day_1')
    }
    const canonical = normalizeCalendar({
      timeZone: input.timeZone,
      week: input.week,
      holidays: input.holidays,
    })
    const names = new Map(input.holidays.map((holiday) => [holiday.date, holiday.name]))
    const holidays = canonical.holidays.map((holiday) => ({
      ...holiday,
      ...(names.get(holiday.date) ? { name: names.get(holiday.date) } : {}),
    }))

    return db.transaction(async (trx) => {
      const taken = await BusinessCalendar.query({ client: trx })
        .where('organization_id', organizationId)
        .whereRaw('lower(name) = lower(?)', [input.name])
        .if(calendar, (query) => query.whereNot('id', calendar!.id))
        .first()
      if (taken) throw new ActionError('Another calendar has this name.', 'name')

      const target = calendar ?? new BusinessCalendar()
      const before = calendar
        ? {
            name: calendar.name,
            time_zone: calendar.timeZone,
            week: calendar.week,
            holidays: calendar.holidays,
          }
        : null
      target.useTransaction(trx)
      target.merge({
        organizationId,
        name: input.name,
        timeZone: canonical.timeZone,
        week: canonical.week,
        holidays,
      })
      await target.save()
      await appendAuditEvent(
        {
          organizationId,
          action: calendar ? 'sla.calendar_updated' : 'sla.calendar_created',
          subjectType: 'business_calendar',
          subjectId: target.id,
          before,
          after: { name: target.name, time_zone: target.timeZone, week: target.week, holidays },
        },
        actor,
        trx
      )
      return target
    })
  }
}
