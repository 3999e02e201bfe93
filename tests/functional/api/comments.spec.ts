import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import AuditEvent from '#models/audit_event'
import TicketComment from '#models/ticket_comment'
import Ticket from '#models/ticket'
import AddComment from '#actions/tickets/add_comment'
import TransitionTicket from '#actions/tickets/transition_ticket'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTicket, startTicket, replyAndNote } from '#tests/helpers/tickets'
import { apiTeam, errorFields, ticketsElsewhere } from '#tests/helpers/api'
import type { Member } from '#tests/helpers/factories'
import Actor from '#actions/actor'

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** POST /api/v1/tickets/:reference/comments with the token. */
function postComment(client: ApiClient, reference: string, token: string, body: object) {
  return client.post(`/api/v1/tickets/${reference}/comments`).bearerToken(token).json(body)
}

/** A ticket of the customer, worked by the agent and resolved. */
async function resolvedTicket(customer: Member, manager: Member, agent: Member) {
  const opened = await createTicket(customer.membership)
  const ticket = await startTicket(opened, manager.membership, agent.membership)
  return TransitionTicket.handle(Actor.forMember(agent.membership), {
    ticket,
    transition: 'resolve',
  })
}

test.group('API comments', (group) => {
  isolateEachTest(group)

  test('a customer replies: 201 with body, body_html, visibility and author', async ({
    client,
    assert,
  }) => {
    const { organization, customer } = await apiTeam()
    await createTicket(customer.membership)
    const response = await postComment(client, 'ATUM-1', customer.token, {
      body: 'Still _broken_ after a restart.',
    })
    response.assertStatus(201)
    const { data } = response.body()
    assert.isNumber(data.id)
    assert.equal(data.body, 'Still _broken_ after a restart.')
    assert.equal(data.body_html, '<p>Still <em>broken</em> after a restart.</p>\n')
    assert.equal(data.visibility, 'public')
    assert.deepEqual(data.author, { id: customer.user.id, full_name: customer.user.fullName })
    assert.match(data.created_at, ISO)

    const [event] = await AuditEvent.query()
      .where('organization_id', organization.id)
      .where('action', 'ticket.reply_added')
    assert.equal(event.actorId, customer.user.id)
  })

  test('staff write internal notes; customers may not (403)', async ({ client, assert }) => {
    const { customer, agent } = await apiTeam()
    await createTicket(customer.membership)
    const note = await postComment(client, 'ATUM-1', agent.token, {
      body: 'Check the warranty first',
      internal: true,
    })
    note.assertStatus(201)
    note.assertBodyContains({ data: { visibility: 'internal' } })

    const refused = await postComment(client, 'ATUM-1', customer.token, {
      body: 'Let me in',
      internal: true,
    })
    refused.assertStatus(403)
    refused.assertBody({
      errors: [{ field: 'internal', message: 'Only staff can write internal notes.' }],
    })
    assert.lengthOf(await TicketComment.query().where('body', 'Let me in'), 0)
  })

  test('the list: staff read everything, customers the public replies only, paginated', async ({
    client,
    assert,
  }) => {
    const { customer, agent } = await apiTeam()
    const ticket = await createTicket(customer.membership)
    await replyAndNote(ticket, agent.membership, 'First reply', 'Staff only remark')
    await AddComment.handle(Actor.forMember(customer.membership), { ticket, body: 'Thanks' })

    const staff = await client.get('/api/v1/tickets/ATUM-1/comments').bearerToken(agent.token)
    staff.assertStatus(200)
    assert.deepEqual(
      staff.body().data.map((comment: { body: string }) => comment.body),
      ['First reply', 'Staff only remark', 'Thanks']
    )
    assert.deepEqual(staff.body().meta, { total: 3, page: 1, per_page: 50, last_page: 1 })

    const mine = await client.get('/api/v1/tickets/ATUM-1/comments').bearerToken(customer.token)
    mine.assertStatus(200)
    assert.deepEqual(
      mine.body().data.map((comment: { body: string }) => comment.body),
      ['First reply', 'Thanks']
    )
    assert.equal(mine.body().meta.total, 2)
    assert.notInclude(mine.text(), 'Staff only remark')
    assert.notInclude(mine.text(), 'internal')

    const paged = await client
      .get('/api/v1/tickets/ATUM-1/comments?per_page=2&page=2')
      .bearerToken(agent.token)
    assert.deepEqual(paged.body().meta, { total: 3, page: 2, per_page: 2, last_page: 2 })
    assert.deepEqual(
      paged.body().data.map((comment: { body: string }) => comment.body),
      ['Thanks']
    )

    const badPage = await client
      .get('/api/v1/tickets/ATUM-1/comments?per_page=1000')
      .bearerToken(agent.token)
    badPage.assertStatus(422)
    assert.deepEqual(errorFields(badPage), ['per_page'])
  })

  test('422 for an empty body or a non-boolean internal flag', async ({ client, assert }) => {
    const { customer, agent } = await apiTeam()
    await createTicket(customer.membership)
    const empty = await postComment(client, 'ATUM-1', agent.token, {
      body: '   ',
      internal: 'perhaps',
    })
    empty.assertStatus(422)
    assert.sameMembers(errorFields(empty), ['body', 'internal'])
    assert.lengthOf(await TicketComment.all(), 0)
  })

  test('409 on a closed ticket', async ({ client, assert }) => {
    const { customer, agent, manager } = await apiTeam()
    const ticket = await resolvedTicket(customer, manager, agent)
    await TransitionTicket.handle(Actor.forMember(manager.membership), {
      ticket,
      transition: 'close',
    })

    const response = await postComment(client, 'ATUM-1', customer.token, { body: 'One more thing' })
    response.assertStatus(409)
    assert.deepEqual(errorFields(response), ['body'])
    assert.lengthOf(await TicketComment.all(), 0)
  })

  test('a customer reply to a resolved ticket reopens it', async ({ client }) => {
    const { customer, agent, manager } = await apiTeam()
    await resolvedTicket(customer, manager, agent)

    const reply = await postComment(client, 'ATUM-1', customer.token, { body: 'It is back' })
    reply.assertStatus(201)
    const show = await client.get('/api/v1/tickets/ATUM-1').bearerToken(customer.token)
    show.assertBodyContains({ data: { status: 'in_progress', resolved_at: null } })
  })

  test('404 for other organizations and for customers on hidden tickets', async ({
    client,
    assert,
  }) => {
    const { customer, otherCustomer, admin } = await apiTeam()
    const hiddenTicket = await createTicket(otherCustomer.membership)
    await AddComment.handle(Actor.forMember(otherCustomer.membership), {
      ticket: hiddenTicket,
      body: 'Salary details inside',
    })
    const elsewhere = await ticketsElsewhere(2)
    const foreignTicket = elsewhere.tickets[1]
    await AddComment.handle(Actor.forMember(elsewhere.customer), {
      ticket: foreignTicket,
      body: 'Borealis only',
    })
    const before = await Ticket.findOrFail(foreignTicket.id)

    for (const [token, reference] of [
      [admin.token, 'ATUM-2'],
      [customer.token, 'ATUM-1'],
    ]) {
      const list = await client.get(`/api/v1/tickets/${reference}/comments`).bearerToken(token)
      list.assertStatus(404)
      assert.notInclude(list.text(), 'Salary')
      assert.notInclude(list.text(), 'Borealis')
      const post = await client
        .post(`/api/v1/tickets/${reference}/comments`)
        .bearerToken(token)
        .json({ body: 'Probe' })
      post.assertStatus(404)
    }
    assert.lengthOf(await TicketComment.query().where('body', 'Probe'), 0)
    const untouched = await Ticket.findOrFail(foreignTicket.id)
    assert.equal(untouched.updatedAt.toMillis(), before.updatedAt.toMillis())
  })
})
