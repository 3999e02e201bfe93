import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTeam } from '#tests/helpers/factories'
import { createTicket } from '#tests/helpers/tickets'
import { postForm } from '#tests/helpers/forms'
import { inputErrors } from '#tests/helpers/responses'
import TimeEntry from '../../models/time_entry.js'
import TimeTimer from '../../models/time_timer.js'

/** Moves the person's running timer back, as if it had run that long. */
function startedAgo(userId: number, duration: { minutes?: number; hours?: number }) {
  return db
    .from('time_timers')
    .where('user_id', userId)
    .update({ started_at: DateTime.now().minus(duration).toJSDate() })
}

test.group('Time tracking: the timer', (group) => {
  isolateEachTest(group)

  test('start, reload, stop: the timer runs server-side and logs what it ran', async ({
    client,
    assert,
  }) => {
    const { agent, customer } = await createTeam()
    const ticket = await createTicket(customer.membership)
    const url = `/desk/tickets/${ticket.reference}`

    const before = await client.get(url).loginAs(agent.user)
    assert.include(before.text(), 'Start timer')
    assert.notInclude(before.text(), 'data-timer="running"')

    const start = await postForm(client, agent.user, `${url}/timer`)
    start.assertStatus(302)
    start.assertHeader('location', `${url}#time-tracking`)
    start.assertFlashMessage('success', `Timer started on ${ticket.reference}.`)
    const timer = await TimeTimer.findByOrFail('user_id', agent.user.id)
    assert.equal(timer.ticketId, ticket.id)
    assert.equal(timer.organizationId, ticket.organizationId)

    // A reload (any later page view) shows it running, with the elapsed time.
    await startedAgo(agent.user.id, { minutes: 90, hours: 0 })
    const reload = await client.get(url).loginAs(agent.user)
    const html = reload.text()
    assert.include(html, 'data-timer="running"')
    assert.include(html, 'x-data="timeTrackingTimer"')
    assert.match(html, /data-elapsed-seconds="(5[4-9]\d\d)"/)
    assert.match(html, />1:30:0\d<\/span>/)
    // The plugin's browser module (manifest `assets`), before the app's own.
    assert.match(
      html,
      /<script type="module" src="\/plugins\/time_tracking\/resources\/assets\/timer\.ts"><\/script>[\s\S]*resources\/js\/app\.js/
    )
    assert.include(html, 'Stop and log time')

    // Starting again changes nothing.
    const again = await postForm(client, agent.user, `${url}/timer`)
    again.assertFlashMessage('success', 'Your timer is already running here.')
    assert.lengthOf(await TimeTimer.query().where('user_id', agent.user.id), 1)

    const stop = await postForm(client, agent.user, `${url}/timer/stop`).form({
      stop_note: 'Printer driver',
    })
    stop.assertStatus(302)
    stop.assertFlashMessage('success', `Timer stopped: 1 h 30 min logged on ${ticket.reference}.`)
    assert.isNull(await TimeTimer.findBy('user_id', agent.user.id))
    const [entry] = await TimeEntry.query().where('ticket_id', ticket.id)
    assert.equal(entry.minutes, 90)
    assert.equal(entry.userId, agent.user.id)
    assert.equal(entry.note, 'Printer driver')
    assert.isFalse(entry.billable)
    assert.equal(entry.workDate.toISODate(), DateTime.utc().minus({ minutes: 90 }).toISODate())

    const after = await client.get(url).loginAs(agent.user)
    assert.include(after.text(), 'Start timer')
    assert.include(after.text(), 'Printer driver')
  })

  test('one timer at a time: another ticket is refused while it runs', async ({
    client,
    assert,
  }) => {
    const { agent, customer } = await createTeam()
    const first = await createTicket(customer.membership)
    const second = await createTicket(customer.membership)
    await postForm(client, agent.user, `/desk/tickets/${first.reference}/timer`)

    const refused = await postForm(client, agent.user, `/desk/tickets/${second.reference}/timer`)
    refused.assertStatus(302)
    refused.assertHeader('location', `/desk/tickets/${second.reference}#time-tracking`)
    refused.assertFlashMessage(
      'error',
      `Your timer is running on ${first.reference}. Stop it there first.`
    )
    const timer = await TimeTimer.findByOrFail('user_id', agent.user.id)
    assert.equal(timer.ticketId, first.id)

    const page = await client.get(`/desk/tickets/${second.reference}`).loginAs(agent.user)
    assert.include(
      page.text(),
      `Your timer is running on <a href="/desk/tickets/${first.reference}#time-tracking">`
    )

    // Stopping where it does not run is refused too.
    const stop = await postForm(client, agent.user, `/desk/tickets/${second.reference}/timer/stop`)
    stop.assertFlashMessage('error', 'Your timer is not running on this ticket.')
    assert.lengthOf(await TimeEntry.query().where('user_id', agent.user.id), 0)
  })

  test('a timer forgotten for days logs a day at most, and says so', async ({ client, assert }) => {
    const { agent, customer } = await createTeam()
    const ticket = await createTicket(customer.membership)
    await postForm(client, agent.user, `/desk/tickets/${ticket.reference}/timer`)
    await startedAgo(agent.user.id, { hours: 50 })
    const stop = await postForm(
      client,
      agent.user,
      `/desk/tickets/${ticket.reference}/timer/stop`
    ).form({ stop_billable: 'true' })
    const [entry] = await TimeEntry.query().where('ticket_id', ticket.id)
    assert.equal(entry.minutes, 1440)
    assert.isTrue(entry.billable)
    assert.include(stop.flashMessages().success as string, 'capped')
  })

  test('a stop with a bad note keeps the timer running and the note', async ({
    client,
    assert,
  }) => {
    const { agent, customer } = await createTeam()
    const ticket = await createTicket(customer.membership)
    await postForm(client, agent.user, `/desk/tickets/${ticket.reference}/timer`)
    const note = 'n'.repeat(1001)
    const stop = await postForm(
      client,
      agent.user,
      `/desk/tickets/${ticket.reference}/timer/stop`
    ).form({ stop_note: note })
    stop.assertStatus(302)
    assert.deepEqual(inputErrors(stop), {
      stop_note: ['The note must have at most 1000 characters'],
    })
    stop.assertFlashMessage('stop_note', note)
    assert.exists(await TimeTimer.findBy('user_id', agent.user.id))
    assert.lengthOf(await TimeEntry.query().where('ticket_id', ticket.id), 0)
  })

  test('timers are personal: a colleague sees their own state', async ({ client, assert }) => {
    const { agent, manager, customer } = await createTeam()
    const ticket = await createTicket(customer.membership)
    await postForm(client, agent.user, `/desk/tickets/${ticket.reference}/timer`)
    const page = await client.get(`/desk/tickets/${ticket.reference}`).loginAs(manager.user)
    assert.include(page.text(), 'Start timer')
    const stop = await postForm(
      client,
      manager.user,
      `/desk/tickets/${ticket.reference}/timer/stop`
    )
    stop.assertFlashMessage('error', 'Your timer is not running on this ticket.')
    assert.exists(await TimeTimer.findBy('user_id', agent.user.id))
  })

  test('the timer module is built by Vite and served from the app’s origin', async ({
    client,
    assert,
  }) => {
    const response = await client.get('/plugins/time_tracking/resources/assets/timer.ts')
    response.assertStatus(200)
    assert.match(response.header('content-type') ?? '', /^text\/javascript/)
    assert.match(response.text(), /data\(["']timeTrackingTimer["']/)
    assert.include(response.text(), 'alpine:init')
    // Compiled: no type annotation is left in what the browser runs.
    assert.notInclude(response.text(), 'interface ')
  })
})
