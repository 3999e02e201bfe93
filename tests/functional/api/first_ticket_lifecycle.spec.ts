import { test } from '@japa/runner'
import AuditEvent from '#models/audit_event'
import { verifyChain } from '#services/audit/verify_chain'
import { GENESIS_HASH } from '#services/audit/audit_trail'
import { isolateEachTest } from '#tests/helpers/isolation'
import { apiTeam } from '#tests/helpers/api'

/**
 * The seed's "Test 1: First Ticket Lifecycle", through the REST API only:
 * customer creates → manager accepts and assigns → agent starts, replies,
 * resolves → customer sees the resolution → manager closes; the audit
 * trail shows every step, in order, by whom, chained.
 */
test.group('API acceptance: the first-ticket lifecycle', (group) => {
  isolateEachTest(group)

  test('from the customer creating it to the manager closing it', async ({ client, assert }) => {
    const { organization, customer, agent, manager } = await apiTeam()
    const api = (token: string) => ({
      get: (url: string) => client.get(`/api/v1${url}`).bearerToken(token),
      post: (url: string, body: object) =>
        client.post(`/api/v1${url}`).bearerToken(token).json(body),
    })
    const asCustomer = api(customer.token)
    const asManager = api(manager.token)
    const asAgent = api(agent.token)

    // The customer opens the ticket.
    const created = await asCustomer.post('/tickets', {
      subject: 'Cannot log in to the payroll portal',
      description: 'It says *account locked* since this morning.',
    })
    created.assertStatus(201)
    const number: string = created.body().data.number
    assert.match(number, /^ATUM-\d+$/)
    assert.equal(created.body().data.status, 'new')

    // The manager sees it in the unassigned view, accepts it and assigns the agent.
    const inbox = await asManager.get('/tickets?view=unassigned')
    assert.deepEqual(
      inbox.body().data.map((ticket: { number: string }) => ticket.number),
      [number]
    )
    const accepted = await asManager.post(`/tickets/${number}/transitions`, { action: 'accept' })
    accepted.assertStatus(200)
    assert.equal(accepted.body().data.status, 'accepted')
    const assigned = await asManager.post(`/tickets/${number}/transitions`, {
      action: 'assign',
      assignee_id: agent.user.id,
    })
    assigned.assertStatus(200)
    assert.equal(assigned.body().data.status, 'assigned')

    // The agent finds it in "mine", starts, notes, replies and resolves.
    const mine = await asAgent.get('/tickets?view=mine')
    assert.deepEqual(
      mine.body().data.map((ticket: { number: string }) => ticket.number),
      [number]
    )
    const started = await asAgent.post(`/tickets/${number}/transitions`, { action: 'start' })
    started.assertStatus(200)
    assert.equal(started.body().data.status, 'in_progress')
    const note = await asAgent.post(`/tickets/${number}/comments`, {
      body: 'Locked by the brute-force rule; checked with security.',
      internal: true,
    })
    note.assertStatus(201)
    const reply = await asAgent.post(`/tickets/${number}/comments`, {
      body: 'I unlocked your account. Please try again.',
    })
    reply.assertStatus(201)
    const resolved = await asAgent.post(`/tickets/${number}/transitions`, { action: 'resolve' })
    resolved.assertStatus(200)
    assert.equal(resolved.body().data.status, 'resolved')

    // The customer sees the resolution: the status and the public reply, not the note.
    const seen = await asCustomer.get(`/tickets/${number}`)
    seen.assertStatus(200)
    assert.equal(seen.body().data.status, 'resolved')
    assert.isString(seen.body().data.resolved_at)
    assert.isString(seen.body().data.first_response_at)
    assert.deepEqual(seen.body().data.assignee, {
      id: agent.user.id,
      full_name: agent.user.fullName,
    })
    const conversation = await asCustomer.get(`/tickets/${number}/comments`)
    assert.deepEqual(
      conversation
        .body()
        .data.map((comment: { body: string; visibility: string }) => [
          comment.body,
          comment.visibility,
        ]),
      [['I unlocked your account. Please try again.', 'public']]
    )
    assert.notInclude(conversation.text(), 'brute-force')
    const listed = await asCustomer.get('/tickets?status=resolved')
    assert.deepEqual(
      listed.body().data.map((ticket: { number: string }) => ticket.number),
      [number]
    )

    // The manager closes it.
    const closed = await asManager.post(`/tickets/${number}/transitions`, { action: 'close' })
    closed.assertStatus(200)
    assert.equal(closed.body().data.status, 'closed')
    assert.isString(closed.body().data.closed_at)

    // The audit trail shows every step, in order, by whom, chained.
    const subjectId = number.replace('ATUM-', '')
    const trail = await AuditEvent.query()
      .where('organization_id', organization.id)
      .where('subject_type', 'ticket')
      .where('subject_id', subjectId)
      .orderBy('id')
    assert.deepEqual(
      trail.map((event) => [event.action, event.actorId]),
      [
        ['ticket.created', customer.user.id],
        ['ticket.accept', manager.user.id],
        ['ticket.assign', manager.user.id],
        ['ticket.start', agent.user.id],
        ['ticket.note_added', agent.user.id],
        ['ticket.reply_added', agent.user.id],
        ['ticket.resolve', agent.user.id],
        ['ticket.close', manager.user.id],
      ]
    )
    assert.deepEqual(trail[2].after, { status: 'assigned', assignee_id: agent.user.id })
    assert.deepEqual(trail[7].before, { status: 'resolved', assignee_id: agent.user.id })
    for (const event of trail) {
      assert.isNotNull(event.ip)
      assert.isNotNull(event.createdAt)
    }

    // The whole organization chain links up from the genesis hash, and
    // audit:verify's check recomputes every hash.
    const chain = await AuditEvent.query().where('organization_id', organization.id).orderBy('id')
    assert.equal(chain[0].prevHash, GENESIS_HASH)
    for (let index = 1; index < chain.length; index++) {
      assert.equal(chain[index].prevHash, chain[index - 1].hash)
    }
    const report = await verifyChain(organization.id)
    assert.isTrue(report.ok)
    assert.equal(report.events, chain.length)
  })
})
