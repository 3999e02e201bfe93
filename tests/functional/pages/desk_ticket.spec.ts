import { test } from '@japa/runner'
import Ticket from '#models/ticket'
import TicketComment from '#models/ticket_comment'
import AuditEvent from '#models/audit_event'
import TransitionTicket from '#actions/tickets/transition_ticket'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createTeam } from '#tests/helpers/factories'
import { createTicket, startTicket, replyAndNote } from '#tests/helpers/tickets'
import { deskForm, postForm } from '#tests/helpers/forms'
import { inputErrors } from '#tests/helpers/responses'
import Actor from '#actions/actor'

/** The team of createTeam, a second agent (Olive Agent) and a new ticket of the customer. */
async function team() {
  const people = await createTeam({ name: 'Acme' })
  const otherAgent = await createMember(people.organization, 'agent', { fullName: 'Olive Agent' })
  const ticket = await createTicket(people.customer.membership, {
    subject: 'Printer jammed',
    description: 'It shows **error 42**.',
  })
  return { ...people, otherAgent, ticket }
}

/** The ticket taken to in_progress, assigned to the agent. */
function inProgress(people: Awaited<ReturnType<typeof team>>) {
  return startTicket(people.ticket, people.manager.membership, people.agent.membership)
}

/** The lifecycle buttons a page offers. */
function buttons(html: string) {
  return [...html.matchAll(/<button type="submit" name="action" value="(\w+)"/g)].map(
    (match) => match[1]
  )
}

async function statusOf(ticket: Ticket) {
  const fresh = await Ticket.findOrFail(ticket.id)
  return fresh.status
}

