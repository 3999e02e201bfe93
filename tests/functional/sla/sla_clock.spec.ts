import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import Ticket from '#models/ticket'
import TicketSlaEvent from '#models/ticket_sla_event'
import TransitionTicket from '#actions/tickets/transition_ticket'
import AddComment from '#actions/tickets/add_comment'
import UpdateTicket from '#actions/tickets/update_ticket'
import { businessMinutesBetween } from '#services/sla/business_time'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTeam } from '#tests/helpers/factories'
import { createTicket, startTicket } from '#tests/helpers/tickets'
import { createSlaPolicy, restoreClock, travelTo } from '#tests/helpers/sla'
import Actor from '#actions/actor'

const BERLIN = 'Europe/Berlin'
const local = (ticketTime: DateTime | null) =>
  ticketTime?.setZone(BERLIN).toISO({ suppressMilliseconds: true })

test.group('SLA clock on the ticket lifecycle', (group) => {
  isolateEachTest(group)
  group.each.teardown(() => restoreClock())

  test('Friday 16:30 + 2 business hours is due Monday 10:30; a wait of Monday 09:15–14:15 moves resolution by exactly 5 business hours', async ({
    assert,
  }) => {
    const team = await createTeam()
    const calendar = await createSlaPolicy(team.organization, {
      timeZone: BERLIN,
      firstResponseMinutes: 120,
      resolutionMinutes: 16 * 60,
    })

    // Friday 27 November 2026, 16:30 in Berlin.
    travelTo('2026-11-27T16:30:00', BERLIN)
    const created = await createTicket(team.customer.membership)
    let ticket = await Ticket.findOrFail(created.id)
    assert.equal(local(ticket.firstResponseDueAt), '2026-11-30T10:30:00+01:00')
    // 30 minutes on Friday, 8 hours on Monday, 7 h 30 on Tuesday.
    assert.equal(local(ticket.resolutionDueAt), '2026-12-01T16:30:00+01:00')
    const resolutionBefore = ticket.resolutionDueAt!

    travelTo('2026-11-30T09:05:00', BERLIN)
    ticket = await startTicket(ticket, team.manager.membership, team.agent.membership)
    await AddComment.handle(Actor.forMember(team.agent.membership), {
      ticket,
      body: 'Looking into it.',
    })

    travelTo('2026-11-30T09:15:00', BERLIN)
    ticket = await TransitionTicket.handle(Actor.forMember(team.agent.membership), {
      ticket,
      transition: 'wait',
    })
    ticket = await Ticket.findOrFail(ticket.id)
    assert.equal(local(ticket.slaPausedAt), '2026-11-30T09:15:00+01:00')

    // The customer's answer at 14:15 resumes the clock.
    travelTo('2026-11-30T14:15:00', BERLIN)
    await AddComment.handle(Actor.forMember(team.customer.membership), {
      ticket,
      body: 'Here is the log.',
    })
    ticket = await Ticket.findOrFail(ticket.id)

    assert.equal(ticket.status, 'in_progress')
    assert.isNull(ticket.slaPausedAt)
    assert.equal(ticket.slaPausedMinutes, 300)
    assert.equal(
      businessMinutesBetween(
        calendar.toCalendar(),
        resolutionBefore.toJSDate(),
        ticket.resolutionDueAt!.toJSDate()
      ),
      300
    )
    // Tuesday 16:30 + 5 business hours: 30 minutes on Tuesday, 4 h 30 on Wednesday.
    assert.equal(local(ticket.resolutionDueAt), '2026-12-02T13:30:00+01:00')
    assert.isNull(ticket.firstResponseBreachedAt)

    // The timeline explains it.
    const timeline = await TicketSlaEvent.query().where('ticket_id', ticket.id).orderBy('id')
    assert.deepEqual(
      timeline.map((event) => event.kind),
      ['started', 'first_response_met', 'paused', 'resumed']
    )
    const resumed = timeline[3]
    assert.equal(resumed.businessMinutes, 300)
    assert.equal(local(resumed.resolutionDueAt), '2026-12-02T13:30:00+01:00')
    assert.deepEqual(timeline[1].details, { late: false })
  })

  test('a late first reply and a late resolution count as breaches; resolving pauses the clock', async ({
    assert,
  }) => {
    const team = await createTeam()
    await createSlaPolicy(team.organization, { firstResponseMinutes: 60, resolutionMinutes: 240 })

    travelTo('2026-11-30T09:00:00')
    let ticket = await createTicket(team.customer.membership)
    ticket = await startTicket(ticket, team.manager.membership, team.agent.membership)

    travelTo('2026-11-30T10:30:00')
    await AddComment.handle(Actor.forMember(team.agent.membership), {
      ticket,
      body: 'Sorry for the wait.',
    })
    ticket = await Ticket.findOrFail(ticket.id)
    assert.equal(ticket.firstResponseBreachedAt?.toUTC().toISO(), '2026-11-30T10:30:00.000Z')

    travelTo('2026-11-30T12:00:00')
    ticket = await TransitionTicket.handle(Actor.forMember(team.agent.membership), {
      ticket,
      transition: 'resolve',
    })
    ticket = await Ticket.findOrFail(ticket.id)
    assert.isNull(ticket.resolutionBreachedAt, 'resolved after 3 of 4 business hours: met')
    assert.equal(ticket.slaPausedAt?.toUTC().toISO(), '2026-11-30T12:00:00.000Z')

    // Reopened on Tuesday 09:00: Monday 12:00–17:00 is given back, the night is not business time.
    travelTo('2026-12-01T09:00:00')
    ticket = await TransitionTicket.handle(Actor.forMember(team.agent.membership), {
      ticket,
      transition: 'reopen',
    })
    ticket = await Ticket.findOrFail(ticket.id)
    assert.equal(ticket.slaPausedMinutes, 300)
    assert.equal(ticket.resolutionDueAt?.toUTC().toISO(), '2026-12-01T10:00:00.000Z')

    travelTo('2026-12-01T10:01:00')
    ticket = await TransitionTicket.handle(Actor.forMember(team.agent.membership), {
      ticket,
      transition: 'resolve',
    })
    ticket = await Ticket.findOrFail(ticket.id)
    assert.equal(ticket.resolutionBreachedAt?.toUTC().toISO(), '2026-12-01T10:01:00.000Z')

    const timeline = await TicketSlaEvent.query().where('ticket_id', ticket.id).orderBy('id')
    const kinds = timeline.map((event) => event.kind)
    assert.deepEqual(kinds, [
      'started',
      'first_response_breached',
      'first_response_met',
      'resolution_met',
      'paused',
      'resumed',
      'resolution_breached',
      'resolution_met',
      'paused',
    ])
  })

  test('a priority with its own policy retargets the ticket; no policy means no due dates', async ({
    assert,
  }) => {
    const team = await createTeam()
    travelTo('2026-11-30T09:00:00')
    const plain = await createTicket(team.customer.membership)
    const withoutPolicy = await Ticket.findOrFail(plain.id)
    assert.isNull(withoutPolicy.resolutionDueAt)

    await createSlaPolicy(team.organization, { firstResponseMinutes: 240, resolutionMinutes: 960 })
    await createSlaPolicy(team.organization, {
      priority: 'urgent',
      timeZone: 'Europe/Paris',
      firstResponseMinutes: 30,
      resolutionMinutes: 120,
    })
    let ticket = await createTicket(team.customer.membership)
    ticket = await Ticket.findOrFail(ticket.id)
    assert.equal(ticket.firstResponseDueAt?.toUTC().toISO(), '2026-11-30T13:00:00.000Z')

    // Answered at 09:45, within the 4 hours of the default policy.
    travelTo('2026-11-30T09:45:00')
    await AddComment.handle(Actor.forMember(team.manager.membership), { ticket, body: 'Hello' })
    await UpdateTicket.handle(Actor.forMember(team.manager.membership), {
      ticket,
      priority: 'urgent',
    })
    ticket = await Ticket.findOrFail(ticket.id)
    // The stricter target applies from now on; the reply met the target it had.
    assert.isNull(ticket.firstResponseBreachedAt)
    // Paris office hours start at 08:00 UTC: 09:00 UTC + 30 minutes.
    assert.equal(ticket.firstResponseDueAt?.toUTC().toISO(), '2026-11-30T09:30:00.000Z')
    assert.equal(ticket.resolutionTarget, 120)
    const last = await TicketSlaEvent.query()
      .where('ticket_id', ticket.id)
      .orderBy('id', 'desc')
      .firstOrFail()
    assert.equal(last.kind, 'targets_changed')
    assert.equal(last.details?.policy, 'urgent')
  })
})
