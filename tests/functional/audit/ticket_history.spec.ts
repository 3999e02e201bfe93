import { test } from '@japa/runner'
import edge from 'edge.js'
import { ticketHistory, ticketHistoryEntries } from '#services/audit/ticket_history'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createOrganization } from '#tests/helpers/factories'
import { createTicket } from '#tests/helpers/tickets'
import { LIFECYCLE_ACTIONS, runTicketLifecycle } from '#tests/helpers/audit'

test.group('Audit: a ticket’s history', (group) => {
  isolateEachTest(group)

  test('lists one ticket’s events oldest first, with their actors', async ({ assert }) => {
    const organization = await createOrganization()
    const { ticket, customer: requester, manager, agent } = await runTicketLifecycle(organization)
    // Another ticket of the organization, and a ticket numbered 1 elsewhere.
    const { membership: customer } = await createMember(organization, 'customer')
    await createTicket(customer)
    await runTicketLifecycle(await createOrganization())

    const events = await ticketHistory(manager.membership, ticket)
    assert.deepEqual(
      events.map((event) => event.action),
      LIFECYCLE_ACTIONS
    )
    assert.isTrue(events.every((event) => event.subjectId === String(ticket.number)))
    assert.isTrue(events.every((event) => event.organizationId === organization.id))
    const ids = events.map((event) => Number(event.id))
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b)
    )
    assert.equal(events[0].actor?.id, requester.user.id, 'opened by its requester')
    assert.equal(events[1].actor.fullName, manager.user.fullName)
    assert.equal(events[3].actor.fullName, agent.user.fullName)

    // Agents see it too; customers never.
    assert.lengthOf(await ticketHistory(agent.membership, ticket), LIFECYCLE_ACTIONS.length)
    await assert.rejects(() => ticketHistory(customer, ticket), 'The audit trail is for staff.')
  })

  test('a ticket of another organization yields nothing', async ({ assert }) => {
    const acme = await createOrganization()
    const globex = await createOrganization()
    const { manager } = await runTicketLifecycle(acme)
    const { ticket: theirs } = await runTicketLifecycle(globex)
    assert.equal(theirs.number, 1)
    assert.deepEqual(await ticketHistory(manager.membership, theirs), [])
  })

  test('the component renders the history in words, escaped', async ({ assert }) => {
    const organization = await createOrganization()
    const { user: viewer } = await createMember(organization, 'admin', {
      timeZone: 'America/New_York',
    })
    const { ticket, manager, agent } = await runTicketLifecycle(
      organization,
      '<img src=x onerror=alert(1)> printer'
    )

    const entries = await ticketHistoryEntries(manager.membership, ticket, viewer)
    assert.lengthOf(entries, LIFECYCLE_ACTIONS.length)
    assert.match(entries[0].time, /GMT-[45]|E[SD]T/)
    const html = await edge.renderRaw('@!audit.ticketHistory({ entries })', { entries })

    const order = [
      'Ticket opened',
      'Ticket accepted',
      'Ticket assigned',
      'Work started',
      'Public reply',
      'Internal note',
      'Ticket resolved',
      'Ticket closed',
    ]
    let position = -1
    for (const label of order) {
      const next = html.indexOf(`<strong>${label}</strong>`)
      assert.isAbove(next, position, label)
      position = next
    }
    assert.include(html, `by ${manager.user.fullName}`)
    assert.include(html, `${agent.user.fullName}</ins>`, 'the assignee by name')
    assert.include(html, 'in progress</ins>')
    assert.notInclude(html, '<img src=x')
    assert.include(html, '&lt;img src=x onerror=alert(1)&gt; printer')

    const empty = await edge.renderRaw('@!audit.ticketHistory({ entries: [] })', {})
    assert.include(empty, 'No recorded events yet.')
  })
})
