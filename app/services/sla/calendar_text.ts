import type { Weekday } from '#services/sla/business_time'
import type { Holiday } from '#models/business_calendar'

/**
 * The calendar editor's text forms, read and written: working hours of a
 * day as "09:00-12:00, 13:00-17:00" (empty: closed) and holidays one per
 * line as "2026-12-25 yearly Christmas Day" ("yearly" optional, name
 * optional). Readers throw an Error with a message for the form.
 */

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/

export const WEEKDAYS: Array<{ day: Weekday; name: string }> = [
  { day: 1, name: 'Monday' },
  { day: 2, name: 'Tuesday' },
  { day: 3, name: 'Wednesday' },
  { day: 4, name: 'Thursday' },
  { day: 5, name: 'Friday' },
  { day: 6, name: 'Saturday' },
  { day: 0, name: 'Sunday' },
]

export function minutesOf(time: string) {
  const [hours, minutes] = time.split(':').map(Number)
  return hours * 60 + minutes
}

export function parseDayIntervals(text: string): Array<{ start: string; end: string }> {
  const parts = text
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter(Boolean)
  return parts.map((part) => {
    const match = /^(\d{1,2}:\d{2})\s*(?:-|–|—|to)\s*(\d{1,2}:\d{2})$/i.exec(part)
    if (!match) throw new Error(`"${part}" is not a time range like 09:00-17:00`)
    const [start, end] = [match[1].padStart(5, '0'), match[2].padStart(5, '0')]
    if (!TIME.test(start) || start === '24:00') throw new Error(`${start} is not a time of day`)
    if (!TIME.test(end)) throw new Error(`${end} is not a time of day (up to 24:00)`)
    if (minutesOf(end) <= minutesOf(start)) {
      throw new Error(`${start}-${end} ends before it starts (split night shifts at 24:00)`)
    }
    return { start, end }
  })
}

export function formatDayIntervals(
  week: Array<{ day: number; start: string; end: string }>,
  day: number
) {
  return week
    .filter((interval) => interval.day === day)
    .map((interval) => `${interval.start}-${interval.end}`)
    .join(', ')
}

export function parseHolidays(text: string): Holiday[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, index) => {
      const match = /^(\d{4}-\d{2}-\d{2})(?:\s+(yearly))?(?:\s+(.*))?$/i.exec(line)
      if (!match) throw new Error(`Line ${index + 1}: start with a date like 2026-12-25`)
      const [year, month, day] = match[1].split('-').map(Number)
      const date = new Date(Date.UTC(year, month - 1, day))
      if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
        throw new Error(`Line ${index + 1}: ${match[1]} is not a date`)
      }
      const name = match[3]?.trim().slice(0, 80)
      return {
        date: match[1],
        ...(match[2] ? { yearly: true } : {}),
        ...(name ? { name } : {}),
      }
    })
}

export function formatHolidays(holidays: Holiday[]) {
  return holidays
    .map((holiday) =>
      [holiday.date, holiday.yearly ? 'yearly' : '', holiday.name ?? ''].filter(Boolean).join(' ')
    )
    .join('\n')
}

/** "2 h 30 min", "45 min", "3 h" */
export function formatMinutes(total: number) {
  const hours = Math.floor(total / 60)
  const minutes = total % 60
  if (hours === 0) return `${minutes} min`
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`
}

/** "2h", "90m", "1h 30m", "1:30", "120" (minutes) → minutes. */
export function parseDuration(text: string): number {
  const value = text.trim().toLowerCase()
  let match = /^(\d{1,6})$/.exec(value)
  if (match) return Number(match[1])
  match = /^(\d{1,4}):([0-5]\d)$/.exec(value)
  if (match) return Number(match[1]) * 60 + Number(match[2])
  match = /^(?:(\d{1,4})\s*h(?:ours?)?)?\s*(?:(\d{1,6})\s*m(?:in(?:utes?)?)?)?$/.exec(value)
  if (match && (match[1] || match[2])) return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)
  throw new Error(`"${text}" is not a duration like 2h, 90m or 1h 30m`)
}
