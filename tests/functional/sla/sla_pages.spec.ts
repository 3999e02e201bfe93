import { test } from '@japa/runner'
import BusinessCalendar from '#models/business_calendar'
import SlaPolicy from '#models/sla_policy'
import AddComment from '#actions/tickets/add_comment'
import TransitionTicket from '#actions/tickets/transition_ticket'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTeam } from '#tests/helpers/factories'
import { createTicket, startTicket } from '#tests/helpers/tickets'
import { postForm } from '#tests/helpers/forms'
import { inputErrors } from '#tests/helpers/responses'
import { ALWAYS, createSlaPolicy, restoreClock, travelTo } from '#tests/helpers/sla'
import Actor from '#actions/actor'

const OFFICE_FORM = {
  name: 'Berlin office',
  time_zone: 'Europe/Berlin',
  day_1: '08:00-12:00, 13:00-17:00',
  day_2: '08:00-12:00, 13:00-17:00',
  day_3: '09:00-17:00',
  day_4: '09:00-17:00',
  day_5: '9:00 - 15:00',
  day_6: '',
  day_0: '',
  holidays: '2026-12-25 yearly Christmas Day\n2026-12-31 New Year’s Eve',
}

test.group('Desk SLA settings', (group) => {
  isolateEachTest(group)
  group.each.teardown(() => restoreClock())

  test('a manager creates a calendar with split days and holidays', async ({ client, assert }) => {
    const { organization, manager } = await createTeam()
    const response = await postForm(client, manager.user, '/desk/sla/calendars').form(OFFICE_FORM)
    response.assertStatus(302)
    response.assertHeader('location', '/desk/sla')

    const calendar = await BusinessCalendar.findByOrFail('organization_id', organization.id)
    assert.equal(calendar.timeZone, 'Europe/Berlin')
    assert.deepEqual(
      calendar.week.filter((interval) => interval.day === 1),
      [
        { day: 1, start: '08:00', end: '12:00' },
        { day: 1, start: '13:00', end: '17:00' },
      ]
    )
    assert.deepEqual(
      calendar.week.find((interval) => interval.day === 5),
      {
        day: 5,
        start: '09:00',
        end: '15:00',
      }
    )
    assert.deepEqual(calendar.holidays, [
      { date: '2026-12-25', yearly: true, name: 'Christmas Day' },
      { date: '2026-12-31', name: 'New Year’s Eve' },
    ])

    const page = await client.get('/desk/sla').loginAs(manager.user)
    page.assertStatus(200)
    page.assertTextIncludes('Berlin office')
    page.assertTextIncludes('08:00-12:00, 13:00-17:00')
  })

  test('bad hours, zone or holidays come back as field errors and save nothing', async ({
    client,
    assert,
  }) => {
    const { organization, manager } = await createTeam()
    const response = await postForm(client, manager.user, '/desk/sla/calendars').form({
      ...OFFICE_FORM,
      time_zone: 'Mars/Olympus',
      day_1: '9 to 5',
      day_2: '17:00-09:00',
      holidays: 'Christmas',
    })
    response.assertStatus(302)
    const errors = inputErrors(response)
    assert.match(errors.time_zone[0], /time zone/)
    assert.match(errors.day_1[0], /not a time range/)
    assert.match(errors.day_2[0], /ends before it starts/)
    assert.match(errors.holidays[0], /Line 1/)
    assert.isNull(await BusinessCalendar.findBy('organization_id', organization.id))

    const closed = await postForm(client, manager.user, '/desk/sla/calendars').form({
      name: 'Never open',
      time_zone: 'UTC',
    })
    assert.match(inputErrors(closed).day_1[0], /at least one day/)
  })

  test('policies: durations in words, errors beside the field, nothing saved on error', async ({
    client,
    assert,
  }) => {
    const { organization, manager } = await createTeam()
    const calendar = await createSlaPolicy(organization, {
      week: ALWAYS,
      firstResponseMinutes: 60,
      resolutionMinutes: 600,
    })
    const bad = await postForm(client, manager.user, '/desk/sla/policies').form({
      policies: {
        default: { calendar_id: calendar.id, first_response: 'soon', resolution: '10h' },
        urgent: { calendar_id: calendar.id, first_response: '2h', resolution: '1h' },
      },
    })
    assert.match(inputErrors(bad)['policies.default.first_response'][0], /not a duration/)

    const backwards = await postForm(client, manager.user, '/desk/sla/policies').form({
      policies: { urgent: { calendar_id: calendar.id, first_response: '2h', resolution: '1h' } },
    })
    assert.match(
      inputErrors(backwards)['policies.urgent.resolution'][0],
      /before the first response/
    )
    const unchanged = await SlaPolicy.query().where('organization_id', organization.id)
    assert.lengthOf(unchanged, 1)

    const good = await postForm(client, manager.user, '/desk/sla/policies').form({
      policies: {
        default: { calendar_id: calendar.id, first_response: '4h', resolution: '10:30 ' },
        urgent: { calendar_id: calendar.id, first_response: '15m', resolution: '1h 30m' },
      },
    })
    good.assertStatus(302)
    assert.deepEqual(inputErrors(good), {})
    const policies = await SlaPolicy.query().where('organization_id', organization.id).orderBy('id')
    assert.deepEqual(
      policies.map((policy) => [
        policy.priority,
        policy.firstResponseMinutes,
        policy.resolutionMinutes,
      ]),
      [
        [null, 240, 630],
        ['urgent', 15, 90],
      ]
    )
  })

  test('agents and customers may not; another organization’s calendar is 404', async ({
    client,
  }) => {
    const { agent, manager } = await createTeam()
    const other = await createTeam()
    const theirs = await createSlaPolicy(other.organization, {
      firstResponseMinutes: 60,
      resolutionMinutes: 120,
    })
    const asAgent = await client.get('/desk/sla').loginAs(agent.user)
    asAgent.assertStatus(403)
    const agentPost = await postForm(client, agent.user, '/desk/sla/calendars').form(OFFICE_FORM)
    agentPost.assertStatus(403)
    const compliance = await client.get('/desk/sla/compliance').loginAs(agent.user)
    compliance.assertStatus(403)

    const edit = await client.get(`/desk/sla/calendars/${theirs.id}/edit`).loginAs(manager.user)
    edit.assertStatus(404)
    const update = await postForm(client, manager.user, `/desk/sla/calendars/${theirs.id}`).form(
      OFFICE_FORM
    )
    update.assertStatus(404)
  })

  test('compliance per priority and the breaching-soon inbox view', async ({ client, assert }) => {
    const team = await createTeam()
    await createSlaPolicy(team.organization, {
      week: ALWAYS,
      firstResponseMinutes: 60,
      resolutionMinutes: 600,
    })
    travelTo('2026-11-30T09:00:00')
    const answered = await startTicket(
      await createTicket(team.customer.membership, { subject: 'Answered in time' }),
      team.manager.membership,
      team.agent.membership
    )
    await AddComment.handle(Actor.forMember(team.agent.membership), {
      ticket: answered,
      body: 'On it',
    })
    const late = await createTicket(team.customer.membership, { subject: 'Nobody answered' })

    travelTo('2026-11-30T10:30:00')
    await AddComment.handle(Actor.forMember(team.manager.membership), {
      ticket: late,
      body: 'Sorry!',
    })
    const calm = await createTicket(team.customer.membership, { subject: 'Calm one' })

    const page = await client
      .get('/desk/sla/compliance?from=2026-11-01&to=2026-11-30')
      .loginAs(team.manager.user)
    page.assertStatus(200)
    // Normal priority: one first response met, one missed.
    page.assertTextIncludes('50 %')
    assert.include(page.text(), 'data-compliance="normal-firstResponse"')

    // 10:30: the calm ticket's first response is due at 11:30 (within 4 h);
    // the answered ones are due by resolution (18:00/19:00 + …).
    const inbox = await client.get('/desk/tickets?view=breaching').loginAs(team.agent.user)
    inbox.assertStatus(200)
    const listed = [...inbox.text().matchAll(/data-ticket="(ATUM-\d+)"/g)].map((match) => match[1])
    assert.deepEqual(listed, [calm.reference])
    assert.include(inbox.text(), 'data-sla="ok"')
    assert.include(inbox.text(), '1 h left for first response')
  })

  test('the desk ticket page shows the countdown and the timeline with the time given back', async ({
    client,
    assert,
  }) => {
    const team = await createTeam()
    await createSlaPolicy(team.organization, { firstResponseMinutes: 120, resolutionMinutes: 960 })
    travelTo('2026-11-30T09:00:00')
    let ticket = await startTicket(
      await createTicket(team.customer.membership),
      team.manager.membership,
      team.agent.membership
    )
    await AddComment.handle(Actor.forMember(team.agent.membership), { ticket, body: 'On it' })
    ticket = await TransitionTicket.handle(Actor.forMember(team.agent.membership), {
      ticket,
      transition: 'wait',
    })
    travelTo('2026-11-30T14:00:00')
    await AddComment.handle(Actor.forMember(team.customer.membership), {
      ticket,
      body: 'Here you go',
    })
    travelTo('2026-11-30T15:00:00')

    const page = await client.get(`/desk/tickets/${ticket.reference}`).loginAs(team.agent.user)
    page.assertStatus(200)
    const html = page.text()
    assert.include(html, 'data-ticket-sla')
    // 16 h target; waiting 09:00–14:00 is given back; 14:00–15:00 worked: 15 h left.
    assert.include(html, '15 h left for resolution')
    for (const label of [
      'Clock started',
      'First response given',
      'Clock paused',
      'Clock resumed',
    ]) {
      assert.include(html, label)
    }
    assert.include(html, '5 h given back')
    assert.include(html, 'Targets</dt>')

    // Customers never see the SLA.
    const portal = await client.get(`/tickets/${ticket.reference}`).loginAs(team.customer.user)
    portal.assertStatus(200)
    assert.notInclude(portal.text(), 'data-ticket-sla')
    assert.notInclude(portal.text(), 'data-sla=')
  })
})
