import { test } from '@japa/runner'
import AuditEvent from '#models/audit_event'
import Ticket from '#models/ticket'
import TransitionTicket from '#actions/tickets/transition_ticket'
import { SYSTEM_ACTOR } from '#services/audit/audit_trail'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTicket } from '#tests/helpers/tickets'
import { apiMember, apiTeam, errorFields } from '#tests/helpers/api'
import { createOrganization } from '#tests/helpers/factories'

test.group('API transitions', (group) => {
  isolateEachTest(group)

  test('a manager accepts and assigns, the assignee starts: each step audited', async ({
    client,
    assert,
  }) => {
    const { organization, customer, agent, manager } = await apiTeam()
    await createTicket(customer.membership)
    const accept = await client
      .post('/api/v1/tickets/ATUM-1/transitions')
      .bearerToken(manager.token)
      .json({ action: 'accept' })
    accept.assertStatus(200)
    accept.assertBodyContains({ data: { number: 'ATUM-1', status: 'accepted' } })

    const assign = await client
      .post('/api/v1/tickets/1/transitions')
      .bearerToken(manager.token)
      .json({ action: 'assign', assignee_id: agent.user.id })
    assign.assertStatus(200)
    assign.assertBodyContains({
      data: { status: 'assigned', assignee: { id: agent.user.id, full_name: agent.user.fullName } },
    })

    const start = await client
      .post('/api/v1/tickets/ATUM-1/transitions')
      .bearerToken(agent.token)
      .json({ action: 'start' })
    start.assertStatus(200)
    start.assertBodyContains({ data: { status: 'in_progress' } })

    const trail = await AuditEvent.query()
      .where('organization_id', organization.id)
      .where('subject_type', 'ticket')
      .orderBy('id')
    assert.deepEqual(
      trail.map((event) => [event.action, event.actorId]),
      [
        ['ticket.created', null],
        ['ticket.accept', manager.user.id],
        ['ticket.assign', manager.user.id],
        ['ticket.start', agent.user.id],
      ]
    )
  })

  test('an illegal transition answers 409 and changes nothing', async ({ client, assert }) => {
    const { organization, customer, manager } = await apiTeam()
    await createTicket(customer.membership)
    const response = await client
      .post('/api/v1/tickets/ATUM-1/transitions')
      .bearerToken(manager.token)
      .json({ action: 'resolve' })
    response.assertStatus(409)
    response.assertBody({
      errors: [{ field: 'action', message: 'A new ticket cannot be resolved.' }],
    })

    const close = await client
      .post('/api/v1/tickets/ATUM-1/transitions')
      .bearerToken(manager.token)
      .json({ action: 'close' })
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

    const byCustomer = await client
      .post('/api/v1/tickets/ATUM-1/transitions')
      .bearerToken(customer.token)
      .json({ action: 'accept' })
    byCustomer.assertStatus(403)
    byCustomer.assertBody({
      errors: [{ field: 'action', message: 'Your role does not allow this.' }],
    })

    const agentAccepts = await client
      .post('/api/v1/tickets/ATUM-1/transitions')
      .bearerToken(agent.token)
      .json({ action: 'accept' })
    agentAccepts.assertStatus(403)

    await TransitionTicket.handle(ticket, 'accept', manager.membership, SYSTEM_ACTOR)
    const agentAssignsColleague = await client
      .post('/api/v1/tickets/ATUM-1/transitions')
      .bearerToken(agent.token)
      .json({ action: 'assign', assignee_id: colleague.user.id })
    agentAssignsColleague.assertStatus(403)

    // An agent may take it for themselves, and then only they (or a manager) work it.
    const selfAssign = await client
      .post('/api/v1/tickets/ATUM-1/transitions')
      .bearerToken(agent.token)
      .json({ action: 'assign', assignee_id: agent.user.id })
    selfAssign.assertStatus(200)
    const colleagueStarts = await client
      .post('/api/v1/tickets/ATUM-1/transitions')
      .bearerToken(colleague.token)
      .json({ action: 'start' })
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

    const unknown = await client
      .post('/api/v1/tickets/ATUM-1/transitions')
      .bearerToken(manager.token)
      .json({ action: 'teleport' })
    unknown.assertStatus(422)
    assert.deepEqual(errorFields(unknown), ['action'])

    const missing = await client
      .post('/api/v1/tickets/ATUM-1/transitions')
      .bearerToken(manager.token)
      .json({})
    missing.assertStatus(422)
    assert.deepEqual(errorFields(missing), ['action'])

    await TransitionTicket.handle(ticket, 'accept', manager.membership, SYSTEM_ACTOR)
    const nobody = await client
      .post('/api/v1/tickets/ATUM-1/transitions')
      .bearerToken(manager.token)
      .json({ action: 'assign' })
    nobody.assertStatus(422)
    assert.deepEqual(errorFields(nobody), ['assignee_id'])

    const toCustomer = await client
      .post('/api/v1/tickets/ATUM-1/transitions')
      .bearerToken(manager.token)
      .json({ action: 'assign', assignee_id: customer.user.id })
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
    const elsewhere = await createOrganization()
    const { membership: stranger } = await apiMember(elsewhere, 'customer')
    await createTicket(stranger)
    await createTicket(stranger)

    const foreign = await client
      .post('/api/v1/tickets/ATUM-2/transitions')
      .bearerToken(admin.token)
      .json({ action: 'accept' })
    foreign.assertStatus(404)
    const hidden = await client
      .post('/api/v1/tickets/ATUM-1/transitions')
      .bearerToken(customer.token)
      .json({ action: 'accept' })
    hidden.assertStatus(404)

    const theirs = await Ticket.query().where('organization_id', elsewhere.id)
    assert.isTrue(theirs.every((ticket) => ticket.status === 'new'))
  })
})
