import { test } from '@japa/runner'
import vine, { SimpleMessagesProvider } from '@vinejs/vine'
import {
  fieldErrors,
  optionalDateRange,
  parseDay,
  requiredDateRange,
  type DateRangeMeta,
} from '#validators/date_range'

const optional = vine.withMetaData<DateRangeMeta>().compile(vine.object(optionalDateRange()))
const required = vine
  .withMetaData<DateRangeMeta>()
  .compile(vine.object(requiredDateRange({ maxDays: 31 })))

test.group('Date range reader', () => {
  test('reads whole days in the given zone', async ({ assert }) => {
    const input = await optional.validate(
      { from: '2026-03-28', to: ' 2026-03-29 ' },
      { meta: { zone: 'Europe/Paris' } }
    )
    assert.equal(input.from!.toISO(), '2026-03-28T00:00:00.000+01:00')
    // The last day ends at its own midnight, after the switch to summer time.
    assert.equal(input.to!.toISO(), '2026-03-29T23:59:59.999+02:00')
    assert.equal(input.from!.zoneName, 'Europe/Paris')

    const tokyo = await optional.validate({ from: '2026-03-28' }, { meta: { zone: 'Asia/Tokyo' } })
    assert.equal(tokyo.from!.toUTC().toISO(), '2026-03-27T15:00:00.000Z')
    assert.isUndefined(tokyo.to)
  })

  test('either end may be open, or both', async ({ assert }) => {
    const meta = { zone: 'UTC' }
    assert.deepEqual(await optional.validate({}, { meta }), {})
    const to = await optional.validate({ to: '2026-01-31' }, { meta })
    assert.isUndefined(to.from)
    assert.equal(to.to!.toISODate(), '2026-01-31')
  })

  test('names the field it refuses, with the rule it broke', async ({ assert }) => {
    const meta = { zone: 'America/New_York' }
    const cases: Array<[Record<string, unknown>, Record<string, string>]> = [
      [{ from: '2026-02-31' }, { from: 'Enter a date such as 2026-11-03' }],
      [{ from: 'yesterday' }, { from: 'Enter a date such as 2026-11-03' }],
      [{ to: '03/11/2026' }, { to: 'Enter a date such as 2026-11-03' }],
      [{ from: '2026-1-3' }, { from: 'Enter a date such as 2026-11-03' }],
      [{ from: '2026-05-02', to: '2026-05-01' }, { to: 'The end date is before the start date' }],
    ]
    for (const [data, expected] of cases) {
      const [error] = await optional.tryValidate(data, { meta })
      assert.deepEqual(fieldErrors(error), expected, JSON.stringify(data))
    }
    const [notText] = await optional.tryValidate({ from: 20261103 }, { meta })
    assert.property(fieldErrors(notText), 'from')
    // The same day on both ends is a one-day range.
    const [error] = await optional.tryValidate({ from: '2026-05-01', to: '2026-05-01' }, { meta })
    assert.isNull(error)
  })

  test('required ends, a longest span, and a caller’s own wording', async ({ assert }) => {
    const meta = { zone: 'UTC' }
    const [missing] = await required.tryValidate({ to: '2026-11-30' }, { meta })
    assert.deepEqual(Object.keys(fieldErrors(missing)), ['from'])

    const [tooLong] = await required.tryValidate({ from: '2026-01-01', to: '2026-02-01' }, { meta })
    assert.deepEqual(fieldErrors(tooLong), { to: 'The range covers at most 31 days' })
    const [longest] = await required.tryValidate({ from: '2026-01-01', to: '2026-01-31' }, { meta })
    assert.isNull(longest)

    const messagesProvider = new SimpleMessagesProvider({
      'to.dateSpan': 'At most {{ max }} days, please',
      'to.dateOrder': 'The last day comes first',
      'from.calendarDay': 'Which day?',
    })
    const cases: Array<[Record<string, string>, Record<string, string>]> = [
      [{ from: '2026-01-01', to: '2026-03-01' }, { to: 'At most 31 days, please' }],
      [{ from: '2026-01-02', to: '2026-01-01' }, { to: 'The last day comes first' }],
      [{ from: '2026-13-01', to: '2026-01-01' }, { from: 'Which day?' }],
    ]
    for (const [data, expected] of cases) {
      const [error] = await required.tryValidate(data, { meta, messagesProvider })
      assert.deepEqual(fieldErrors(error), expected, JSON.stringify(data))
    }
  })

  test('a validator run without a zone is a programming error', async ({ assert }) => {
    await assert.rejects(
      () => optional.validate({ from: '2026-01-01' }, { meta: {} as DateRangeMeta }),
      /valid time zone/
    )
    await assert.rejects(
      () => optional.validate({ from: '2026-01-01' }, { meta: { zone: 'Mars/Olympus' } }),
      /valid time zone/
    )
  })

  test('parseDay reads only YYYY-MM-DD days that exist', ({ assert }) => {
    assert.equal(parseDay('2024-02-29', 'UTC')!.toISODate(), '2024-02-29')
    assert.isNull(parseDay('2026-02-29', 'UTC'))
    assert.isNull(parseDay('2026-11-03T10:00', 'UTC'))
    assert.isNull(parseDay(undefined, 'UTC'))
  })
})
