import { test } from '@japa/runner'
import Ticket from '#models/ticket'
import TicketComment from '#models/ticket_comment'
import TransitionTicket from '#actions/tickets/transition_ticket'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createTeam } from '#tests/helpers/factories'
import { createTicket, manyTickets, startTicket, replyAndNote } from '#tests/helpers/tickets'
import { portalReplyForm, postForm } from '#tests/helpers/forms'
import { inputErrors } from '#tests/helpers/responses'
import Actor from '#actions/actor'

/** The team of createTeam in Acme (with these settings) and a second customer, Omar Other. */
async function team(settings: Record<string, unknown> = {}) {
  const people = await createTeam({ name: 'Acme', settings })
  const other = await createMember(people.organization, 'customer', { fullName: 'Omar Other' })
  return { ...people, other }
}

/** A ticket taken to in_progress with a public reply and an internal note. */
async function workedTicket(people: Awaited<ReturnType<typeof team>>) {
  const opened = await createTicket(people.customer.membership, {
    subject: 'Printer jammed',
    description: 'It shows **error 42**.',
  })
  const ticket = await startTicket(opened, people.manager.membership, people.agent.membership)
  await replyAndNote(
    ticket,
    people.agent.membership,
    'Cleared the jam, please try again.',
    'SECRET-NOTE: vendor contract expired'
  )
  return ticket
}

