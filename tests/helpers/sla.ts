import { DateTime, Settings } from 'luxon'
import type Organization from '#models/organization'
import SaveBusinessCalendar, { type CalendarInput } from '#actions/sla/save_business_calendar'
import SaveSlaPolicies, { type PolicyInput, type PolicyKey } from '#actions/sla/save_sla_policies'
import Actor from '#actions/actor'

/** Monday to Friday, 09:00–17:00. */
export const OFFICE_WEEK: CalendarInput['week'] = [1, 2, 3, 4, 5].map((day) => ({
  day: day as 1 | 2 | 3 | 4 | 5,
  start: '09:00',
  end: '17:00',
}))

/** Every day, all day. */
export const ALWAYS: CalendarInput['week'] = [0, 1, 2, 3, 4, 5, 6].map((day) => ({
  day: day as 0,
  start: '00:00',
  end: '24:00',
}))

/** A calendar of the organization and a default policy on it (through the real actions). */
export async function createSlaPolicy(
  organization: Organization,
  options: {
    timeZone?: string
    week?: CalendarInput['week']
    holidays?: CalendarInput['holidays']
    firstResponseMinutes: number
    resolutionMinutes: number
    priority?: PolicyKey
  }
) {
  const actor = Actor.system(organization)
  const calendar = await SaveBusinessCalendar.handle(actor, {
    name: `Office ${options.timeZone ?? 'UTC'}`,
    timeZone: options.timeZone ?? 'UTC',
    week: options.week ?? OFFICE_WEEK,
    holidays: options.holidays ?? [],
  })
  const row: PolicyInput = {
    calendarId: calendar.id,
    firstResponseMinutes: options.firstResponseMinutes,
    resolutionMinutes: options.resolutionMinutes,
  }
  await SaveSlaPolicies.handle(actor, { policies: { [options.priority ?? 'default']: row } })
  return calendar
}

/**
 * Sets the app's clock (luxon's, which Lucid's timestamps and the SLA
 * clock read) to a local time of a zone; `restoreClock` undoes it.
 */
export function travelTo(local: string, zone = 'UTC') {
  const instant = DateTime.fromISO(local, { zone })
  if (!instant.isValid) throw new Error(`Not a time: ${local}`)
  Settings.now = () => instant.toMillis()
  return instant
}

export function restoreClock() {
  Settings.now = () => Date.now()
}
