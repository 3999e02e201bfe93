import { IANAZone } from 'luxon'

/**
 * Business time: how many working minutes an organization's calendar
 * contains between two instants, and when a number of working minutes has
 * elapsed. Pure functions, no database, no clock.
 *
 * Definition. A business minute is a real elapsed minute during which the
 * organization's local wall clock shows a working time on a day that is not
 * a holiday. A yearly holiday matches its month and day every year (a Feb 29
 * yearly holiday therefore only exists in leap years). When clocks go back,
 * a repeated working hour is worked twice and counts twice; when clocks go
 * forward, the skipped wall-clock hour never exists and counts nothing.
 *
 * Seconds and milliseconds. The functions work on whole real minutes: the
 * minutes of the epoch, [k·60 s, (k+1)·60 s) in UTC (every time zone in use
 * today has an offset of whole minutes, so these are also the minutes of the
 * local clock). Every instant given to the functions is floored to the start
 * of the minute it falls in, and a minute is a business minute when the local
 * wall clock at its start shows a working time on a non-holiday date. So:
 * - `businessMinutesBetween(from, to)` counts the business minutes whose
 *   start lies in [floor(from), floor(to)): the minute in which `from` falls
 *   counts whole, the minute in which `to` falls does not count;
 * - `addBusinessMinutes(start, n)` counts business minutes from the minute
 *   in which `start` falls and returns the END of the n-th one (always a whole
 *   minute), so a target that uses up the last minute before closing time is
 *   due at closing time, not the next morning.
 * The two agree exactly: businessMinutesBetween(s, addBusinessMinutes(s, n))
 * is n, and counts add up (between(a, b) + between(b, c) = between(a, c)).
 *
 * Algorithm. Real time is walked one UTC day at a time. A UTC day none of
 * whose overlapping local dates (the day before, the day, the day after) is a
 * working date is skipped with integer arithmetic only. For any other UTC
 * day, the zone's UTC offset is read at both ends; when they differ the
 * transition instant is found by bisection (to the second), which splits the
 * day into pieces of constant offset. On a piece with constant offset the
 * local clock is real time plus the offset, so each working interval of each
 * local date the piece covers maps to one real interval: the preimage of the
 * wall-clock interval, clipped to the piece. A wall-clock interval that spans
 * a fall-back transition so yields two real intervals (the repeated hour is
 * worked twice); one that spans a spring-forward transition yields real time
 * that is one hour shorter. Counting minutes in a real interval is a
 * subtraction, so the cost grows with the calendar days crossed (about one
 * offset look-up per working day), not with the minutes. Offsets at UTC
 * midnights and the transitions found are memoized per zone (bounded), as
 * the due dates of many tickets cross the same days.
 *
 * Assumption: a zone's offset changes at most in ways that are visible at
 * the ends of a UTC day (no two transitions that cancel each other within
 * 24 hours), which holds for every zone of the IANA database.
 */

export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6

export type BusinessCalendar = {
  /** IANA time zone, e.g. "Europe/Berlin". */
  timeZone: string
  /**
   * Weekly working intervals in local wall-clock time, `day` 0 = Sunday,
   * `start` "HH:MM" (00:00–23:59), `end` "HH:MM" after start (up to 24:00).
   * Several intervals per day are allowed and may overlap. An interval that
   * runs past midnight is two intervals (22:00–24:00 and 00:00–06:00 of the
   * next day).
   */
  week: Array<{ day: Weekday; start: string; end: string }>
  /** Holidays by local date "YYYY-MM-DD"; `yearly` repeats month and day every year. */
  holidays: Array<{ date: string; yearly?: boolean }>
}

const MINUTE = 60_000
const DAY = 86_400_000
/** The largest instant a Date can hold. */
const MAX_INSTANT = 8.64e15

/** A validated calendar in the form the walker uses. */
type CompiledCalendar = {
  timeZone: string
  /** Merged working intervals per weekday, as [start, end) minutes of the day. */
  intervals: Array<Array<[number, number]>>
  /** Fixed holidays as day numbers (days since 1970-01-01). */
  fixedHolidays: Set<number>
  /** Yearly holidays as month * 100 + day. */
  yearlyHolidays: Set<number>
}

class CalendarError extends Error {
  constructor(message: string) {
    super(`Invalid business calendar: ${message}`)
    this.name = 'CalendarError'
  }
}

/* ------------------------------------------------------------------------ */
/* Dates as day numbers                                                      */
/* ------------------------------------------------------------------------ */

