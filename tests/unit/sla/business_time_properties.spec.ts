import { test } from '@japa/runner'
import fc from 'fast-check'
import { DateTime } from 'luxon'
import {
  addBusinessMinutes,
  businessMinutesBetween,
  type BusinessCalendar,
} from '#services/sla/business_time'

/**
 * Property tests: the fast business-time module against a simple
 * minute-by-minute reference, on generated calendars and instants biased
 * towards daylight-saving changes, leap days and year ends.
 *
 * Reproduce a failure with FC_SEED=<seed printed by fast-check>.
 */

const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000
const RUNS = 10_000
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined

const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kolkata',
  'UTC',
  'Pacific/Chatham',
  // Half-hour daylight saving time; clocks change at local midnight; summer time suspended for Ramadan.
  'Australia/Lord_Howe',
  'America/Santiago',
  'Africa/Casablanca',
] as const

/* ------------------------------------------------------------------------ */
/* The reference: one real minute at a time                                  */
/* ------------------------------------------------------------------------ */

/**
 * Same definition as the module: instants are floored to their minute; a
 * minute is a business minute when luxon's local wall clock at its start
 * shows a working time on a date that is not a holiday.
 *
 * Reading luxon for every minute costs ~6 µs, too slow for 20,000 cases of
 * thousands of minutes. So luxon's offset is read at the first and last
 * minute of each UTC hour (memoized); when both agree the hour has that
 * offset throughout (zones change offset at most a few times a year), when
 * they differ luxon is asked for every minute of that hour.
 */
const hourOffsets = new Map<string, Map<number, number | null>>()

function luxonOffset(zone: string, instant: number) {
  return DateTime.fromMillis(instant).setZone(zone).offset
}

function offsetMinutes(zone: string, instant: number): number {
  let memo = hourOffsets.get(zone)
  if (!memo) hourOffsets.set(zone, (memo = new Map()))
  const hour = Math.floor(instant / HOUR)
  let offset = memo.get(hour)
  if (offset === undefined) {
    const first = luxonOffset(zone, hour * HOUR)
    const last = luxonOffset(zone, hour * HOUR + HOUR - MINUTE)
    offset = first === last ? first : null
    memo.set(hour, offset)
  }
  return offset ?? luxonOffset(zone, instant)
}

type ReferenceCalendar = {
  zone: string
  /** worked[weekday * 1440 + minute of the day] is 1 when some interval of that weekday covers the minute. */
  worked: Uint8Array
  fixed: Set<string>
  yearly: Set<string>
  /** Per local date (days since 1970-01-01): is it a working date, and its weekday. */
  dates: Map<number, { holiday: boolean; weekday: number }>
}

const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))

function workedMinutes(week: BusinessCalendar['week']) {
  const worked = new Uint8Array(7 * 1440)
  for (const { day, start, end } of week)
    worked.fill(1, day * 1440 + toMinutes(start), day * 1440 + toMinutes(end))
  return worked
}

function referenceCalendar(calendar: BusinessCalendar): ReferenceCalendar {
  return {
    zone: calendar.timeZone,
    worked: workedMinutes(calendar.week),
    fixed: new Set(calendar.holidays.filter((h) => !h.yearly).map((h) => h.date)),
    yearly: new Set(calendar.holidays.filter((h) => h.yearly).map((h) => h.date.slice(5))),
    dates: new Map(),
  }
}

function isBusinessMinute(calendar: ReferenceCalendar, minuteStart: number) {
  // The local wall clock, as a count of milliseconds from 1970-01-01 00:00 local.
  const local = minuteStart + offsetMinutes(calendar.zone, minuteStart) * MINUTE
  const localDate = Math.floor(local / DAY)
  const minuteOfDay = Math.floor((local - localDate * DAY) / MINUTE)
  let date = calendar.dates.get(localDate)
  if (!date) {
    const midnight = new Date(localDate * DAY)
    const iso = midnight.toISOString().slice(0, 10)
    const holiday = calendar.fixed.has(iso) || calendar.yearly.has(iso.slice(5))
    date = { holiday, weekday: midnight.getUTCDay() }
    calendar.dates.set(localDate, date)
  }
  return !date.holiday && calendar.worked[date.weekday * 1440 + minuteOfDay] === 1
}

const floorMinute = (instant: number) => Math.floor(instant / MINUTE) * MINUTE

let referenceMinutes = 0

/** Business minutes whose start lies in [floor(from), floor(to)). */
function referenceBetween(calendar: ReferenceCalendar, from: number, to: number) {
  let count = 0
  for (let minute = floorMinute(from); minute < floorMinute(to); minute += MINUTE) {
    referenceMinutes++
    if (isBusinessMinute(calendar, minute)) count++
  }
  return count
}

/** The end of the n-th business minute from floor(start), or null when not reached before `limit`. */
function referenceAdd(calendar: ReferenceCalendar, start: number, minutes: number, limit: number) {
  let count = 0
  for (let minute = floorMinute(start); minute < limit; minute += MINUTE) {
    referenceMinutes++
    if (isBusinessMinute(calendar, minute) && ++count === minutes) return minute + MINUTE
  }
  return null
}

