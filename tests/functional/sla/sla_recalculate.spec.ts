import { test } from '@japa/runner'
import Ticket from '#models/ticket'
import TicketSlaEvent from '#models/ticket_sla_event'
import SaveBusinessCalendar from '#actions/sla/save_business_calendar'
import Actor from '#actions/actor'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTeam } from '#tests/helpers/factories'
import { createTicket } from '#tests/helpers/tickets'
import { runCommand } from '#tests/helpers/ace_commands'
import { OFFICE_WEEK, createSlaPolicy, restoreClock, travelTo } from '#tests/helpers/sla'

test.group('sla:recalculate', (group) => {
  isolateEachTest(group)
  group.each.teardown(() => restoreClock())

  test('a holiday added to the calendar moves the due dates of open tickets', async ({
    assert,
  }) => {
    const team = await createTeam()
    const other = await createTeam()
    const calendar = await createSlaPolicy(team.organization, {
      firstResponseMinutes: 120,
      resolutionMinutes: 960,
    })
    await createSlaPolicy(other.organization, { firstResponseMinutes: 60, resolutionMinutes: 120 })
    travelTo('2026-12-23T16:00:00')
    const ticket = await createTicket(team.customer.membership)
    const elsewhere = await createTicket(other.customer.membership)
    const before = await Ticket.findOrFail(ticket.id)
    assert.equal(before.resolutionDueAt?.toUTC().toISO(), '2026-12-25T16:00:00.000Z')

    await SaveBusinessCalendar.handle(Actor.system(team.organization), {
      calendar,
      name: calendar.name,
      timeZone: 'UTC',
      week: OFFICE_WEEK,
      holidays: [{ date: '2026-12-25', yearly: true, name: 'Christmas Day' }],
    })
    const { command, stdout } = await runCommand('sla:recalculate', [
      `--org=${team.organization.slug}`,
    ])
    command.assertSucceeded()
    assert.deepEqual(stdout, [
      `[ green(success) ] Recalculated 1 open ticket of ${team.organization.slug}: 1 got new due dates`,
    ])
    const after = await Ticket.findOrFail(ticket.id)
    // Christmas Day is skipped: Monday 28 December, 16:00.
    assert.equal(after.resolutionDueAt?.toUTC().toISO(), '2026-12-28T16:00:00.000Z')
    // A recalculation is not activity: the inbox order stays.
    assert.equal(after.updatedAt.toMillis(), before.updatedAt.toMillis())
    const last = await TicketSlaEvent.query()
      .where('ticket_id', ticket.id)
      .orderBy('id', 'desc')
      .firstOrFail()
    assert.equal(last.kind, 'recalculated')

    // The other organization was not touched.
    const untouched = await TicketSlaEvent.query().where('ticket_id', elsewhere.id)
    assert.deepEqual(
      untouched.map((event) => event.kind),
      ['started']
    )

    // Nothing to change the second time.
    const again = await runCommand('sla:recalculate', [`--org=${team.organization.slug}`])
    assert.match(again.stdout[0], /0 got new due dates/)
  })

  test('refuses an unknown organization', async ({ assert }) => {
    const { command, stderr } = await runCommand('sla:recalculate', ['--org=nope'])
    command.assertExitCode(1)
    assert.deepEqual(stderr, [
      '[ red(error) ] No organization has the slug "nope" (see atum:org:list)',
    ])
  })
})
