import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Ticket from '#models/ticket'
import AuditEvent from '#models/audit_event'
import TransitionTicket from '#actions/tickets/transition_ticket'
import AddComment from '#actions/tickets/add_comment'
import UpdateTicket from '#actions/tickets/update_ticket'
import { GENESIS_HASH } from '#services/audit/audit_trail'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createOrganization, createTeam } from '#tests/helpers/factories'
import { createTicket, startTicket } from '#tests/helpers/tickets'
import { LIFECYCLE_ACTIONS } from '#tests/helpers/audit'
import Actor from '#actions/actor'

/** The memberships of a createTeam team, by role. */
async function team() {
  const { organization, customer, agent, manager } = await createTeam()
  return {
    organization,
    customer: customer.membership,
    agent: agent.membership,
    manager: manager.membership,
  }
}

test.group('Ticket lifecycle (actions)', (group) => {
  isolateEachTest(group)

  test('the first-ticket lifecycle, with every step in the audit trail', async ({ assert }) => {
    const { customer, agent, manager } = await team()
    let ticket = await createTicket(customer)
    assert.equal(ticket.reference, 'ATUM-1')
    assert.equal(ticket.status, 'new')
    assert.include(ticket.descriptionHtml, '<strong>error 42</strong>')

    ticket = await TransitionTicket.handle(Actor.forMember(manager), {
      ticket,
      transition: 'accept',
    })
    ticket = await TransitionTicket.handle(Actor.forMember(manager), {
      ticket,
      transition: 'assign',
      assigneeId: agent.userId,
    })
    ticket = await TransitionTicket.handle(Actor.forMember(agent), { ticket, transition: 'start' })
    await AddComment.handle(Actor.forMember(agent), {
      ticket,
      body: 'Cleared the jam, please try.',
    })
    await AddComment.handle(Actor.forMember(agent), {
      ticket,
      body: 'Toner low too',
      internal: true,
    })
    ticket = await TransitionTicket.handle(Actor.forMember(agent), {
      ticket,
      transition: 'resolve',
    })
    ticket = await TransitionTicket.handle(Actor.forMember(manager), {
      ticket,
      transition: 'close',
    })

    const saved = await Ticket.findOrFail(ticket.id)
    assert.equal(saved.status, 'closed')
    assert.isNotNull(saved.firstResponseAt)
    assert.isNotNull(saved.resolvedAt)
    assert.isNotNull(saved.closedAt)

    const trail = await AuditEvent.query()
      .where('organization_id', ticket.organizationId)
      .orderBy('id')
    assert.deepEqual(
      trail.map((event) => event.action),
      LIFECYCLE_ACTIONS
    )
    assert.equal(trail[0].prevHash, GENESIS_HASH)
    for (let index = 1; index < trail.length; index++) {
      assert.equal(trail[index].prevHash, trail[index - 1].hash)
    }
  })

  test('an illegal transition is refused with 409 and changes nothing', async ({ assert }) => {
    const { customer, manager } = await team()
    const ticket = await createTicket(customer)
    await assert.rejects(
      () => TransitionTicket.handle(Actor.forMember(manager), { ticket, transition: 'resolve' }),
      'A new ticket cannot be resolved.'
    )
    const saved = await Ticket.findOrFail(ticket.id)
    assert.equal(saved.status, 'new')
    assert.lengthOf(await AuditEvent.query().where('action', 'ticket.resolve'), 0)
  })

  test('role guards: agents self-assign and work their own tickets only', async ({ assert }) => {
    const { organization, customer, agent, manager } = await team()
    const { membership: otherAgent } = await createMember(organization, 'agent')
    let ticket = await createTicket(customer)

    await assert.rejects(() =>
      TransitionTicket.handle(Actor.forMember(agent), { ticket, transition: 'accept' })
    )
    ticket = await TransitionTicket.handle(Actor.forMember(manager), {
      ticket,
      transition: 'accept',
    })
    await assert.rejects(() =>
      TransitionTicket.handle(Actor.forMember(agent), {
        ticket,
        transition: 'assign',
        assigneeId: otherAgent.userId,
      })
    )
    ticket = await TransitionTicket.handle(Actor.forMember(agent), {
      ticket,
      transition: 'assign',
      assigneeId: agent.userId,
    })
    await assert.rejects(() =>
      TransitionTicket.handle(Actor.forMember(otherAgent), { ticket, transition: 'start' })
    )
    await assert.rejects(() =>
      TransitionTicket.handle(Actor.forMember(customer), { ticket, transition: 'start' })
    )
    ticket = await TransitionTicket.handle(Actor.forMember(agent), { ticket, transition: 'start' })
    await assert.rejects(() =>
      UpdateTicket.handle(Actor.forMember(agent), { ticket, priority: 'urgent' })
    )
    const updated = await UpdateTicket.handle(Actor.forMember(manager), {
      ticket,
      priority: 'urgent',
      tags: ['Printer', ' printer ', 'floor 2'],
    })
    assert.equal(updated.priority, 'urgent')
    assert.deepEqual(updated.tags, ['printer', 'floor-2'])
    await assert.rejects(() =>
      TransitionTicket.handle(Actor.forMember(agent), { ticket, transition: 'close' })
    )
  })

  test('a customer reply brings a resolved ticket back; notes are for staff', async ({
    assert,
  }) => {
    const { customer, agent, manager } = await team()
    const started = await startTicket(await createTicket(customer), manager, agent)
    const ticket = await TransitionTicket.handle(Actor.forMember(agent), {
      ticket: started,
      transition: 'resolve',
    })

    await assert.rejects(
      () => AddComment.handle(Actor.forMember(customer), { ticket, body: 'psst', internal: true }),
      'Only staff can write internal notes.'
    )
    await AddComment.handle(Actor.forMember(customer), { ticket, body: 'Still jammed!' })
    const reopened = await Ticket.findOrFail(ticket.id)
    assert.equal(reopened.status, 'in_progress')
    assert.isNull(reopened.resolvedAt)
    assert.isNull(reopened.firstResponseAt, 'a customer reply is not a first response')
  })
})

test.group('Ticket numbers', () => {
  test('are gap-free and unique per organization under concurrent creation', async ({ assert }) => {
    // Real concurrent transactions: no global test transaction here.
    const acme = await createOrganization()
    const globex = await createOrganization()
    const { membership: acmeCustomer } = await createMember(acme, 'customer')
    const { membership: globexCustomer } = await createMember(globex, 'customer')

    await Promise.all([
      ...Array.from({ length: 15 }, () => createTicket(acmeCustomer)),
      ...Array.from({ length: 5 }, () => createTicket(globexCustomer)),
    ])

    const numbers = async (organizationId: number) => {
      const rows = await db
        .from('tickets')
        .where('organization_id', organizationId)
        .orderBy('number')
      return rows.map((row) => row.number)
    }

    assert.deepEqual(
      await numbers(acme.id),
      Array.from({ length: 15 }, (_, index) => index + 1)
    )
    assert.deepEqual(await numbers(globex.id), [1, 2, 3, 4, 5])

    // Committed: remove the tickets, so later tests (the cross-tenant walk
    // picks ticket numbers no other organization has) see none of them.
    await db.from('tickets').whereIn('organization_id', [acme.id, globex.id]).delete()
  })
})
