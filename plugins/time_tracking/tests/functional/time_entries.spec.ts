import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import SetPluginEnabled from '#actions/plugins/set_plugin_enabled'
import plugins from '#kit/plugins'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createTeam } from '#tests/helpers/factories'
import { createTicket } from '#tests/helpers/tickets'
import { postForm } from '#tests/helpers/forms'
import { inputErrors } from '#tests/helpers/responses'
import TimeEntry from '../../models/time_entry.js'
import { createEntry, today } from '../helpers/time.js'
import Actor from '#actions/actor'

async function teamWithTicket() {
  const team = await createTeam()
  const ticket = await createTicket(team.customer.membership)
  return { ...team, ticket }
}

const entriesOf = (ticketId: number) => TimeEntry.query().where('ticket_id', ticketId).orderBy('id')

test.group('Time tracking: logging time on a ticket', (group) => {
  isolateEachTest(group)

  test('an agent logs time from the ticket page; it is listed with the total', async ({
    client,
    assert,
  }) => {
    const { agent, manager, ticket } = await teamWithTicket()
    await createEntry(ticket, manager.membership, { minutes: 20, billable: false })

    const response = await postForm(
      client,
      agent.user,
      `/desk/tickets/${ticket.reference}/time-entries`
    ).form({ minutes: '45', billable: 'true', note: 'Replaced the fuser', work_date: today() })
    response.assertStatus(302)
    response.assertHeader('location', `/desk/tickets/${ticket.reference}#time-tracking`)
    response.assertFlashMessage('success', `Logged 45 min on ${ticket.reference}.`)

    const [, logged] = await entriesOf(ticket.id)
    assert.equal(logged.userId, agent.user.id)
    assert.equal(logged.organizationId, ticket.organizationId)
    assert.equal(logged.minutes, 45)
    assert.isTrue(logged.billable)
    assert.equal(logged.note, 'Replaced the fuser')
    assert.equal(logged.workDate.toISODate(), today())

    const page = await client.get(`/desk/tickets/${ticket.reference}`).loginAs(agent.user)
    page.assertStatus(200)
    const html = page.text()
    assert.include(html, 'data-slot="time_tracking"')
    assert.match(html, /<strong>1 h 5 min<\/strong> logged/)
    assert.include(html, '45 min billable')
    assert.include(html, 'Replaced the fuser')
    // The agent may change their own entry, not the manager's.
    assert.include(html, `/desk/time-entries/${logged.id}/edit`)
    assert.notInclude(html, `/desk/time-entries/${logged.id - 1}/edit`)
  })

  test('an unticked checkbox logs non-billable time', async ({ client, assert }) => {
    const { agent, ticket } = await teamWithTicket()
    await postForm(client, agent.user, `/desk/tickets/${ticket.reference}/time-entries`).form({
      minutes: '10',
      work_date: today(),
    })
    const [entry] = await entriesOf(ticket.id)
    assert.isFalse(entry.billable)
    assert.isNull(entry.note)
  })

  test('bad input comes back with field errors and the form filled in; nothing is saved', async ({
    client,
    assert,
  }) => {
    const { agent, ticket } = await teamWithTicket()
    const url = `/desk/tickets/${ticket.reference}/time-entries`
    const cases = [
      {
        form: { minutes: 'abc', work_date: 'yesterday', note: 'Kept' },
        fields: ['minutes', 'work_date'],
      },
      { form: { minutes: '0', work_date: today() }, fields: ['minutes'] },
      { form: { minutes: '1441', work_date: today() }, fields: ['minutes'] },
      { form: { minutes: '12.5', work_date: today() }, fields: ['minutes'] },
      { form: { minutes: '30', work_date: '2026-02-30' }, fields: ['work_date'] },
      { form: { minutes: '30', work_date: today(), note: 'x'.repeat(1001) }, fields: ['note'] },
      {
        form: { minutes: '30', work_date: DateTime.utc().plus({ days: 2 }).toISODate()! },
        fields: ['work_date'],
      },
    ]
    for (const { form, fields } of cases) {
      const response = await postForm(client, agent.user, url).form(form)
      response.assertStatus(302)
      response.assertHeader('location', `/desk/tickets/${ticket.reference}#time-tracking`)
      assert.sameMembers(Object.keys(inputErrors(response)), fields, JSON.stringify(form))
      response.assertFlashMessage('minutes', form.minutes)
    }
    const first = await postForm(client, agent.user, url).form(cases[0].form)
    assert.deepEqual(inputErrors(first), {
      minutes: ['Enter the minutes as a whole number, such as 45'],
      work_date: ['Enter a date such as 2026-11-03'],
    })
    assert.lengthOf(await entriesOf(ticket.id), 0)

    // The page shows the refused form as it was sent, with the messages.
    const page = await client
      .get(`/desk/tickets/${ticket.reference}`)
      .loginAs(agent.user)
      .withFlashMessages({
        minutes: 'abc',
        work_date: 'yesterday',
        note: 'Kept',
        inputErrorsBag: inputErrors(first),
      })
    const html = page.text()
    assert.include(html, 'value="abc"')
    assert.include(html, 'value="yesterday"')
    assert.include(html, '>Kept</textarea>')
    assert.include(html, 'Enter the minutes as a whole number, such as 45')
    assert.include(html, 'Enter a date such as 2026-11-03')
    assert.match(html, /id="time-minutes"[^>]*aria-invalid="true"/)
  })

  test('customers never log time or see the panel', async ({ client, assert }) => {
    const { customer, ticket } = await teamWithTicket()
    const response = await postForm(
      client,
      customer.user,
      `/desk/tickets/${ticket.reference}/time-entries`
    ).form({ minutes: '30', work_date: today() })
    response.assertStatus(403)
    assert.lengthOf(await entriesOf(ticket.id), 0)

    const portal = await client.get(`/tickets/${ticket.reference}`).loginAs(customer.user)
    portal.assertStatus(200)
    assert.notInclude(portal.text(), 'time-tracking')
  })

  test('the ticket page links to every entry beyond the latest ten', async ({ client, assert }) => {
    const { agent, ticket } = await teamWithTicket()
    for (let day = 0; day < 27; day++) {
      const workDate = DateTime.utc().minus({ days: day }).toISODate()!
      await createEntry(ticket, agent.membership, { minutes: day + 1, workDate })
    }
    const page = await client.get(`/desk/tickets/${ticket.reference}`).loginAs(agent.user)
    assert.equal(page.text().match(/data-time-entry=/g)?.length, 10)
    assert.include(page.text(), 'All 27 entries')

    const list = await client
      .get(`/desk/tickets/${ticket.reference}/time-entries?page=2`)
      .loginAs(agent.user)
    list.assertStatus(200)
    assert.equal(list.text().match(/data-time-entry=/g)?.length, 2)
    assert.include(list.text(), 'Page 2 of 2')
  })
})