/* ------------------------------------------------------------------------ */
/* Generators                                                                */
/* ------------------------------------------------------------------------ */

/** Instants worth testing around, per zone: offset changes, leap days, year ends (2024–2029). */
function interestingInstants(zone: string): number[] {
  const instants: number[] = []
  for (let day = Date.UTC(2024, 0, 1); day < Date.UTC(2030, 0, 1); day += DAY) {
    if (luxonOffset(zone, day) === luxonOffset(zone, day + DAY)) continue
    let low = day
    let high = day + DAY
    while (high - low > MINUTE) {
      const middle = floorMinute((low + high) / 2)
      if (luxonOffset(zone, middle) === luxonOffset(zone, low)) low = middle
      else high = middle
    }
    instants.push(high)
  }
  for (const year of [2024, 2025, 2026, 2027, 2028, 2029]) {
    const local = (month: number, day: number, hour = 0) =>
      DateTime.fromObject({ year, month, day, hour }, { zone }).toMillis()
    instants.push(local(12, 31, 12), local(12, 31, 23), local(1, 1), local(3, 1))
    if (year % 4 === 0) instants.push(local(2, 28, 12), local(2, 29), local(2, 29, 12))
  }
  return instants
}

const INTERESTING = new Map<string, number[]>(
  ZONES.map((zone) => [zone, interestingInstants(zone)])
)
/** Other starts are uniform over 1970–2099 (older and future rules of the zones). */
const UNIFORM_FROM = Date.UTC(1970, 0, 1)
const UNIFORM_SPAN = Date.UTC(2100, 0, 1) - UNIFORM_FROM