function isLeapYear(year: number) {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function daysInMonth(year: number, month: number) {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
function dayNumberOf(year: number, month: number, day: number) {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146097 + dayOfEra - 719468
}

/** Month * 100 + day of a day number (the inverse of dayNumberOf, without the year). */
function monthDayOf(dayNumber: number) {
  const z = dayNumber + 719468
  const era = Math.floor(z / 146097)
  const dayOfEra = z - era * 146097
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365
  )
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
  return month * 100 + day
}

/** 0 = Sunday; day number 0 (1970-01-01) was a Thursday. */
function weekdayOf(dayNumber: number) {
  return (((dayNumber + 4) % 7) + 7) % 7
}

/* ------------------------------------------------------------------------ */
/* Validation and normalization                                              */
/* ------------------------------------------------------------------------ */

const TIME_PATTERN = /^(\d{2}):(\d{2})$/
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

function parseTime(value: unknown, where: string, allowEndOfDay: boolean): number {
  const match = typeof value === 'string' ? TIME_PATTERN.exec(value) : null
  if (match) {
    const hours = Number(match[1])
    const minutes = Number(match[2])
    if (hours <= 23 && minutes <= 59) return hours * 60 + minutes
    if (allowEndOfDay && hours === 24 && minutes === 0) return 1440
  }
  const range = allowEndOfDay ? '00:01 to 24:00' : '00:00 to 23:59'
  throw new CalendarError(
    `${where} must be a time "HH:MM" from ${range}, got ${JSON.stringify(value)}`
  )
}

function formatTime(minutes: number) {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

function parseHolidayDate(value: unknown, where: string) {
  const match = typeof value === 'string' ? DATE_PATTERN.exec(value) : null
  if (match) {
    const year = Number(match[1])
    const month = Number(match[2])
    const day = Number(match[3])
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) {
      return { year, month, day }
    }
  }
  throw new CalendarError(
    `${where} must be an existing date "YYYY-MM-DD", got ${JSON.stringify(value)}`
  )
}

/** Zones found valid (luxon's check builds a new Intl formatter on every call). */
const validZones = new Set<string>()

/** Throws when the zone is not an IANA time zone this runtime knows. */
function checkTimeZone(timeZone: unknown): asserts timeZone is string {
  if (typeof timeZone === 'string' && validZones.has(timeZone)) return
  if (typeof timeZone !== 'string' || timeZone === '' || !IANAZone.isValidZone(timeZone)) {
    throw new CalendarError(
      `timeZone must be an IANA time zone such as "Europe/Berlin", got ${JSON.stringify(timeZone)}`
    )
  }
  validZones.add(timeZone)
}

function compile(calendar: BusinessCalendar): CompiledCalendar {
  if (typeof calendar !== 'object' || calendar === null) {
    throw new CalendarError('expected an object with timeZone, week and holidays')
  }
  checkTimeZone(calendar.timeZone)
  if (!Array.isArray(calendar.week)) throw new CalendarError('week must be an array')
  if (!Array.isArray(calendar.holidays)) throw new CalendarError('holidays must be an array')

  const perDay: Array<Array<[number, number]>> = [[], [], [], [], [], [], []]
  calendar.week.forEach((interval, index) => {
    const where = `week[${index}]`
    if (typeof interval !== 'object' || interval === null) {
      throw new CalendarError(`${where} must be an object { day, start, end }`)
    }
    const { day } = interval
    if (!Number.isInteger(day) || day < 0 || day > 6) {
      throw new CalendarError(
        `${where}.day must be an integer from 0 (Sunday) to 6 (Saturday), got ${JSON.stringify(day)}`
      )
    }
    const start = parseTime(interval.start, `${where}.start`, false)
    const end = parseTime(interval.end, `${where}.end`, true)
    if (end <= start) {
      throw new CalendarError(
        `${where} must end after it starts, got ${interval.start}–${interval.end} ` +
          '(split an interval that runs past midnight into one ending at 24:00 and one starting at 00:00)'
      )
    }
    perDay[day].push([start, end])
  })

  const intervals = perDay.map((list) => {
    const sorted = [...list].sort((a, b) => a[0] - b[0] || a[1] - b[1])
    const merged: Array<[number, number]> = []
    for (const [start, end] of sorted) {
      const last = merged.at(-1)
      if (last && start <= last[1]) last[1] = Math.max(last[1], end)
      else merged.push([start, end])
    }
    return merged
  })

  const fixedHolidays = new Set<number>()
  const yearlyHolidays = new Set<number>()
  calendar.holidays.forEach((holiday, index) => {
    const where = `holidays[${index}]`
    if (typeof holiday !== 'object' || holiday === null) {
      throw new CalendarError(`${where} must be an object { date, yearly? }`)
    }
    if (holiday.yearly !== undefined && typeof holiday.yearly !== 'boolean') {
      throw new CalendarError(`${where}.yearly must be true, false or absent`)
    }
    const { year, month, day } = parseHolidayDate(holiday.date, `${where}.date`)
    if (holiday.yearly) yearlyHolidays.add(month * 100 + day)
    else fixedHolidays.add(dayNumberOf(year, month, day))
  })

  return { timeZone: calendar.timeZone, intervals, fixedHolidays, yearlyHolidays }
}

/**
 * Validates a calendar and returns its canonical form: working intervals
 * sorted by weekday and start, overlapping or touching intervals of a
 * weekday merged, holidays sorted and without duplicates. Throws an Error
 * naming the first malformed field.
 */
export function normalizeCalendar(calendar: BusinessCalendar): BusinessCalendar {
  const compiled = compile(calendar)
  const week: BusinessCalendar['week'] = []
  compiled.intervals.forEach((list, day) => {
    for (const [start, end] of list) {
      week.push({ day: day as Weekday, start: formatTime(start), end: formatTime(end) })
    }
  })
  const seen = new Set<string>()
  const holidays: BusinessCalendar['holidays'] = []
  for (const holiday of calendar.holidays) {
    const key = `${holiday.date}|${holiday.yearly === true}`
    if (seen.has(key)) continue
    seen.add(key)
    holidays.push(holiday.yearly ? { date: holiday.date, yearly: true } : { date: holiday.date })
  }
  holidays.sort(
    (a, b) => a.date.localeCompare(b.date) || Number(a.yearly ?? false) - Number(b.yearly ?? false)
  )
  return { timeZone: calendar.timeZone, week, holidays }
}

/* ------------------------------------------------------------------------ */
/* UTC offsets                                                               */
/* ------------------------------------------------------------------------ */

/**
 * One formatter per zone that prints the UTC offset ("GMT+05:30", "GMT" for
 * zero). Intl is the same source luxon reads zones from; formatting the
 * offset directly is several times faster than luxon's IANAZone.offset,
 * which matters because the walker reads one offset per working day.
 */
const offsetFormatters = new Map<string, Intl.DateTimeFormat>()

/** The zone's UTC offset at an instant, in milliseconds (local = UTC + offset). */
function offsetAt(timeZone: string, instant: number): number {
  let formatter = offsetFormatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      timeZoneName: 'longOffset',
      hour: 'numeric',
      hourCycle: 'h23',
    })
    offsetFormatters.set(timeZone, formatter)
  }
  const text = formatter.format(instant)
  const at = text.lastIndexOf('GMT')
  if (at === -1) throw new Error(`Cannot read the UTC offset of ${timeZone} from "${text}"`)
  const rest = text.slice(at + 3)
  if (rest === '') return 0
  const match = /^([+\-\u2212])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/.exec(rest)
  if (!match) throw new Error(`Cannot read the UTC offset of ${timeZone} from "${text}"`)
  const magnitude =
    Number(match[2]) * 3_600_000 + Number(match[3] ?? 0) * MINUTE + Number(match[4] ?? 0) * 1000
  return match[1] === '+' ? magnitude : -magnitude
}

