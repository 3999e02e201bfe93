import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import AuditEvent from '#models/audit_event'
import Ticket from '#models/ticket'
import TransitionTicket from '#actions/tickets/transition_ticket'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTicket, manyTickets } from '#tests/helpers/tickets'
import { apiMember, apiTeam, errorFields, ticketsElsewhere } from '#tests/helpers/api'
import { createOrganization } from '#tests/helpers/factories'
import Actor from '#actions/actor'

/** PATCH /api/v1/tickets/:reference with the token. */
function update(client: ApiClient, reference: string, token: string, body: object) {
  return client.patch(`/api/v1/tickets/${reference}`).bearerToken(token).json(body)
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

test.group('API tickets: authentication', (group) => {
  isolateEachTest(group)

  const endpoints: Array<['GET' | 'POST' | 'PATCH', string]> = [
    ['GET', '/api/v1/tickets'],
    ['POST', '/api/v1/tickets'],
    ['GET', '/api/v1/tickets/ATUM-1'],
    ['PATCH', '/api/v1/tickets/ATUM-1'],
    ['POST', '/api/v1/tickets/ATUM-1/transitions'],
    ['GET', '/api/v1/tickets/ATUM-1/comments'],
    ['POST', '/api/v1/tickets/ATUM-1/comments'],
  ]

  test('every endpoint answers 401 without a token or with a bad one', async ({
    client,
    assert,
  }) => {
    const { customer } = await apiTeam()
    await createTicket(customer.membership)
    for (const [method, url] of endpoints) {
      const none = await client.request(url, method).json({ subject: 'x', body: 'x' })
      none.assertStatus(401)
      none.assertBody({ errors: [{ message: 'Authentication required.' }] })
      const bad = await client.request(url, method).bearerToken('atum_forged-token-value')
      bad.assertStatus(401)
      assert.notProperty(bad.body(), 'data', `${method} ${url}`)
    }
    assert.lengthOf(await Ticket.all(), 1)
  })
})

test.group('API tickets: create', (group) => {
  isolateEachTest(group)

  test('a customer opens a ticket: 201, number ATUM-n, source api, audited', async ({
    client,
    assert,
  }) => {
    const { organization, customer } = await apiTeam()
    const response = await client
      .post('/api/v1/tickets')
      .bearerToken(customer.token)
      .header('User-Agent', 'atum-cli/1.0')
      .json({
        subject: 'VPN drops every hour',
        description: 'Since **Monday** the VPN drops.',
        // Customers do not set these: the action ignores them.
        priority: 'urgent',
        category: 'network',
        tags: ['vpn'],
      })
    response.assertStatus(201)
    assert.match(response.header('content-type') ?? '', /^application\/json/)
    const { data } = response.body()
    assert.equal(data.number, 'ATUM-1')
    assert.equal(data.source, 'api')
    assert.equal(data.status, 'new')
    assert.equal(data.priority, 'normal')
    assert.isNull(data.category)
    assert.deepEqual(data.tags, [])
    assert.equal(data.description, 'Since **Monday** the VPN drops.')
    assert.equal(data.description_html, '<p>Since <strong>Monday</strong> the VPN drops.</p>\n')
    assert.deepEqual(data.requester, { id: customer.user.id, full_name: customer.user.fullName })
    assert.isNull(data.assignee)
    assert.match(data.created_at, ISO)
    assert.match(data.updated_at, ISO)
    assert.isNull(data.resolved_at)
    assert.notProperty(data, 'organization_id')

    const [event] = await AuditEvent.query()
      .where('organization_id', organization.id)
      .where('action', 'ticket.created')
    assert.equal(event.actorId, customer.user.id)
    assert.equal(event.subjectId, '1')
    assert.equal(event.userAgent, 'atum-cli/1.0')
    assert.isNotNull(event.ip)

    const next = await client
      .post('/api/v1/tickets')
      .bearerToken(customer.token)
      .json({ subject: 'Second one', description: 'Again' })
    assert.equal(next.body().data.number, 'ATUM-2')
  })

  test('staff open tickets with priority, category and tags', async ({ client }) => {
    const { agent } = await apiTeam()
    const response = await client
      .post('/api/v1/tickets')
      .bearerToken(agent.token)
      .json({
        subject: 'Printer toner',
        description: 'Order toner',
        priority: 'high',
        category: 'hardware',
        tags: ['Printer', ' floor 2 '],
      })
    response.assertStatus(201)
    response.assertBodyContains({
      data: { priority: 'high', category: 'hardware', tags: ['printer', 'floor-2'] },
    })
  })

  test('bad input answers 422 naming each field and creates nothing', async ({
    client,
    assert,
  }) => {
    const { customer } = await apiTeam()
    const response = await client
      .post('/api/v1/tickets')
      .bearerToken(customer.token)
      .json({ subject: 'x', priority: 'asap', tags: 'not-a-list' })
    response.assertStatus(422)
    assert.sameMembers(errorFields(response), ['subject', 'description', 'priority', 'tags'])
    for (const error of response.body().errors) assert.isString(error.message)
    assert.lengthOf(await Ticket.all(), 0)
  })
})

test.group('API tickets: show', (group) => {
  isolateEachTest(group)

  test('a ticket by "ATUM-n" or "n"', async ({ client, assert }) => {
    const { customer, agent } = await apiTeam()
    await createTicket(customer.membership, { subject: 'First' })
    for (const reference of ['ATUM-1', '1', 'atum-1']) {
      const response = await client.get(`/api/v1/tickets/${reference}`).bearerToken(agent.token)
      response.assertStatus(200)
      assert.equal(response.body().data.number, 'ATUM-1')
      assert.equal(response.body().data.subject, 'First')
    }
  })

  test('404 for a missing ticket, a malformed number and another organization', async ({
    client,
  }) => {
    const { customer, admin } = await apiTeam()
    await createTicket(customer.membership)
    await ticketsElsewhere(2, 'Secret of the other organization')

    for (const reference of ['ATUM-2', '2', 'ATUM-999', 'nonsense', 'ATUM-1x']) {
      const response = await client.get(`/api/v1/tickets/${reference}`).bearerToken(admin.token)
      response.assertStatus(404)
      response.assertBody({ errors: [{ message: 'Not found.' }] })
    }
  })

  test("a customer gets 404 for another customer's ticket, unless the org shares them", async ({
    client,
  }) => {
    const { customer, otherCustomer } = await apiTeam()
    await createTicket(otherCustomer.membership, { subject: 'Payroll question' })
    const hidden = await client.get('/api/v1/tickets/ATUM-1').bearerToken(customer.token)
    hidden.assertStatus(404)

    const shared = await apiTeam({ customersSeeAllTickets: true })
    await createTicket(shared.otherCustomer.membership, { subject: 'Office move' })
    const seen = await client.get('/api/v1/tickets/ATUM-1').bearerToken(shared.customer.token)
    seen.assertStatus(200)
    seen.assertBodyContains({ data: { subject: 'Office move' } })
  })
})

test.group('API tickets: update', (group) => {
  isolateEachTest(group)

  test('a manager sets priority, category, tags and assignee; the trail records it', async ({
    client,
    assert,
  }) => {
    const { organization, customer, agent, manager } = await apiTeam()
    await createTicket(customer.membership)
    const response = await update(client, 'ATUM-1', manager.token, {
      priority: 'urgent',
      category: 'billing',
      tags: ['Invoice', 'invoice'],
      assignee_id: agent.user.id,
    })
    response.assertStatus(200)
    response.assertBodyContains({
      data: {
        priority: 'urgent',
        category: 'billing',
        tags: ['invoice'],
        assignee: { id: agent.user.id, full_name: agent.user.fullName },
      },
    })

    const [event] = await AuditEvent.query()
      .where('organization_id', organization.id)
      .where('action', 'ticket.updated')
    assert.equal(event.actorId, manager.user.id)
    assert.deepInclude(event.after!, { priority: 'urgent', assignee_id: agent.user.id })

    const cleared = await update(client, '1', manager.token, { category: null, assignee_id: null })
    cleared.assertStatus(200)
    cleared.assertBodyContains({ data: { category: null, assignee: null, priority: 'urgent' } })
  })

  test('role refusals answer 403 and change nothing', async ({ client, assert }) => {
    const { customer, agent, manager } = await apiTeam()
    await createTicket(customer.membership)

    const agentPriority = await update(client, 'ATUM-1', agent.token, { priority: 'urgent' })
    agentPriority.assertStatus(403)
    agentPriority.assertBody({
      errors: [{ field: 'priority', message: 'Only managers and admins set the priority.' }],
    })

    const agentAssignsOther = await update(client, 'ATUM-1', agent.token, {
      assignee_id: manager.user.id,
    })
    agentAssignsOther.assertStatus(403)
    assert.deepEqual(errorFields(agentAssignsOther), ['assignee_id'])

    const customerEdits = await update(client, 'ATUM-1', customer.token, { tags: ['mine'] })
    customerEdits.assertStatus(403)

    const saved = await Ticket.findByOrFail('number', 1)
    assert.equal(saved.priority, 'normal')
    assert.isNull(saved.assigneeId)
    assert.deepEqual(saved.tags, [])

    const selfAssign = await update(client, 'ATUM-1', agent.token, {
      assignee_id: agent.user.id,
      tags: ['triaged'],
    })
    selfAssign.assertStatus(200)
    selfAssign.assertBodyContains({ data: { assignee: { id: agent.user.id }, tags: ['triaged'] } })
  })

  test('422 for bad values and for an assignee who is not staff here', async ({
    client,
    assert,
  }) => {
    const { customer, manager } = await apiTeam()
    await createTicket(customer.membership)
    const invalid = await update(client, 'ATUM-1', manager.token, {
      priority: 'whenever',
      assignee_id: 'bob',
      tags: [42],
    })
    invalid.assertStatus(422)
    assert.sameMembers(errorFields(invalid), ['priority', 'assignee_id', 'tags.0'])

    const toCustomer = await update(client, 'ATUM-1', manager.token, {
      assignee_id: customer.user.id,
    })
    toCustomer.assertStatus(422)
    assert.deepEqual(errorFields(toCustomer), ['assignee_id'])

    const elsewhere = await createOrganization()
    const { user: outsider } = await apiMember(elsewhere, 'agent')
    const toOutsider = await update(client, 'ATUM-1', manager.token, { assignee_id: outsider.id })
    toOutsider.assertStatus(422)

    const saved = await Ticket.findByOrFail('number', 1)
    assert.isNull(saved.assigneeId)
  })

  test('404 for tickets the member may not see, before any validation', async ({
    client,
    assert,
  }) => {
    const { customer, otherCustomer, manager } = await apiTeam()
    await createTicket(otherCustomer.membership)
    const elsewhere = await ticketsElsewhere(2)

    const foreign = await update(client, 'ATUM-2', manager.token, { priority: 'nonsense' })
    foreign.assertStatus(404)
    const notMine = await update(client, 'ATUM-1', customer.token, { tags: ['x'] })
    notMine.assertStatus(404)
    const theirs = await Ticket.query().where('organization_id', elsewhere.organization.id)
    assert.isTrue(theirs.every((ticket) => ticket.priority === 'normal'))
  })
})

test.group('API tickets: list', (group) => {
  isolateEachTest(group)

  test('paginated with meta, newest activity first', async ({ client, assert }) => {
    const { customer, agent } = await apiTeam()
    for (let index = 1; index <= 5; index++) {
      await createTicket(customer.membership, { subject: `Ticket number ${index}` })
    }
    const first = await client.get('/api/v1/tickets?per_page=2').bearerToken(agent.token)
    first.assertStatus(200)
    assert.deepEqual(first.body().meta, {
      total: 5,
      total_capped: false,
      page: 1,
      per_page: 2,
      last_page: 3,
    })
    assert.lengthOf(first.body().data, 2)

    const last = await client.get('/api/v1/tickets?per_page=2&page=3').bearerToken(agent.token)
    assert.deepEqual(last.body().meta, {
      total: 5,
      total_capped: false,
      page: 3,
      per_page: 2,
      last_page: 3,
    })
    assert.lengthOf(last.body().data, 1)

    const beyond = await client.get('/api/v1/tickets?per_page=2&page=9').bearerToken(agent.token)
    beyond.assertStatus(200)
    assert.lengthOf(beyond.body().data, 0)

    const all = await client.get('/api/v1/tickets?sort=number').bearerToken(agent.token)
    assert.deepEqual(
      all.body().data.map((ticket: { number: string }) => ticket.number),
      ['ATUM-5', 'ATUM-4', 'ATUM-3', 'ATUM-2', 'ATUM-1']
    )
    assert.equal(all.body().meta.per_page, 25)
  })

  test('past 1,000 tickets the total is a floor: meta.total_capped', async ({ client, assert }) => {
    const { customer, agent } = await apiTeam()
    await manyTickets(customer.membership, 1010, (index) => ({
      subject: `Fuser ${index}`,
      description: 'The fuser is hot',
    }))
    const first = await client.get('/api/v1/tickets?q=fuser').bearerToken(agent.token)
    first.assertStatus(200)
    assert.deepEqual(first.body().meta, {
      total: 1000,
      total_capped: true,
      page: 1,
      per_page: 25,
      last_page: 40,
    })
    // The last page reaches one past the current while rows follow.
    const fortieth = await client.get('/api/v1/tickets?q=fuser&page=40').bearerToken(agent.token)
    assert.deepEqual(fortieth.body().meta, {
      total: 1001,
      total_capped: true,
      page: 40,
      per_page: 25,
      last_page: 41,
    })
    // Without a search, the list's last page knows its total.
    const end = await client
      .get('/api/v1/tickets?view=all&page=11&per_page=100')
      .bearerToken(agent.token)
    assert.deepEqual(end.body().meta, {
      total: 1010,
      total_capped: false,
      page: 11,
      per_page: 100,
      last_page: 11,
    })
    assert.lengthOf(end.body().data, 10)
  })

  test('filters: status, assignee (id, me, none), priority, tag, view and q', async ({
    client,
    assert,
  }) => {
    const { customer, agent, manager } = await apiTeam()
    const printer = await createTicket(customer.membership, {
      subject: 'Printer jammed',
      description: 'Paper stuck in tray two',
    })
    await createTicket(customer.membership, { subject: 'Laptop slow', description: 'Very slow' })
    await createTicket(manager.membership, {
      subject: 'Renew certificates',
      description: 'Before June',
      priority: 'urgent',
      tags: ['security'],
      source: 'desk',
    })
    let ticket = await TransitionTicket.handle(Actor.forMember(manager.membership), {
      ticket: printer,
      transition: 'accept',
    })
    ticket = await TransitionTicket.handle(Actor.forMember(manager.membership), {
      ticket,
      transition: 'assign',
      assigneeId: agent.user.id,
    })

    const numbers = async (query: string, token = agent.token) => {
      const response = await client.get(`/api/v1/tickets?${query}`).bearerToken(token)
      response.assertStatus(200)
      return response
        .body()
        .data.map((row: { number: string }) => row.number)
        .sort()
    }
    assert.deepEqual(await numbers('status=assigned'), ['ATUM-1'])
    assert.deepEqual(await numbers('status=new'), ['ATUM-2', 'ATUM-3'])
    assert.deepEqual(await numbers(`assignee=${agent.user.id}`), ['ATUM-1'])
    assert.deepEqual(await numbers('assignee=me'), ['ATUM-1'])
    assert.deepEqual(await numbers('assignee=me', manager.token), [])
    assert.deepEqual(await numbers('assignee=none'), ['ATUM-2', 'ATUM-3'])
    assert.deepEqual(await numbers('priority=urgent'), ['ATUM-3'])
    assert.deepEqual(await numbers('tag=Security'), ['ATUM-3'])
    assert.deepEqual(await numbers('view=mine'), ['ATUM-1'])
    assert.deepEqual(await numbers('view=unassigned'), ['ATUM-2', 'ATUM-3'])
    assert.deepEqual(await numbers('q=tray'), ['ATUM-1'])
    assert.deepEqual(await numbers('q=laptop&status=new'), ['ATUM-2'])
    assert.deepEqual(await numbers('q=nothingmatches'), [])
    // Customers list their own tickets only.
    assert.deepEqual(await numbers('', customer.token), ['ATUM-1', 'ATUM-2'])
    assert.deepEqual(await numbers('q=certificates', customer.token), [])

    const listed = await client.get('/api/v1/tickets?status=assigned').bearerToken(agent.token)
    assert.deepEqual(listed.body().data[0].assignee, {
      id: agent.user.id,
      full_name: agent.user.fullName,
    })
    assert.deepEqual(listed.body().data[0].requester, {
      id: customer.user.id,
      full_name: customer.user.fullName,
    })
  })

  test("never lists another organization's tickets", async ({ client, assert }) => {
    const { admin } = await apiTeam()
    await ticketsElsewhere(1, 'Borealis merger plans')
    const response = await client.get('/api/v1/tickets?q=merger').bearerToken(admin.token)
    response.assertStatus(200)
    assert.equal(response.body().meta.total, 0)
    const all = await client.get('/api/v1/tickets').bearerToken(admin.token)
    assert.notInclude(all.text(), 'Borealis')
  })

  test('bad filters answer 422 naming the field', async ({ client, assert }) => {
    const { agent } = await apiTeam()
    const response = await client
      .get('/api/v1/tickets?status=sleeping&per_page=500&page=0&sort=random')
      .bearerToken(agent.token)
    response.assertStatus(422)
    assert.sameMembers(errorFields(response), ['status', 'per_page', 'page', 'sort'])
  })
})