const pad = (value: number, length = 2) => String(value).padStart(length, '0')
const hhmm = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`

const startArbitrary = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    near: fc.oneof(
      { weight: 3, arbitrary: fc.nat().map((pick) => ({ pick })) },
      {
        weight: 1,
        arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((uniform) => ({ uniform })),
      }
    ),
    shift: fc.oneof(
      fc.integer({ min: -180, max: 180 }),
      fc.integer({ min: -5 * 1440, max: 2 * 1440 }),
      fc.constantFrom(0, -1, 1, -60, 60)
    ),
    subMinute: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: MINUTE - 1 })),
  })
  .map(({ zone, near, shift, subMinute }) => {
    const anchors = INTERESTING.get(zone)!
    const anchor =
      'pick' in near
        ? anchors[near.pick % anchors.length]
        : floorMinute(UNIFORM_FROM + near.uniform * UNIFORM_SPAN)
    return { zone, start: anchor + shift * MINUTE + subMinute }
  })

const minuteOfDay = fc.oneof(
  fc.integer({ min: 0, max: 96 }).map((quarter) => quarter * 15),
  fc.integer({ min: 0, max: 1440 }),
  // Times at which clocks change: 01:00, 02:00, 03:00 and Chatham's 02:45 and 03:45.
  fc.constantFrom(0, 60, 120, 165, 180, 225, 240, 1440)
)

const intervalArbitrary = fc
  .tuple(fc.integer({ min: 0, max: 6 }), minuteOfDay, minuteOfDay)
  .filter(([, a, b]) => a !== b)
  .map(([day, a, b]) => ({
    day: day as BusinessCalendar['week'][number]['day'],
    start: hhmm(Math.min(a, b)),
    end: hhmm(Math.max(a, b)),
  }))

type Week = BusinessCalendar['week']
const everyDay = (start: string, end: string): Week =>
  ([0, 1, 2, 3, 4, 5, 6] as const).map((day) => ({ day, start, end }))
const weekdays = (...hours: Array<[string, string]>): Week =>
  ([1, 2, 3, 4, 5] as const).flatMap((day) => hours.map(([start, end]) => ({ day, start, end })))

const weekArbitrary = fc
  .tuple(
    fc.constantFrom<Week>(
      [],
      [],
      [],
      everyDay('00:00', '24:00'),
      everyDay('01:00', '04:00'),
      everyDay('02:00', '03:00'),
      weekdays(['09:00', '17:00']),
      weekdays(['08:00', '12:00'], ['13:00', '17:00']),
      [...everyDay('22:00', '24:00'), ...everyDay('00:00', '06:00')]
    ),
    fc.array(intervalArbitrary, { maxLength: 8 })
  )
  .map(([template, extra]) => [...template, ...extra])

const holidaySpecs = fc.record({
  relative: fc.array(
    fc.record({
      days: fc.integer({ min: -3, max: 30 }),
      yearly: fc.boolean(),
      yearsBack: fc.integer({ min: 0, max: 5 }),
    }),
    { maxLength: 6 }
  ),
  fixed: fc.subarray([
    { date: '2020-02-29', yearly: true },
    { date: '2000-01-01', yearly: true },
    { date: '1999-12-31', yearly: true },
    { date: '2024-02-29' },
    { date: '2028-02-29' },
    { date: '2025-12-25', yearly: true },
  ]),
})

type HolidaySpecs = typeof holidaySpecs extends fc.Arbitrary<infer T> ? T : never

/** Holidays near the start (so they matter), some of them yearly from earlier years. */
function holidaysNear(zone: string, start: number, specs: HolidaySpecs) {
  const startDate = DateTime.fromMillis(start).setZone(zone).startOf('day')
  const holidays: BusinessCalendar['holidays'] = specs.relative.map(
    ({ days, yearly, yearsBack }) => {
      const date = startDate.plus({ days })
      if (!yearly) return { date: date.toISODate()! }
      const earlier = DateTime.fromObject(
        { year: date.year - yearsBack, month: date.month, day: date.day },
        { zone: 'utc' }
      )
      return {
        date: (earlier.isValid && earlier.day === date.day ? earlier : date).toISODate()!,
        yearly: true,
      }
    }
  )
  return [...holidays, ...specs.fixed]
}

const caseArbitrary = fc
  .record({ start: startArbitrary, week: weekArbitrary, holidays: holidaySpecs })
  .map(({ start, week, holidays }) => ({
    start: start.start,
    calendar: {
      timeZone: start.zone,
      week,
      holidays: holidaysNear(start.zone, start.start, holidays),
    } satisfies BusinessCalendar,
  }))

/** Working minutes in a week without holidays (a union: overlapping intervals count once). */
const weeklyMinutes = (week: Week) => workedMinutes(week).reduce((sum, worked) => sum + worked, 0)

/** The reference never walks further than this from the start. */
const REFERENCE_LIMIT = 10 * 7 * DAY

function report(name: string, began: number, extra = '') {
  const seconds = (performance.now() - began) / 1000
  console.log(
    `    ${name}: ${RUNS} cases in ${seconds.toFixed(1)} s, ` +
      `${Math.round(referenceMinutes / RUNS)} reference minutes per case on average${extra}`
  )
}

/* ------------------------------------------------------------------------ */
/* Properties                                                                */
/* ------------------------------------------------------------------------ */

test.group('Business time: properties against the minute-by-minute reference', () => {
  test(`addBusinessMinutes matches the reference on ${RUNS} generated cases`, ({ assert }) => {
    referenceMinutes = 0
    let unreached = 0
    const began = performance.now()
    const property = fc.property(
      caseArbitrary,
      fc.oneof(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 5000 })
      ),
      ({ start, calendar }, wanted) => {
        const weekly = weeklyMinutes(calendar.week)
        if (weekly === 0) {
          assert.throws(
            () => addBusinessMinutes(calendar, new Date(start), wanted),
            /no working hours/
          )
          return
        }
        // At most two weeks of working time, so the reference stays cheap.
        const minutes = 1 + ((wanted - 1) % Math.min(5000, 2 * weekly))
        const due = addBusinessMinutes(calendar, new Date(start), minutes).getTime()
        const reference = referenceCalendar(calendar)
        const limit = floorMinute(start) + REFERENCE_LIMIT
        const expected = referenceAdd(reference, start, minutes, limit)

        if (expected === null) {
          unreached++
          assert.isAbove(due, limit)
        } else {
          assert.equal(new Date(due).toISOString(), new Date(expected).toISOString())
        }
        assert.equal(due - floorMinute(due), 0)
        assert.equal(businessMinutesBetween(calendar, new Date(start), new Date(due)), minutes)
        assert.equal(
          businessMinutesBetween(calendar, new Date(start), new Date(due - 1)),
          minutes - 1
        )
      }
    )
    fc.assert(property, { numRuns: RUNS, seed: SEED })
    report('addBusinessMinutes', began, `, ${unreached} beyond the reference's 10 weeks`)
  }).timeout(60_000)

  test(`businessMinutesBetween matches the reference on ${RUNS} generated cases`, ({ assert }) => {
    referenceMinutes = 0
    const began = performance.now()
    const property = fc.property(
      caseArbitrary,
      fc.oneof(
        fc.integer({ min: -2 * DAY, max: 0 }),
        fc.integer({ min: 0, max: HOUR }),
        fc.integer({ min: 0, max: DAY }),
        fc.integer({ min: 0, max: 7 * DAY }),
        fc.integer({ min: 0, max: 21 * DAY })
      ),
      fc.double({ min: 0, max: 1, noNaN: true }),
      ({ start, calendar }, span, split) => {
        const from = new Date(start)
        const to = new Date(start + span)
        const count = businessMinutesBetween(calendar, from, to)
        assert.equal(
          count,
          referenceBetween(referenceCalendar(calendar), from.getTime(), to.getTime())
        )

        // Counts add up over any split point.
        const middle = new Date(start + Math.floor(span * split))
        if (span > 0) {
          assert.equal(
            businessMinutesBetween(calendar, from, middle) +
              businessMinutesBetween(calendar, middle, to),
            count
          )
        }
      }
    )
    fc.assert(property, { numRuns: RUNS, seed: SEED })
    report('businessMinutesBetween', began)
  }).timeout(60_000)
})