/**
 * Offsets at UTC midnights, per zone: the walker reads one per working day,
 * and due dates of many tickets cross the same days. Bounded: a zone's memo
 * is emptied when it holds 4,096 days.
 */
const midnightOffsets = new Map<string, Map<number, number>>()

function offsetAtUtcMidnight(timeZone: string, utcDay: number): number {
  let memo = midnightOffsets.get(timeZone)
  if (!memo) midnightOffsets.set(timeZone, (memo = new Map()))
  let offset = memo.get(utcDay)
  if (offset === undefined) {
    if (memo.size >= 4096) memo.clear()
    offset = offsetAt(timeZone, utcDay * DAY)
    memo.set(utcDay, offset)
  }
  return offset
}

/** Transitions found by bisection, per zone, by the instant the search started from. */
const transitions = new Map<string, Map<number, number>>()

/**
 * The first whole second in (low, high] at which the offset is no longer
 * `lowOffset`, given that it is `lowOffset` at `low` and something else at
 * `high` (both whole seconds).
 */
function findTransition(timeZone: string, low: number, lowOffset: number, high: number) {
  let memo = transitions.get(timeZone)
  if (!memo) transitions.set(timeZone, (memo = new Map()))
  const known = memo.get(low)
  if (known !== undefined) return known
  const from = low
  while (high - low > 1000) {
    const middle = Math.floor((low + high) / 2000) * 1000
    if (offsetAt(timeZone, middle) === lowOffset) low = middle
    else high = middle
  }
  if (memo.size >= 1024) memo.clear()
  memo.set(from, high)
  return high
}

/* ------------------------------------------------------------------------ */
/* The walker                                                                */
/* ------------------------------------------------------------------------ */