test.group('Portal: my requests', (group) => {
  isolateEachTest(group)

  test('visitors are sent to sign in', async ({ client }) => {
    const response = await client.get('/tickets').redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/login')
  })

  test('a customer sees their own requests with status badges, not other customers’', async ({
    client,
    assert,
  }) => {
    const people = await team()
    await createTicket(people.customer.membership, { subject: 'My printer' })
    await createTicket(people.other.membership, { subject: 'Someone else’s laptop' })

    const response = await client.get('/tickets').loginAs(people.customer.user)
    response.assertStatus(200)
    assert.include(response.text(), 'My printer')
    assert.include(response.text(), 'data-status="new"')
    assert.notInclude(response.text(), 'laptop')
    assert.notInclude(response.text(), 'Everyone at Acme')
  })

  test('when the organization allows it, customers may look at everyone’s requests', async ({
    client,
    assert,
  }) => {
    const people = await team({ customersSeeAllTickets: true })
    await createTicket(people.customer.membership, { subject: 'My printer' })
    await createTicket(people.other.membership, { subject: 'Shared laptop' })

    const mine = await client.get('/tickets').loginAs(people.customer.user)
    assert.notInclude(mine.text(), 'Shared laptop')
    assert.include(mine.text(), 'Everyone at Acme')

    const all = await client.get('/tickets?scope=organization').loginAs(people.customer.user)
    assert.include(all.text(), 'Shared laptop')
    assert.include(all.text(), 'from Omar Other')
    assert.include(all.text(), 'My printer')
  })

  test('staff see their own requests in the portal, not the whole desk', async ({
    client,
    assert,
  }) => {
    const people = await team()
    await createTicket(people.agent.membership, { subject: 'Agent needs a new mouse' })
    await createTicket(people.customer.membership, { subject: 'Customer printer' })

    const response = await client.get('/tickets?scope=organization').loginAs(people.agent.user)
    response.assertStatus(200)
    assert.include(response.text(), 'Agent needs a new mouse')
    assert.notInclude(response.text(), 'Customer printer')
  })

  test('the list is paginated in the database', async ({ client, assert }) => {
    const people = await team()
    for (let index = 1; index <= 23; index++) {
      await createTicket(people.customer.membership, { subject: `Request number ${index}` })
    }
    const first = await client.get('/tickets').loginAs(people.customer.user)
    assert.include(first.text(), 'Page 1 of 2')
    assert.equal(first.text().match(/data-ticket="/g)?.length, 20)
    assert.include(first.text(), 'href="/tickets?page=2"')
    const second = await client.get('/tickets?page=2').loginAs(people.customer.user)
    assert.equal(second.text().match(/data-ticket="/g)?.length, 3)
  })

  test('past 1,000 requests the pages say "1,000+" and go on', async ({ client, assert }) => {
    const people = await team()
    await manyTickets(people.customer.membership, 1001, (index) => ({
      subject: `Request number ${index}`,
      description: 'Please help',
    }))
    const first = await client.get('/tickets').loginAs(people.customer.user)
    assert.include(first.text(), 'Page 1 · 1,000+ tickets')
    assert.include(first.text(), 'href="/tickets?page=2"')
    const last = await client.get('/tickets?page=51').loginAs(people.customer.user)
    assert.include(last.text(), 'Page 51 of 51 · 1,001 tickets')
    assert.equal(last.text().match(/data-ticket="/g)?.length, 1)
  })

  test('the header links to my requests and the home cards to the pages', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const home = await client.get('/').loginAs(people.customer.user)
    assert.include(home.text(), '<a href="/tickets" class="text-sm font-medium">My requests</a>')
    assert.include(home.text(), 'href="/tickets/new"')

    const guest = await client.get('/')
    assert.notInclude(guest.text(), 'My requests</a>')
  })
})

test.group('Portal: submitting a request', (group) => {
  isolateEachTest(group)

  test('the form opens a ticket from the portal and shows it', async ({ client, assert }) => {
    const people = await team()
    const form = await client.get('/tickets/new').loginAs(people.customer.user)
    form.assertStatus(200)
    assert.include(form.text(), 'Markdown works')
    assert.include(form.text(), 'name="description"')

    const response = await postForm(client, people.customer.user, '/tickets').form({
      subject: 'Cannot print',
      description: 'The **printer** is jammed.',
      priority: 'urgent',
    })
    response.assertStatus(302)
    response.assertHeader('location', '/tickets/ATUM-1')
    response.assertFlashMessage('success', 'Thank you. Your request ATUM-1 is with our team.')

    const ticket = await Ticket.findByOrFail('organization_id', people.organization.id)
    assert.equal(ticket.source, 'portal')
    assert.equal(ticket.requesterId, people.customer.user.id)
    // Customers do not choose a priority.
    assert.equal(ticket.priority, 'normal')

    const page = await client.get('/tickets/ATUM-1').loginAs(people.customer.user)
    assert.include(page.text(), '<strong>printer</strong>')
  })

  test('a form with errors comes back filled in, and nothing is created', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const response = await postForm(client, people.customer.user, '/tickets')
      .header('referer', '/tickets/new')
      .form({ subject: 'ab', description: 'Keep this text' })
    response.assertStatus(302)
    response.assertHeader('location', '/tickets/new')
    assert.property(inputErrors(response), 'subject')
    response.assertFlashMessage('description', 'Keep this text')
    assert.lengthOf(await Ticket.all(), 0)

    const again = await client
      .get('/tickets/new')
      .loginAs(people.customer.user)
      .withFlashMessages(response.flashMessages())
    assert.include(again.text(), 'Keep this text</textarea>')
    assert.include(again.text(), 'value="ab"')
    assert.include(again.text(), 'id="field-subject-error"')
  })

  test('an account without an organization is told why', async ({ client, assert }) => {
    const { createUser } = await import('#tests/helpers/factories')
    const loner = await createUser()
    const response = await client.get('/tickets/new').loginAs(loner)
    response.assertStatus(403)
    assert.include(response.text(), 'No organization yet')
  })
})

test.group('Portal: a request and its conversation', (group) => {
  isolateEachTest(group)

  test('the requester sees the description and public replies, never an internal note', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const ticket = await workedTicket(people)

    for (const path of [`/tickets/${ticket.reference}`, `/tickets/${ticket.number}`, '/tickets']) {
      const response = await client.get(path).loginAs(people.customer.user)
      response.assertStatus(200)
      assert.notInclude(response.text(), 'SECRET-NOTE')
      assert.notInclude(response.text(), 'Internal note')
    }
    const page = await client.get(`/tickets/${ticket.reference}`).loginAs(people.customer.user)
    assert.include(page.text(), 'Printer jammed')
    assert.include(page.text(), '<strong>error 42</strong>')
    assert.include(page.text(), 'Cleared the jam, please try again.')
    assert.match(page.text(), /Alex Agent\s*<\/span>\s*<span class="badge[^"]*">Support team</)
    assert.include(page.text(), 'data-status="in_progress"')
    assert.include(page.text(), `action="/tickets/${ticket.reference}/comments"`)
  })

  test('staff looking at the portal page see no internal note either', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const ticket = await workedTicket(people)
    const page = await client.get(`/tickets/${ticket.reference}`).loginAs(people.agent.user)
    page.assertStatus(200)
    assert.notInclude(page.text(), 'SECRET-NOTE')
  })

  test('another customer’s request answers 404, unless the organization shares them', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const ticket = await createTicket(people.other.membership, { subject: 'Private matter' })
    const refused = await client.get(`/tickets/${ticket.reference}`).loginAs(people.customer.user)
    refused.assertStatus(404)
    assert.notInclude(refused.text(), 'Private matter')

    const reply = await portalReplyForm(client, people.customer.user, ticket).form({
      body: 'Let me in',
    })
    reply.assertStatus(404)
    assert.lengthOf(await TicketComment.all(), 0)

    const sharing = await team({ customersSeeAllTickets: true })
    const shared = await createTicket(sharing.other.membership, { subject: 'Shared matter' })
    const allowed = await client.get(`/tickets/${shared.reference}`).loginAs(sharing.customer.user)
    allowed.assertStatus(200)
    assert.include(allowed.text(), 'Shared matter')
  })

  test('another organization’s request answers 404', async ({ client, assert }) => {
    const people = await team()
    const elsewhere = await team()
    await createTicket(elsewhere.customer.membership, { subject: 'Elsewhere one' })
    await createTicket(elsewhere.customer.membership, { subject: 'Elsewhere two' })
    await createTicket(people.customer.membership, { subject: 'Our own one' })

    // ATUM-2 exists only in the other organization.
    const missing = await client.get('/tickets/ATUM-2').loginAs(people.customer.user)
    missing.assertStatus(404)
    // ATUM-1 exists in both: the own organization's is shown.
    const own = await client.get('/tickets/ATUM-1').loginAs(people.customer.user)
    own.assertStatus(200)
    assert.include(own.text(), 'Our own one')
    assert.notInclude(own.text(), 'Elsewhere')
  })

  test('a reply is saved as public and redirects back to the request', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const ticket = await workedTicket(people)
    const response = await portalReplyForm(client, people.customer.user, ticket).form({
      body: 'Works now, thanks!',
      internal: 'true',
    })
    response.assertStatus(302)
    response.assertHeader('location', `/tickets/${ticket.reference}`)
    response.assertFlashMessage('success', 'Reply sent.')
    const latest = await TicketComment.query().orderBy('id', 'desc').firstOrFail()
    assert.equal(latest.body, 'Works now, thanks!')
    // The portal never writes internal notes, whatever the form says.
    assert.equal(latest.visibility, 'public')
  })

  test('with htmx, a reply returns the request fragment, not a redirect', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const ticket = await workedTicket(people)
    const response = await portalReplyForm(client, people.customer.user, ticket)
      .header('HX-Request', 'true')
      .form({ body: 'Works now via htmx' })
    response.assertStatus(200)
    assert.match(response.text(), /^\s*(<!--[\s\S]*?-->\s*)?<article id="ticket"/)
    assert.notInclude(response.text(), '<html')
    assert.include(response.text(), 'Works now via htmx')
    assert.include(response.text(), 'Reply sent.')
    assert.notInclude(response.text(), 'SECRET-NOTE')
  })

  test('with htmx, an empty reply comes back with its message', async ({ client, assert }) => {
    const people = await team()
    const ticket = await workedTicket(people)
    const response = await portalReplyForm(client, people.customer.user, ticket)
      .header('HX-Request', 'true')
      .form({ body: '' })
    response.assertStatus(422)
    assert.include(response.text(), 'id="reply-body-error"')
    assert.notInclude(response.text(), '<html')
  })

  test('a resolved request says so, and a reply reopens it', async ({ client, assert }) => {
    const people = await team()
    let ticket = await workedTicket(people)
    ticket = await TransitionTicket.handle(Actor.forMember(people.agent.membership), {
      ticket,
      transition: 'resolve',
    })

    const page = await client.get(`/tickets/${ticket.reference}`).loginAs(people.customer.user)
    assert.include(page.text(), 'This request is resolved.')
    assert.include(page.text(), 'Reply below and it opens again.')
    assert.include(page.text(), 'Reply and reopen')

    const reply = await portalReplyForm(client, people.customer.user, ticket).form({
      body: 'Still broken',
    })
    reply.assertFlashMessage('success', 'Reply sent. Your request is open again.')
    await ticket.refresh()
    assert.equal(ticket.status, 'in_progress')
  })

  test('a closed request has no reply box, and a reply is refused', async ({ client, assert }) => {
    const people = await team()
    let ticket = await workedTicket(people)
    ticket = await TransitionTicket.handle(Actor.forMember(people.agent.membership), {
      ticket,
      transition: 'resolve',
    })
    ticket = await TransitionTicket.handle(Actor.forMember(people.manager.membership), {
      ticket,
      transition: 'close',
    })

    const page = await client.get(`/tickets/${ticket.reference}`).loginAs(people.customer.user)
    assert.include(page.text(), 'This request is closed.')
    assert.notInclude(page.text(), 'name="body"')

    const before = await TicketComment.query().count('* as total')
    const reply = await portalReplyForm(client, people.customer.user, ticket)
      .header('referer', `/tickets/${ticket.reference}`)
      .form({ body: 'One more thing' })
    reply.assertStatus(302)
    assert.deepEqual(inputErrors(reply), {
      body: ['This ticket is closed. Open a new one to continue.'],
    })
    const after = await TicketComment.query().count('* as total')
    assert.equal(after[0].$extras.total, before[0].$extras.total)
  })
})