test.group('Desk ticket page', (group) => {
  isolateEachTest(group)

  test('shows the description, the whole conversation with notes set apart, the requester', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const ticket = await inProgress(people)
    await replyAndNote(ticket, people.agent.membership, 'Public answer', 'Private remark')

    for (const role of ['agent', 'manager', 'admin'] as const) {
      const response = await client
        .get(`/desk/tickets/${ticket.reference}`)
        .loginAs(people[role].user)
      response.assertStatus(200)
      const html = response.text()
      assert.include(html, '<strong>error 42</strong>')
      assert.include(html, 'Public answer')
      assert.match(html, /data-visibility="internal">[\s\S]*?Internal note[\s\S]*?Private remark/)
      assert.match(html, /data-visibility="internal"/)
      assert.include(html, 'bg-sun-400/15')
      assert.include(html, 'Dana Customer')
      assert.include(html, people.customer.user.email)
      assert.include(html, 'name="internal"')
    }
  })

  test('customers cannot open the desk ticket page', async ({ client }) => {
    const people = await team()
    const response = await client
      .get(`/desk/tickets/${people.ticket.reference}`)
      .loginAs(people.customer.user)
    response.assertStatus(403)
  })

  test('another organization’s ticket answers 404 on every desk route', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const elsewhere = await team()
    await createTicket(elsewhere.customer.membership, { subject: 'Elsewhere two' })
    const get = await client.get('/desk/tickets/ATUM-2').loginAs(people.manager.user)
    get.assertStatus(404)
    for (const [path, form] of [
      ['/desk/tickets/ATUM-2/comments', { body: 'x' }],
      ['/desk/tickets/ATUM-2/transitions', { action: 'accept' }],
      ['/desk/tickets/ATUM-2/details', { priority: 'urgent' }],
    ] as const) {
      const response = await postForm(client, people.manager.user, path).form(form)
      response.assertStatus(404)
    }
    const other = await Ticket.query()
      .where('organization_id', elsewhere.organization.id)
      .where('number', 2)
      .firstOrFail()
    assert.equal(other.status, 'new')
    assert.equal(other.priority, 'normal')
  })

  test('the buttons follow the status and the role', async ({ client, assert }) => {
    const people = await team()
    const page = async (role: 'agent' | 'otherAgent' | 'manager') => {
      const response = await client
        .get(`/desk/tickets/${people.ticket.reference}`)
        .loginAs(people[role].user)
      return response.text()
    }

    assert.deepEqual(buttons(await page('manager')), ['accept'])
    assert.deepEqual(buttons(await page('agent')), [])
    assert.include(await page('agent'), 'Nothing for you to do on this ticket right now.')

    let ticket = await TransitionTicket.handle(Actor.forMember(people.manager.membership), {
      ticket: people.ticket,
      transition: 'accept',
    })
    const managerAssign = await page('manager')
    assert.deepEqual(buttons(managerAssign), ['assign'])
    assert.include(managerAssign, 'id="transition-assignee"')
    const agentAssign = await page('agent')
    assert.include(agentAssign, 'Assign to me')
    assert.include(agentAssign, `name="assignee_id" value="${people.agent.user.id}"`)

    ticket = await TransitionTicket.handle(Actor.forMember(people.manager.membership), {
      ticket,
      transition: 'assign',
      assigneeId: people.agent.user.id,
    })
    assert.deepEqual(buttons(await page('agent')), ['start'])
    assert.deepEqual(buttons(await page('otherAgent')), [])

    ticket = await TransitionTicket.handle(Actor.forMember(people.agent.membership), {
      ticket,
      transition: 'start',
    })
    assert.deepEqual(buttons(await page('agent')), ['wait', 'resolve'])

    ticket = await TransitionTicket.handle(Actor.forMember(people.agent.membership), {
      ticket,
      transition: 'resolve',
    })
    assert.deepEqual(buttons(await page('agent')), ['reopen'])
    assert.deepEqual(buttons(await page('manager')), ['reopen', 'close'])

    await TransitionTicket.handle(Actor.forMember(people.manager.membership), {
      ticket,
      transition: 'close',
    })
    const closed = await page('manager')
    assert.deepEqual(buttons(closed), [])
    assert.include(closed, 'This ticket is closed and takes no more replies.')
    assert.notInclude(closed, 'name="body"')
  })

  test('manager accepts and assigns, agent starts and resolves, manager closes (plain forms)', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const reference = people.ticket.reference
    const act = (role: 'agent' | 'manager', form: Record<string, string>) =>
      deskForm(client, people[role].user, people.ticket, 'transitions').form(form)

    const accepted = await act('manager', { action: 'accept' })
    accepted.assertStatus(302)
    accepted.assertHeader('location', `/desk/tickets/${reference}`)
    accepted.assertFlashMessage('success', 'Ticket accepted.')
    await act('manager', { action: 'assign', assignee_id: String(people.agent.user.id) })
    await act('agent', { action: 'start' })
    const resolved = await act('agent', { action: 'resolve' })
    resolved.assertFlashMessage('success', 'Ticket resolved.')
    await act('manager', { action: 'close' })

    const ticket = await Ticket.findOrFail(people.ticket.id)
    assert.equal(ticket.status, 'closed')
    assert.equal(ticket.assigneeId, people.agent.user.id)
    const trail = await AuditEvent.query()
      .where('organization_id', people.organization.id)
      .where('subject_type', 'ticket')
      .orderBy('id')
    assert.deepEqual(
      trail.map((event) => event.action),
      [
        'ticket.created',
        'ticket.accept',
        'ticket.assign',
        'ticket.start',
        'ticket.resolve',
        'ticket.close',
      ]
    )
    assert.equal(trail[1].actorId, people.manager.user.id)
  })

  test('an illegal transition shows a clear message and changes nothing', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const reference = people.ticket.reference
    const plain = await deskForm(client, people.manager.user, people.ticket, 'transitions')
      .header('referer', `/desk/tickets/${reference}`)
      .form({ action: 'resolve' })
    plain.assertStatus(302)
    plain.assertHeader('location', `/desk/tickets/${reference}`)
    assert.deepEqual(inputErrors(plain), { action: ['A new ticket cannot be resolved.'] })

    const shown = await client
      .get(`/desk/tickets/${reference}`)
      .loginAs(people.manager.user)
      .withFlashMessages(plain.flashMessages())
    assert.include(shown.text(), 'A new ticket cannot be resolved.')

    const htmx = await deskForm(client, people.manager.user, people.ticket, 'transitions')
      .header('HX-Request', 'true')
      .form({ action: 'close' })
    htmx.assertStatus(409)
    assert.match(htmx.text(), /^\s*<article id="ticket"/)
    assert.include(htmx.text(), 'A new ticket cannot be closed.')

    assert.equal(await statusOf(people.ticket), 'new')
    const moves = await AuditEvent.query()
      .where('organization_id', people.organization.id)
      .whereIn('action', ['ticket.resolve', 'ticket.close'])
    assert.lengthOf(moves, 0)
  })

  test('roles: an agent may not accept, nor start someone else’s ticket', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const accept = await deskForm(client, people.agent.user, people.ticket, 'transitions')
      .header('HX-Request', 'true')
      .form({ action: 'accept' })
    accept.assertStatus(403)
    assert.include(accept.text(), 'Your role does not allow this.')
    assert.equal(await statusOf(people.ticket), 'new')

    let ticket = await TransitionTicket.handle(Actor.forMember(people.manager.membership), {
      ticket: people.ticket,
      transition: 'accept',
    })
    // An agent may assign to themselves only.
    const toOther = await deskForm(client, people.agent.user, ticket, 'transitions').form({
      action: 'assign',
      assignee_id: String(people.otherAgent.user.id),
    })
    assert.deepEqual(inputErrors(toOther), { action: ['Your role does not allow this.'] })
    const toSelf = await deskForm(client, people.otherAgent.user, ticket, 'transitions').form({
      action: 'assign',
      assignee_id: String(people.otherAgent.user.id),
    })
    toSelf.assertFlashMessage('success', 'Ticket assigned.')

    const start = await deskForm(client, people.agent.user, ticket, 'transitions').form({
      action: 'start',
    })
    assert.deepEqual(inputErrors(start), { action: ['Your role does not allow this.'] })
    ticket = await Ticket.findOrFail(ticket.id)
    assert.equal(ticket.status, 'assigned')
    assert.equal(ticket.assigneeId, people.otherAgent.user.id)
  })

  test('assigning without choosing someone asks who', async ({ client, assert }) => {
    const people = await team()
    await TransitionTicket.handle(Actor.forMember(people.manager.membership), {
      ticket: people.ticket,
      transition: 'accept',
    })
    const response = await deskForm(client, people.manager.user, people.ticket, 'transitions')
      .header('HX-Request', 'true')
      .form({ action: 'assign', assignee_id: '' })
    response.assertStatus(422)
    assert.include(response.text(), 'Choose who the ticket is assigned to.')
    assert.include(response.text(), 'id="transition-assignee-error"')
    assert.equal(await statusOf(people.ticket), 'accepted')
  })

  test('with htmx, a transition returns the re-rendered ticket with a notice', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const response = await deskForm(client, people.manager.user, people.ticket, 'transitions')
      .header('HX-Request', 'true')
      .form({ action: 'accept' })
    response.assertStatus(200)
    assert.match(response.text(), /^\s*<article id="ticket"/)
    assert.notInclude(response.text(), '<html')
    assert.include(response.text(), 'Ticket accepted.')
    assert.include(response.text(), 'data-status="accepted"')
    assert.deepEqual(buttons(response.text()), ['assign'])
  })
})

