import { test } from '@japa/runner'
import {
  addBusinessMinutes,
  businessMinutesBetween,
  normalizeCalendar,
  type BusinessCalendar,
} from '#services/sla/business_time'

/** An instant written with its local offset, e.g. at('2026-06-12T16:30+02:00'). */
const at = (iso: string) => new Date(iso)

const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6] as const

function everyDay(timeZone: string, start: string, end: string): BusinessCalendar {
  return { timeZone, week: ALL_DAYS.map((day) => ({ day, start, end })), holidays: [] }
}

function office(holidays: BusinessCalendar['holidays'] = []): BusinessCalendar {
  return {
    timeZone: 'Europe/Berlin',
    week: ([1, 2, 3, 4, 5] as const).map((day) => ({ day, start: '09:00', end: '17:00' })),
    holidays,
  }
}

test.group('Business time: the acceptance arithmetic (Mon–Fri 09:00–17:00 Europe/Berlin)', () => {
  test('created Friday 16:30 with a 2-hour target is due Monday 10:30', ({ assert }) => {
    const due = addBusinessMinutes(office(), at('2026-06-12T16:30+02:00'), 120)
    assert.equal(due.toISOString(), at('2026-06-15T10:30+02:00').toISOString())
    assert.equal(businessMinutesBetween(office(), at('2026-06-12T16:30+02:00'), due), 120)
  })

  test('waiting Monday 09:15 to 14:15 is 5 business hours, which move the due date', ({
    assert,
  }) => {
    const created = at('2026-06-12T16:30+02:00')
    const paused = businessMinutesBetween(
      office(),
      at('2026-06-15T09:15+02:00'),
      at('2026-06-15T14:15+02:00')
    )
    assert.equal(paused, 300)
    const resolutionDue = addBusinessMinutes(office(), created, 480)
    assert.equal(resolutionDue.toISOString(), at('2026-06-15T16:30+02:00').toISOString())
    const moved = addBusinessMinutes(office(), resolutionDue, paused)
    assert.equal(moved.toISOString(), at('2026-06-16T13:30+02:00').toISOString())
    assert.equal(moved.toISOString(), addBusinessMinutes(office(), created, 780).toISOString())
  })

  test('a target that ends at closing time is due at closing time, not the next morning', ({
    assert,
  }) => {
    const start = at('2026-06-15T15:00+02:00')
    assert.equal(
      addBusinessMinutes(office(), start, 120).toISOString(),
      at('2026-06-15T17:00+02:00').toISOString()
    )
    assert.equal(
      addBusinessMinutes(office(), start, 121).toISOString(),
      at('2026-06-16T09:01+02:00').toISOString()
    )
    assert.equal(businessMinutesBetween(office(), start, at('2026-06-15T17:00+02:00')), 120)
    assert.equal(businessMinutesBetween(office(), start, at('2026-06-16T09:00+02:00')), 120)
  })

  test('outside working hours the clock starts at the next opening', ({ assert }) => {
    assert.equal(
      addBusinessMinutes(office(), at('2026-06-13T11:00+02:00'), 1).toISOString(),
      at('2026-06-15T09:01+02:00').toISOString()
    )
    assert.equal(
      addBusinessMinutes(office(), at('2026-06-15T07:00+02:00'), 60).toISOString(),
      at('2026-06-15T10:00+02:00').toISOString()
    )
    assert.equal(
      businessMinutesBetween(office(), at('2026-06-12T17:00+02:00'), at('2026-06-15T09:00+02:00')),
      0
    )
  })

  test('a fixed holiday is skipped', ({ assert }) => {
    const calendar = office([{ date: '2026-06-15' }])
    assert.equal(
      addBusinessMinutes(calendar, at('2026-06-12T16:30+02:00'), 120).toISOString(),
      at('2026-06-16T10:30+02:00').toISOString()
    )
    assert.equal(
      businessMinutesBetween(calendar, at('2026-06-12T00:00+02:00'), at('2026-06-17T00:00+02:00')),
      960
    )
  })

  test('year end: Dec 31 to Jan 2 over a yearly New Year holiday', ({ assert }) => {
    const calendar = office([{ date: '2020-01-01', yearly: true }])
    assert.equal(
      addBusinessMinutes(calendar, at('2025-12-31T16:00+01:00'), 120).toISOString(),
      at('2026-01-02T10:00+01:00').toISOString()
    )
    assert.equal(
      businessMinutesBetween(calendar, at('2025-12-31T00:00+01:00'), at('2026-01-03T00:00+01:00')),
      960
    )
    // Without the holiday, Jan 1 (a Thursday) is worked.
    assert.equal(
      addBusinessMinutes(office(), at('2025-12-31T16:00+01:00'), 120).toISOString(),
      at('2026-01-01T10:00+01:00').toISOString()
    )
  })

  test('a yearly Feb 29 holiday exists in leap years only', ({ assert }) => {
    const calendar = office([{ date: '2024-02-29', yearly: true }])
    // 2028-02-29 is a Tuesday and a holiday.
    assert.equal(
      addBusinessMinutes(calendar, at('2028-02-28T16:00+01:00'), 120).toISOString(),
      at('2028-03-01T10:00+01:00').toISOString()
    )
    // Without the holiday the leap day is an ordinary working day.
    assert.equal(
      addBusinessMinutes(office(), at('2028-02-28T16:00+01:00'), 120).toISOString(),
      at('2028-02-29T10:00+01:00').toISOString()
    )
    // In 2027 there is no Feb 29: Monday Mar 1 is worked.
    assert.equal(
      addBusinessMinutes(calendar, at('2027-02-26T16:00+01:00'), 120).toISOString(),
      at('2027-03-01T10:00+01:00').toISOString()
    )
  })

  test('split days, overlapping intervals and 24:00 ends', ({ assert }) => {
    const split: BusinessCalendar = {
      timeZone: 'Europe/Berlin',
      week: [
        { day: 1, start: '13:00', end: '17:00' },
        { day: 1, start: '08:00', end: '12:00' },
      ],
      holidays: [],
    }
    assert.equal(
      addBusinessMinutes(split, at('2026-06-15T11:30+02:00'), 60).toISOString(),
      at('2026-06-15T13:30+02:00').toISOString()
    )
    assert.equal(
      addBusinessMinutes(split, at('2026-06-15T11:30+02:00'), 30).toISOString(),
      at('2026-06-15T12:00+02:00').toISOString()
    )

    const overlapping: BusinessCalendar = {
      timeZone: 'UTC',
      week: [
        { day: 1, start: '09:00', end: '12:00' },
        { day: 1, start: '11:00', end: '13:00' },
        { day: 1, start: '10:00', end: '10:30' },
      ],
      holidays: [],
    }
    assert.equal(
      businessMinutesBetween(overlapping, at('2026-06-15T00:00Z'), at('2026-06-16T00:00Z')),
      240
    )

    const night: BusinessCalendar = {
      timeZone: 'Europe/Berlin',
      week: [
        { day: 5, start: '20:00', end: '24:00' },
        { day: 6, start: '00:00', end: '02:00' },
      ],
      holidays: [],
    }
    assert.equal(
      addBusinessMinutes(night, at('2026-06-12T23:30+02:00'), 60).toISOString(),
      at('2026-06-13T00:30+02:00').toISOString()
    )
    assert.equal(
      addBusinessMinutes(night, at('2026-06-12T23:00+02:00'), 60).toISOString(),
      at('2026-06-13T00:00+02:00').toISOString()
    )
  })

  test('seconds: instants are floored to the minute they fall in', ({ assert }) => {
    const always = everyDay('UTC', '00:00', '24:00')
    assert.equal(
      businessMinutesBetween(always, at('2026-06-15T10:00:30Z'), at('2026-06-15T10:01:15Z')),
      1
    )
    assert.equal(
      businessMinutesBetween(always, at('2026-06-15T10:00:30Z'), at('2026-06-15T10:00:59.999Z')),
      0
    )
    assert.equal(
      addBusinessMinutes(always, at('2026-06-15T10:00:59.999Z'), 1).toISOString(),
      '2026-06-15T10:01:00.000Z'
    )
    // The minute in which the start falls counts whole, even at 16:59:59.
    assert.equal(
      addBusinessMinutes(office(), at('2026-06-15T16:59:59+02:00'), 1).toISOString(),
      at('2026-06-15T17:00+02:00').toISOString()
    )
    assert.equal(
      businessMinutesBetween(
        office(),
        at('2026-06-15T16:59:59+02:00'),
        at('2026-06-15T17:00:00+02:00')
      ),
      1
    )
  })

  test('a half-hour and a quarter-hour offset zone', ({ assert }) => {
    const kolkata = everyDay('Asia/Kolkata', '09:00', '17:00')
    assert.equal(
      addBusinessMinutes(kolkata, at('2026-06-15T16:30+05:30'), 60).toISOString(),
      at('2026-06-16T09:30+05:30').toISOString()
    )
    const chatham = everyDay('Pacific/Chatham', '09:00', '17:00')
    assert.equal(
      addBusinessMinutes(chatham, at('2026-06-15T16:30+12:45'), 60).toISOString(),
      at('2026-06-16T09:30+12:45').toISOString()
    )
  })
})