test.group('Time tracking: editing and deleting entries', (group) => {
  isolateEachTest(group)

  test('the author edits their entry; the change is in the audit trail', async ({
    client,
    assert,
  }) => {
    const { agent, ticket } = await teamWithTicket()
    const entry = await createEntry(ticket, agent.membership, { minutes: 30 })

    const form = await client.get(`/desk/time-entries/${entry.id}/edit`).loginAs(agent.user)
    form.assertStatus(200)
    assert.include(form.text(), 'value="30"')

    const response = await postForm(client, agent.user, `/desk/time-entries/${entry.id}`).form({
      minutes: '50',
      work_date: today(),
      note: 'Corrected',
    })
    response.assertStatus(302)
    response.assertHeader('location', `/desk/tickets/${ticket.reference}#time-tracking`)
    await entry.refresh()
    assert.equal(entry.minutes, 50)
    assert.isFalse(entry.billable)
    assert.equal(entry.note, 'Corrected')

    const event = await db
      .from('audit_events')
      .where('organization_id', ticket.organizationId)
      .where('action', 'time_entry.updated')
      .firstOrFail()
    assert.equal(event.subject_id, String(entry.id))
    assert.equal(event.before.minutes, 30)
    assert.equal(event.after.minutes, 50)
  })

  test('a refused edit comes back filled in and changes nothing', async ({ client, assert }) => {
    const { agent, ticket } = await teamWithTicket()
    const entry = await createEntry(ticket, agent.membership, { minutes: 30 })
    const response = await postForm(client, agent.user, `/desk/time-entries/${entry.id}`).form({
      minutes: '-5',
      work_date: today(),
    })
    response.assertStatus(302)
    response.assertHeader('location', `/desk/time-entries/${entry.id}/edit`)
    assert.deepEqual(inputErrors(response), { minutes: ['Log at least 1 minute'] })
    await entry.refresh()
    assert.equal(entry.minutes, 30)

    const page = await client
      .get(`/desk/time-entries/${entry.id}/edit`)
      .loginAs(agent.user)
      .withFlashMessages({
        minutes: '-5',
        work_date: today(),
        inputErrorsBag: inputErrors(response),
      })
    assert.include(page.text(), 'value="-5"')
    assert.include(page.text(), 'Log at least 1 minute')
  })

  test('another agent gets 403; managers and admins may change anyone’s entry', async ({
    client,
    assert,
  }) => {
    const team = await teamWithTicket()
    const { ticket } = team
    const other = await createMember(team.organization, 'agent')
    const entry = await createEntry(ticket, team.agent.membership, { minutes: 30 })
    const valid = { minutes: '40', work_date: today(), billable: 'true' }

    const edit = await client.get(`/desk/time-entries/${entry.id}/edit`).loginAs(other.user)
    edit.assertStatus(403)
    const update = await postForm(client, other.user, `/desk/time-entries/${entry.id}`).form(valid)
    update.assertStatus(403)
    const remove = await postForm(client, other.user, `/desk/time-entries/${entry.id}/delete`)
    remove.assertStatus(403)
    await entry.refresh()
    assert.equal(entry.minutes, 30)

    const byManager = await postForm(
      client,
      team.manager.user,
      `/desk/time-entries/${entry.id}`
    ).form(valid)
    byManager.assertStatus(302)
    await entry.refresh()
    assert.equal(entry.minutes, 40)

    const byAdmin = await postForm(client, team.admin.user, `/desk/time-entries/${entry.id}/delete`)
    byAdmin.assertStatus(302)
    byAdmin.assertFlashMessage('success', 'Time entry of 40 min deleted.')
    assert.isNull(await TimeEntry.find(entry.id))
    assert.exists(
      await db
        .from('audit_events')
        .where('action', 'time_entry.deleted')
        .where('subject_id', String(entry.id))
        .first()
    )
  })

  test('the author deletes their own entry', async ({ client, assert }) => {
    const { agent, ticket } = await teamWithTicket()
    const entry = await createEntry(ticket, agent.membership)
    const response = await postForm(client, agent.user, `/desk/time-entries/${entry.id}/delete`)
    response.assertStatus(302)
    assert.isNull(await TimeEntry.find(entry.id))
  })

  test('another organization’s entry is a 404, for every role', async ({ client, assert }) => {
    const mine = await teamWithTicket()
    const theirs = await teamWithTicket()
    const entry = await createEntry(theirs.ticket, theirs.agent.membership, { minutes: 30 })
    // Ticket numbers are per organization: their second ticket has a number mine has not.
    const theirOnly = await createTicket(theirs.customer.membership)

    for (const { user } of [mine.agent, mine.manager, mine.admin]) {
      const edit = await client.get(`/desk/time-entries/${entry.id}/edit`).loginAs(user)
      edit.assertStatus(404)
      assert.notInclude(edit.text(), theirs.ticket.subject)
      const update = await postForm(client, user, `/desk/time-entries/${entry.id}`).form({
        minutes: '99',
        work_date: today(),
      })
      update.assertStatus(404)
      const remove = await postForm(client, user, `/desk/time-entries/${entry.id}/delete`)
      remove.assertStatus(404)
      // Their ticket cannot be logged on either.
      const log = await postForm(
        client,
        user,
        `/desk/tickets/${theirOnly.reference}/time-entries`
      ).form({ minutes: '5', work_date: today() })
      log.assertStatus(404)
    }
    await entry.refresh()
    assert.equal(entry.minutes, 30)
    assert.lengthOf(await entriesOf(theirOnly.id), 0)
  })

  test('an organization that switched the plugin off gets 404 and no panel', async ({
    client,
    assert,
  }) => {
    const { organization, agent, manager, ticket } = await teamWithTicket()
    const entry = await createEntry(ticket, agent.membership)
    await SetPluginEnabled.handle(Actor.system(organization), {
      plugin: plugins.find('time_tracking')!,
      enabled: false,
    })

    const requests = [
      client.get(`/desk/time-entries/${entry.id}/edit`).loginAs(agent.user),
      postForm(client, agent.user, `/desk/tickets/${ticket.reference}/time-entries`).form({
        minutes: '5',
        work_date: today(),
      }),
      postForm(client, agent.user, `/desk/tickets/${ticket.reference}/timer`),
      client.get('/desk/time').loginAs(manager.user),
      client.get('/desk/time/export').loginAs(manager.user),
    ]
    for (const request of requests) {
      const response = await request
      response.assertStatus(404)
    }
    const page = await client.get(`/desk/tickets/${ticket.reference}`).loginAs(agent.user)
    page.assertStatus(200)
    assert.notInclude(page.text(), 'data-slot="time_tracking"')
    const desk = await client.get('/desk').loginAs(manager.user)
    assert.notInclude(desk.text(), 'Time reports')
    assert.lengthOf(await entriesOf(ticket.id), 1)
  })
})