test.group('Desk ticket page: replies and notes', (group) => {
  isolateEachTest(group)

  test('a public reply and an internal note (plain forms)', async ({ client, assert }) => {
    const people = await team()
    const ticket = await inProgress(people)
    const reply = await deskForm(client, people.agent.user, ticket, 'comments').form({
      body: 'Please try again now.',
    })
    reply.assertStatus(302)
    reply.assertHeader('location', `/desk/tickets/${ticket.reference}`)
    reply.assertFlashMessage('success', 'Reply sent to the customer.')

    const note = await deskForm(client, people.agent.user, ticket, 'comments').form({
      body: 'Toner is low too.',
      internal: 'true',
    })
    note.assertFlashMessage('success', 'Internal note added.')

    const comments = await TicketComment.query().where('ticket_id', ticket.id).orderBy('id')
    assert.deepEqual(
      comments.map((comment) => [comment.body, comment.visibility]),
      [
        ['Please try again now.', 'public'],
        ['Toner is low too.', 'internal'],
      ]
    )
    const fresh = await Ticket.findOrFail(ticket.id)
    assert.isNotNull(fresh.firstResponseAt)

    // And the customer's portal page shows the reply, never the note.
    const portal = await client.get(`/tickets/${ticket.reference}`).loginAs(people.customer.user)
    assert.include(portal.text(), 'Please try again now.')
    assert.notInclude(portal.text(), 'Toner is low too.')
  })

  test('with htmx, a note comes back in the conversation, marked internal', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const ticket = await inProgress(people)
    const response = await deskForm(client, people.manager.user, ticket, 'comments')
      .header('HX-Request', 'true')
      .form({ body: 'Only for us', internal: 'on' })
    response.assertStatus(200)
    assert.match(response.text(), /^\s*<article id="ticket"/)
    assert.include(response.text(), 'Internal note added.')
    assert.match(response.text(), /data-visibility="internal">[\s\S]*?Only for us/)
    // The reply box is empty again.
    assert.match(response.text(), /id="reply-body"[^>]*>\s*<\/textarea>/)
  })

  test('an empty reply comes back with its message; the note toggle is kept', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const ticket = await inProgress(people)
    const response = await deskForm(client, people.agent.user, ticket, 'comments')
      .header('HX-Request', 'true')
      .form({ body: '   ', internal: 'true' })
    response.assertStatus(422)
    assert.include(response.text(), 'id="reply-body-error"')
    assert.match(response.text(), /id="reply-internal"[^>]*checked/)
    assert.lengthOf(await TicketComment.all(), 0)
  })
})

