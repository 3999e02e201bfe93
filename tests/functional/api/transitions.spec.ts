import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import AuditEvent from '#models/audit_event'
import Ticket from '#models/ticket'
import TransitionTicket from '#actions/tickets/transition_ticket'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTicket } from '#tests/helpers/tickets'
import { apiMember, apiTeam, errorFields, ticketsElsewhere } from '#tests/helpers/api'
import Actor from '#actions/actor'

/** POST /api/v1/tickets/:reference/transitions with the token. */
function transition(client: ApiClient, reference: string, token: string, body: object) {
  return client.post(`/api/v1/tickets/${reference}/transitions`).bearerToken(token).json(body)
}

test.group('API transitions', (group) => {
  isolateEachTest(group)

  test('a manager accepts and assigns, the assignee starts: each step audited', async ({
    client,
    assert,
  }) => {
    const { organization, customer, agent, manager } = await apiTeam()
    await createTicket(customer.membership)
    const accept = await transition(client, 'ATUM-1', manager.token, { action: 'accept' })
    accept.assertStatus(200)
    accept.assertBodyContains({ data: { number: 'ATUM-1', status: 'accepted' } })

    const assign = await transition(client, '1', manager.token, {
      action: 'assign',
      assignee_id: agent.user.id,
    })
    assign.assertStatus(200)
    assign.assertBodyContains({
      data: { status: 'assigned', assignee: { id: agent.user.id, full_name: agent.user.fullName } },
    })

    const start = await transition(client, 'ATUM-1', agent.token, { action: 'start' })
    start.assertStatus(200)
    start.assertBodyContains({ data: { status: 'in_progress' } })

    const trail = await AuditEvent.query()
      .where('organization_id', organization.id)
      .where('subject_type', 'ticket')
      .orderBy('id')
    assert.deepEqual(
      trail.map((event) => [event.action, event.actorId]),
      [
        ['ticket.created', customer.user.id],
        ['ticket.accept', manager.user.id],
        ['ticket.assign', manager.user.id],
        ['ticket.start', agent.user.id],
      ]
    )
  })

  test('an illegal transition answers 409 and changes nothing', async ({ client, assert }) => {
    const { organization, customer, manager } = await apiTeam()
    await createTicket(customer.membership)
    const response = await transition(client, 'ATUM-1', manager.token, { action: 'resolve' })
    response.assertStatus(409)
    response.assertBody({
      errors: [{ field: 'action', message: 'A new ticket cannot be resolved.' }],
    })

    const close = await transition(client, 'ATUM-1', manager.token, { action: 'close' })
    close.assertStatus(409)

    const saved = await Ticket.findByOrFail('number', 1)
    assert.equal(saved.status, 'new')
    const events = await AuditEvent.query()
      .where('organization_id', organization.id)
      .where('subject_type', 'ticket')
    assert.deepEqual(
      events.map((event) => event.action),
      ['ticket.created']
    )
  })

  test("role refusals answer 403: customers, agents accepting, agents on others' tickets", async ({
    client,
    assert,
  }) => {
    const { customer, agent, manager, organization } = await apiTeam()
    const colleague = await apiMember(organization, 'agent')
    const ticket = await createTicket(customer.membership)

    const byCustomer = await transition(client, 'ATUM-1', customer.token, { action: 'accept' })
    byCustomer.assertStatus(403)
    byCustomer.assertBody({
      errors: [{ field: 'action', message: 'Your role does not allow this.' }],
    })

    const agentAccepts = await transition(client, 'ATUM-1', agent.token, { action: 'accept' })
    agentAccepts.assertStatus(403)

    await TransitionTicket.handle(Actor.forMember(manager.membership), {
      ticket,
      transition: 'accept',
    })
    const agentAssignsColleague = await transition(client, 'ATUM-1', agent.token, {
      action: 'assign',
      assignee_id: colleague.user.id,
    })
    agentAssignsColleague.assertStatus(403)

    // An agent may take it for themselves, and then only they (or a manager) work it.
    const selfAssign = await transition(client, 'ATUM-1', agent.token, {
      action: 'assign',
      assignee_id: agent.user.id,
    })
    selfAssign.assertStatus(200)
    const colleagueStarts = await transition(client, 'ATUM-1', colleague.token, { action: 'start' })
    colleagueStarts.assertStatus(403)

    const saved = await Ticket.findByOrFail('number', 1)
    assert.equal(saved.status, 'assigned')
    assert.equal(saved.assigneeId, agent.user.id)
  })

  test('422 for an unknown action, a missing or a non-staff assignee', async ({
    client,
    assert,
  }) => {
    const { customer, manager } = await apiTeam()
    const ticket = await createTicket(customer.membership)

    const unknown = await transition(client, 'ATUM-1', manager.token, { action: 'teleport' })
    unknown.assertStatus(422)
    assert.deepEqual(errorFields(unknown), ['action'])

    const missing = await transition(client, 'ATUM-1', manager.token, {})
    missing.assertStatus(422)
    assert.deepEqual(errorFields(missing), ['action'])

    await TransitionTicket.handle(Actor.forMember(manager.membership), {
      ticket,
      transition: 'accept',
    })
    const nobody = await transition(client, 'ATUM-1', manager.token, { action: 'assign' })
    nobody.assertStatus(422)
    assert.deepEqual(errorFields(nobody), ['assignee_id'])

    const toCustomer = await transition(client, 'ATUM-1', manager.token, {
      action: 'assign',
      assignee_id: customer.user.id,
    })
    toCustomer.assertStatus(422)
    assert.deepEqual(errorFields(toCustomer), ['assignee_id'])

    const saved = await Ticket.findByOrFail('number', 1)
    assert.equal(saved.status, 'accepted')
  })

  test("404 for another organization's ticket and a customer's hidden ticket", async ({
    client,
    assert,
  }) => {
    const { customer, otherCustomer, admin } = await apiTeam()
    await createTicket(otherCustomer.membership)
    const elsewhere = await ticketsElsewhere(2)

    const foreign = await transition(client, 'ATUM-2', admin.token, { action: 'accept' })
    foreign.assertStatus(404)
    const hidden = await transition(client, 'ATUM-1', customer.token, { action: 'accept' })
    hidden.assertStatus(404)

    const theirs = await Ticket.query().where('organization_id', elsewhere.organization.id)
    assert.isTrue(theirs.every((ticket) => ticket.status === 'new'))
  })
})