function worksOn(calendar: CompiledCalendar, dayNumber: number) {
  if (calendar.intervals[weekdayOf(dayNumber)].length === 0) return false
  if (calendar.fixedHolidays.has(dayNumber)) return false
  return calendar.yearlyHolidays.size === 0 || !calendar.yearlyHolidays.has(monthDayOf(dayNumber))
}

type WalkResult = { count: number; due: number | null }

/**
 * Walks business minutes from `from` (a whole minute) towards `to` (a whole
 * minute, or Infinity). Stops at the `target`-th business minute and returns
 * the instant it ends (`due`), or returns the number of business minutes in
 * [from, to) when the target is not reached.
 */
function walk(calendar: CompiledCalendar, from: number, to: number, target: number): WalkResult {
  const { timeZone, intervals } = calendar
  let count = 0
  let utcDay = Math.floor(from / DAY)

  while (utcDay * DAY < to) {
    const dayStart = utcDay * DAY
    const dayEnd = dayStart + DAY
    if (dayEnd > MAX_INSTANT) {
      throw new RangeError('Business time: the result lies beyond the range of a Date')
    }
    // The local dates that overlap a UTC day are the day before, the day and the day after.
    if (
      !worksOn(calendar, utcDay - 1) &&
      !worksOn(calendar, utcDay) &&
      !worksOn(calendar, utcDay + 1)
    ) {
      utcDay++
      continue
    }

    const endOffset = offsetAtUtcMidnight(timeZone, utcDay + 1)
    let pieceStart = dayStart
    let pieceOffset = offsetAtUtcMidnight(timeZone, utcDay)

    // Split the day into pieces of constant offset.
    while (pieceStart < dayEnd) {
      const pieceEnd =
        pieceOffset === endOffset
          ? dayEnd
          : findTransition(timeZone, pieceStart, pieceOffset, dayEnd)
      const low = Math.max(pieceStart, from)
      const high = Math.min(pieceEnd, to)

      if (low < high) {
        // On this piece, local time = real time + pieceOffset.
        const firstDate = Math.floor((low + pieceOffset) / DAY)
        const lastDate = Math.floor((high - 1 + pieceOffset) / DAY)
        for (let date = firstDate; date <= lastDate; date++) {
          if (!worksOn(calendar, date)) continue
          const base = date * DAY - pieceOffset
          for (const [start, end] of intervals[weekdayOf(date)]) {
            const realStart = Math.max(base + start * MINUTE, low)
            const realEnd = Math.min(base + end * MINUTE, high)
            if (realStart >= realEnd) continue
            // Minutes whose start lies in [realStart, realEnd).
            const firstMinute = Math.ceil(realStart / MINUTE)
            const minutes = Math.ceil(realEnd / MINUTE) - firstMinute
            if (count + minutes >= target) {
              return { count: target, due: (firstMinute + (target - count)) * MINUTE }
            }
            count += minutes
          }
        }
      }

      if (pieceEnd >= dayEnd) break
      pieceStart = pieceEnd
      pieceOffset = offsetAt(timeZone, pieceEnd)
    }
    utcDay++
  }
  return { count, due: null }
}

function instantOf(value: unknown, name: string): number {
  const time = value instanceof Date ? value.getTime() : Number.NaN
  if (Number.isNaN(time)) throw new TypeError(`Business time: ${name} must be a valid Date`)
  return Math.floor(time / MINUTE) * MINUTE
}

/**
 * The instant at which `minutes` business minutes (an integer ≥ 1) have
 * elapsed, counting from the minute in which `start` falls. A target that
 * ends with the last minute before closing time is due at closing time.
 */
export function addBusinessMinutes(calendar: BusinessCalendar, start: Date, minutes: number): Date {
  const compiled = compile(calendar)
  const from = instantOf(start, 'start')
  if (!Number.isSafeInteger(minutes) || minutes < 1) {
    throw new RangeError(`Business time: minutes must be an integer of at least 1, got ${minutes}`)
  }
  if (compiled.intervals.every((list) => list.length === 0)) {
    throw new CalendarError('it has no working hours, so no business minute ever elapses')
  }
  if (compiled.yearlyHolidays.size >= 366) {
    throw new CalendarError(
      'every day of the year is a yearly holiday, so no business minute ever elapses'
    )
  }
  const { due } = walk(compiled, from, Number.POSITIVE_INFINITY, minutes)
  return new Date(due!)
}

/**
 * The number of business minutes in [from, to): the business minutes whose
 * start lies in [floor(from), floor(to)) (floored to whole minutes); 0 when
 * `to` is not after `from`.
 */
export function businessMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const compiled = compile(calendar)
  const low = instantOf(from, 'from')
  const high = instantOf(to, 'to')
  if (high <= low) return 0
  return walk(compiled, low, high, Number.POSITIVE_INFINITY).count
}