test.group('Desk ticket page: details', (group) => {
  isolateEachTest(group)

  test('a manager sets priority, category, tags and reassigns', async ({ client, assert }) => {
    const people = await team()
    const ticket = await inProgress(people)
    const response = await deskForm(client, people.manager.user, ticket, 'details').form({
      priority: 'urgent',
      category: 'Hardware',
      tags: 'printer, Floor 2',
      assignee_id: String(people.otherAgent.user.id),
    })
    response.assertStatus(302)
    response.assertFlashMessage('success', 'Details saved.')
    const fresh = await Ticket.findOrFail(ticket.id)
    assert.equal(fresh.priority, 'urgent')
    assert.equal(fresh.category, 'Hardware')
    assert.deepEqual(fresh.tags, ['printer', 'floor-2'])
    assert.equal(fresh.assigneeId, people.otherAgent.user.id)

    const cleared = await deskForm(client, people.manager.user, ticket, 'details')
      .header('HX-Request', 'true')
      .form({
        priority: 'urgent',
        category: '',
        tags: '',
        assignee_id: String(people.otherAgent.user.id),
      })
    cleared.assertStatus(200)
    assert.include(cleared.text(), 'Details saved.')
    await fresh.refresh()
    assert.isNull(fresh.category)
    assert.deepEqual(fresh.tags, [])
  })

  test('an agent sets category and tags but not the priority', async ({ client, assert }) => {
    const people = await team()
    const ticket = await inProgress(people)
    const page = await client.get(`/desk/tickets/${ticket.reference}`).loginAs(people.agent.user)
    assert.notInclude(page.text(), 'id="field-priority"')
    assert.include(page.text(), '(managers set it)')

    const tags = await deskForm(client, people.agent.user, ticket, 'details').form({
      category: 'Hardware',
      tags: 'printer',
    })
    tags.assertFlashMessage('success', 'Details saved.')

    const priority = await deskForm(client, people.agent.user, ticket, 'details')
      .header('HX-Request', 'true')
      .form({ priority: 'urgent', category: 'Other' })
    priority.assertStatus(403)
    assert.include(priority.text(), 'Only managers and admins set the priority.')
    const fresh = await Ticket.findOrFail(ticket.id)
    assert.equal(fresh.priority, 'normal')
    assert.equal(fresh.category, 'Hardware')
    assert.deepEqual(fresh.tags, ['printer'])
  })

  test('an invalid priority comes back with its message, the form filled in', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const ticket = await inProgress(people)
    const response = await deskForm(client, people.manager.user, ticket, 'details')
      .header('HX-Request', 'true')
      .form({ priority: 'cosmic', category: 'Kept category', tags: 'kept' })
    response.assertStatus(422)
    assert.include(response.text(), 'id="field-priority-error"')
    assert.include(response.text(), 'value="Kept category"')
    assert.include(response.text(), 'value="kept"')
    const fresh = await Ticket.findOrFail(ticket.id)
    assert.isNull(fresh.category)
  })
})