test.group('Business time: daylight-saving changes', () => {
  const cases = [
    {
      zone: 'Europe/Berlin',
      forward: {
        dayStart: '2026-03-29T00:00+01:00',
        nextDay: '2026-03-30T00:00+02:00',
        open: '2026-03-29T01:00+01:00',
      },
      back: {
        dayStart: '2026-10-25T00:00+02:00',
        nextDay: '2026-10-26T00:00+01:00',
        open: '2026-10-25T01:00+02:00',
      },
      // After 60 minutes from 01:00 on the day clocks go forward, it is 03:00 in summer time.
      forwardAfter60: '2026-03-29T03:00+02:00',
      forwardClose: '2026-03-29T04:00+02:00',
      forwardAfter121: '2026-03-30T01:01+02:00',
      // On the day clocks go back, 02:00–03:00 happens twice.
      backAfter60: '2026-10-25T02:00+02:00',
      backAfter120: '2026-10-25T02:00+01:00',
      backAfter180: '2026-10-25T03:00+01:00',
      backClose: '2026-10-25T04:00+01:00',
    },
    {
      zone: 'America/New_York',
      forward: {
        dayStart: '2026-03-08T00:00-05:00',
        nextDay: '2026-03-09T00:00-04:00',
        open: '2026-03-08T01:00-05:00',
      },
      back: {
        dayStart: '2026-11-01T00:00-04:00',
        nextDay: '2026-11-02T00:00-05:00',
        open: '2026-11-01T01:00-04:00',
      },
      // Clocks go forward at 02:00 (to 03:00) and back at 02:00 (to 01:00).
      forwardAfter60: '2026-03-08T03:00-04:00',
      forwardClose: '2026-03-08T04:00-04:00',
      forwardAfter121: '2026-03-09T01:01-04:00',
      backAfter60: '2026-11-01T01:00-05:00',
      backAfter120: '2026-11-01T02:00-05:00',
      backAfter180: '2026-11-01T03:00-05:00',
      backClose: '2026-11-01T04:00-05:00',
    },
    {
      zone: 'Australia/Sydney',
      forward: {
        dayStart: '2026-10-04T00:00+10:00',
        nextDay: '2026-10-05T00:00+11:00',
        open: '2026-10-04T01:00+10:00',
      },
      back: {
        dayStart: '2026-04-05T00:00+11:00',
        nextDay: '2026-04-06T00:00+10:00',
        open: '2026-04-05T01:00+11:00',
      },
      // Forward at 02:00 (to 03:00) in October, back at 03:00 (to 02:00) in April.
      forwardAfter60: '2026-10-04T03:00+11:00',
      forwardClose: '2026-10-04T04:00+11:00',
      forwardAfter121: '2026-10-05T01:01+11:00',
      backAfter60: '2026-04-05T02:00+11:00',
      backAfter120: '2026-04-05T02:00+10:00',
      backAfter180: '2026-04-05T03:00+10:00',
      backClose: '2026-04-05T04:00+10:00',
    },
  ]

  for (const c of cases) {
    test(`${c.zone}: the day clocks go forward has 23 hours, the day they go back 25`, ({
      assert,
    }) => {
      const always = everyDay(c.zone, '00:00', '24:00')
      assert.equal(
        businessMinutesBetween(always, at(c.forward.dayStart), at(c.forward.nextDay)),
        23 * 60
      )
      assert.equal(businessMinutesBetween(always, at(c.back.dayStart), at(c.back.nextDay)), 25 * 60)
      assert.equal(
        addBusinessMinutes(always, at(c.forward.dayStart), 23 * 60).toISOString(),
        at(c.forward.nextDay).toISOString()
      )
      assert.equal(
        addBusinessMinutes(always, at(c.back.dayStart), 25 * 60).toISOString(),
        at(c.back.nextDay).toISOString()
      )
    })

    test(`${c.zone}: 01:00–04:00 loses the skipped hour and counts the repeated hour twice`, ({
      assert,
    }) => {
      const night = everyDay(c.zone, '01:00', '04:00')
      assert.equal(
        businessMinutesBetween(night, at(c.forward.dayStart), at(c.forward.nextDay)),
        120
      )
      assert.equal(businessMinutesBetween(night, at(c.back.dayStart), at(c.back.nextDay)), 240)

      const open = at(c.forward.open)
      assert.equal(
        addBusinessMinutes(night, open, 60).toISOString(),
        at(c.forwardAfter60).toISOString()
      )
      assert.equal(
        addBusinessMinutes(night, open, 120).toISOString(),
        at(c.forwardClose).toISOString()
      )
      assert.equal(
        addBusinessMinutes(night, open, 121).toISOString(),
        at(c.forwardAfter121).toISOString()
      )

      const openBack = at(c.back.open)
      assert.equal(
        addBusinessMinutes(night, openBack, 60).toISOString(),
        at(c.backAfter60).toISOString()
      )
      assert.equal(
        addBusinessMinutes(night, openBack, 120).toISOString(),
        at(c.backAfter120).toISOString()
      )
      assert.equal(
        addBusinessMinutes(night, openBack, 180).toISOString(),
        at(c.backAfter180).toISOString()
      )
      assert.equal(
        addBusinessMinutes(night, openBack, 240).toISOString(),
        at(c.backClose).toISOString()
      )
      assert.equal(businessMinutesBetween(night, openBack, at(c.backAfter120)), 120)
    })
  }

  test('Europe/Berlin: only the hour 02:00–03:00 is worked', ({ assert }) => {
    const calendar = everyDay('Europe/Berlin', '02:00', '03:00')
    // That hour does not exist on 2026-03-29 ...
    assert.equal(
      businessMinutesBetween(calendar, at('2026-03-29T00:00+01:00'), at('2026-03-30T00:00+02:00')),
      0
    )
    assert.equal(
      addBusinessMinutes(calendar, at('2026-03-29T00:00+01:00'), 1).toISOString(),
      at('2026-03-30T02:01+02:00').toISOString()
    )
    // ... and exists twice on 2026-10-25.
    assert.equal(
      businessMinutesBetween(calendar, at('2026-10-25T00:00+02:00'), at('2026-10-26T00:00+01:00')),
      120
    )
    assert.equal(
      addBusinessMinutes(calendar, at('2026-10-25T00:00+02:00'), 120).toISOString(),
      at('2026-10-25T03:00+01:00').toISOString()
    )
    assert.equal(
      addBusinessMinutes(calendar, at('2026-10-25T02:30+01:00'), 45).toISOString(),
      at('2026-10-26T02:15+01:00').toISOString()
    )
  })

  test('Pacific/Chatham: clocks move at 02:45 local standard time', ({ assert }) => {
    // 2026-04-05 03:45 +13:45 becomes 02:45 +12:45; 2026-09-27 02:45 +12:45 becomes 03:45 +13:45.
    const calendar = everyDay('Pacific/Chatham', '02:00', '05:00')
    assert.equal(
      businessMinutesBetween(calendar, at('2026-04-05T00:00+13:45'), at('2026-04-06T00:00+12:45')),
      240
    )
    assert.equal(
      businessMinutesBetween(calendar, at('2026-09-27T00:00+12:45'), at('2026-09-28T00:00+13:45')),
      120
    )
  })
})

