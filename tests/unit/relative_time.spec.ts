import { test } from '@japa/runner'
import fc from 'fast-check'
import { DateTime } from 'luxon'
import { relativeTime } from '#presenters/relative_time'

const YEAR_MS = 365 * 86_400_000

test.group('relativeTime', () => {
  test('says what luxon toRelative says, from seconds to years, past and future (UTC)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.integer({ min: -3 * YEAR_MS, max: 3 * YEAR_MS }),
        (baseMs, offsetMs) => {
          const base = DateTime.fromMillis(baseMs, { zone: 'utc' })
          const date = base.plus({ milliseconds: offsetMs })
          return relativeTime(date, base) === date.toRelative({ base })
        }
      ),
      { numRuns: 5000 }
    )
  })

  test('reads like the inbox shows it', ({ assert }) => {
    const base = DateTime.fromISO('2026-12-08T10:00:00Z', { zone: 'utc' })
    assert.equal(relativeTime(base.minus({ minutes: 5 }), base), '5 minutes ago')
    assert.equal(relativeTime(base.minus({ hours: 26 }), base), '1 day ago')
    assert.equal(relativeTime(base.minus({ days: 45 }), base), '1 month ago')
    assert.equal(relativeTime(base.plus({ hours: 3 }), base), 'in 3 hours')
    assert.equal(relativeTime(base, base), 'in 0 seconds')
  })
})