test.group('Business time: validation', () => {
  const valid = office()

  test('malformed calendars are refused with a clear message', ({ assert }) => {
    const withInterval = (start: string, end: string): BusinessCalendar => ({
      ...valid,
      week: [{ day: 1, start, end }],
    })
    assert.throws(
      () => normalizeCalendar(withInterval('25:00', '26:00')),
      /week\[0\]\.start .*"25:00"/
    )
    assert.throws(
      () => normalizeCalendar(withInterval('09:00', '24:30')),
      /week\[0\]\.end .*"24:30"/
    )
    assert.throws(() => normalizeCalendar(withInterval('9:00', '17:00')), /week\[0\]\.start/)
    assert.throws(() => normalizeCalendar(withInterval('24:00', '24:00')), /week\[0\]\.start/)
    assert.throws(
      () => normalizeCalendar(withInterval('17:00', '09:00')),
      /must end after it starts/
    )
    assert.throws(
      () => normalizeCalendar(withInterval('09:00', '09:00')),
      /must end after it starts/
    )
    assert.throws(
      () => normalizeCalendar({ ...valid, week: [{ day: 7 as 0, start: '09:00', end: '10:00' }] }),
      /week\[0\]\.day/
    )
    assert.throws(
      () => normalizeCalendar({ ...valid, timeZone: 'Mars/Olympus_Mons' }),
      /IANA time zone/
    )
    assert.throws(() => normalizeCalendar({ ...valid, timeZone: '' }), /IANA time zone/)
    assert.throws(
      () => normalizeCalendar({ ...valid, holidays: [{ date: '2026-02-29' }] }),
      /holidays\[0\]\.date .*"2026-02-29"/
    )
    assert.throws(
      () => normalizeCalendar({ ...valid, holidays: [{ date: '2026-1-01' }] }),
      /holidays\[0\]\.date/
    )
    assert.throws(
      () => addBusinessMinutes({ ...valid, timeZone: 'Nowhere/Town' }, new Date(), 10),
      /IANA time zone/
    )
  })

  test('minutes and dates are checked', ({ assert }) => {
    const start = at('2026-06-15T09:00+02:00')
    for (const minutes of [0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(
        () => addBusinessMinutes(valid, start, minutes),
        /minutes must be an integer of at least 1/
      )
    }
    assert.throws(
      () => addBusinessMinutes(valid, new Date('nope'), 10),
      /start must be a valid Date/
    )
    assert.throws(
      () => businessMinutesBetween(valid, start, new Date(Number.NaN)),
      /to must be a valid Date/
    )
    assert.throws(() => addBusinessMinutes({ ...valid, week: [] }, start, 10), /no working hours/)
    assert.equal(
      businessMinutesBetween({ ...valid, week: [] }, start, at('2026-07-15T09:00+02:00')),
      0
    )
    assert.equal(businessMinutesBetween(valid, at('2026-06-15T12:00+02:00'), start), 0)
    assert.equal(businessMinutesBetween(valid, start, start), 0)
  })

  test('normalization merges overlapping intervals and sorts', ({ assert }) => {
    const normalized = normalizeCalendar({
      timeZone: 'Europe/Berlin',
      week: [
        { day: 2, start: '13:00', end: '17:00' },
        { day: 1, start: '11:00', end: '13:00' },
        { day: 1, start: '08:00', end: '12:00' },
        { day: 1, start: '13:00', end: '14:00' },
        { day: 1, start: '15:00', end: '24:00' },
        { day: 2, start: '08:00', end: '12:00' },
      ],
      holidays: [
        { date: '2026-12-25' },
        { date: '2020-01-01', yearly: true },
        { date: '2026-12-25' },
      ],
    })
    assert.deepEqual(normalized, {
      timeZone: 'Europe/Berlin',
      week: [
        { day: 1, start: '08:00', end: '14:00' },
        { day: 1, start: '15:00', end: '24:00' },
        { day: 2, start: '08:00', end: '12:00' },
        { day: 2, start: '13:00', end: '17:00' },
      ],
      holidays: [{ date: '2020-01-01', yearly: true }, { date: '2026-12-25' }],
    })
  })
})

test.group('Business time: speed (printed, not asserted)', () => {
  test('a 10,000-business-minute target', () => {
    const calendar = office([
      { date: '2020-01-01', yearly: true },
      { date: '2020-05-01', yearly: true },
      { date: '2020-10-03', yearly: true },
      { date: '2020-12-25', yearly: true },
      { date: '2020-12-26', yearly: true },
      { date: '2026-04-03' },
      { date: '2026-04-06' },
    ])
    const measure = (starts: Date[], run: (start: Date) => number) => {
      let checksum = 0
      const began = performance.now()
      for (const start of starts) checksum += run(start)
      return { micros: ((performance.now() - began) * 1000) / starts.length, checksum }
    }
    const add = (start: Date) => addBusinessMinutes(calendar, start, 10_000).getTime() % 7
    // Cold: starts 41 days apart over two centuries, so every call crosses days no
    // earlier call has seen (the module memoizes offsets per UTC day).
    const cold = Array.from(
      { length: 2000 },
      (_, index) => new Date(Date.UTC(1900, 0, 1) + index * 41 * 86_400_000 + index * 7_919)
    )
    // Warm: starts within 100 days, as when many tickets of the same weeks are computed.
    const warm = Array.from(
      { length: 2000 },
      (_, index) => new Date(Date.UTC(2026, 0, 1) + (index % 100) * 86_400_000 + index * 7_919)
    )
    measure(warm.slice(0, 300), add)

    const coldAdd = measure(cold, add)
    const warmAdd = measure(warm, add)
    const between = measure(warm, (start) =>
      businessMinutesBetween(calendar, start, new Date(start.getTime() + 30 * 86_400_000))
    )
    console.log(
      `    addBusinessMinutes(10,000 min, Mon–Fri 09:00–17:00 Europe/Berlin), 2000 calls each:\n` +
        `      ${coldAdd.micros.toFixed(1)} µs on average on days not seen before, ` +
        `${warmAdd.micros.toFixed(1)} µs on days seen before\n` +
        `    businessMinutesBetween over 30 days: ${between.micros.toFixed(1)} µs on average ` +
        `(checksum ${coldAdd.checksum + warmAdd.checksum + between.checksum})`
    )
  }).timeout(60_000)
})
