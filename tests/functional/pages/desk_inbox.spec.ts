import { test } from '@japa/runner'
import Ticket from '#models/ticket'
import AddComment from '#actions/tickets/add_comment'
import TransitionTicket from '#actions/tickets/transition_ticket'
import UpdateTicket from '#actions/tickets/update_ticket'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTeam } from '#tests/helpers/factories'
import { createTicket, manyTickets } from '#tests/helpers/tickets'
import { postForm } from '#tests/helpers/forms'
import { inputErrors } from '#tests/helpers/responses'
import Actor from '#actions/actor'

/** References listed on an inbox page, in order. */
function listed(html: string) {
  return [...html.matchAll(/data-ticket="(ATUM-\d+)"/g)].map((match) => match[1])
}

function countOf(html: string, view: string) {
  const match = new RegExp(`data-count="${view}"><span class="sr-only">\\(</span>(\\d+)`).exec(html)
  return match ? Number(match[1]) : null
}

/**
 * ATUM-1 new · ATUM-2 accepted · ATUM-3 assigned to the agent, in progress
 * (urgent, tagged "printer") · ATUM-4 waiting on the customer · ATUM-5
 * resolved.
 */
async function inbox() {
  const people = await createTeam({ name: 'Acme' })
  const { customer, agent, manager } = people
  const tickets: Ticket[] = []
  for (const subject of [
    'Fresh one',
    'Accepted one',
    'Printer on fire',
    'Waiting one',
    'Done one',
  ]) {
    tickets.push(
      await createTicket(customer.membership, { subject, description: `About ${subject}` })
    )
  }
  const walk = async (ticket: Ticket, steps: string[]) => {
    let current = ticket
    for (const step of steps) {
      current = await TransitionTicket.handle(
        Actor.forMember(
          step === 'accept' || step === 'assign' ? manager.membership : agent.membership
        ),
        { ticket: current, transition: step as any, assigneeId: agent.user.id }
      )
    }
    return current
  }
  await walk(tickets[1], ['accept'])
  await walk(tickets[2], ['accept', 'assign', 'start'])
  await UpdateTicket.handle(Actor.forMember(manager.membership), {
    ticket: tickets[2],
    priority: 'urgent',
    tags: ['printer'],
  })
  await walk(tickets[3], ['accept', 'assign', 'start', 'wait'])
  await walk(tickets[4], ['accept', 'assign', 'start', 'resolve'])
  return { ...people, tickets }
}

test.group('Desk inbox', (group) => {
  isolateEachTest(group)

  test('customers are refused the desk inbox', async ({ client }) => {
    const { customer } = await createTeam({ name: 'Acme' })
    const response = await client.get('/desk/tickets').loginAs(customer.user)
    response.assertStatus(403)
  })

  test('views are tabs with counts; open tickets by default', async ({ client, assert }) => {
    const { agent } = await inbox()
    const response = await client.get('/desk/tickets').loginAs(agent.user)
    response.assertStatus(200)
    const html = response.text()
    assert.deepEqual(
      {
        unassigned: countOf(html, 'unassigned'),
        mine: countOf(html, 'mine'),
        open: countOf(html, 'open'),
        waiting: countOf(html, 'waiting'),
        resolved: countOf(html, 'resolved'),
        all: countOf(html, 'all'),
      },
      { unassigned: 1, mine: 2, open: 4, waiting: 1, resolved: 1, all: 5 }
    )
    assert.include(html, 'aria-current="page" data-view="open"')
    assert.sameMembers(listed(html), ['ATUM-1', 'ATUM-2', 'ATUM-3', 'ATUM-4'])
  })

  test('each view lists its tickets', async ({ client, assert }) => {
    const { agent } = await inbox()
    const expected: Record<string, string[]> = {
      unassigned: ['ATUM-1'],
      mine: ['ATUM-3', 'ATUM-4'],
      waiting: ['ATUM-4'],
      resolved: ['ATUM-5'],
      all: ['ATUM-1', 'ATUM-2', 'ATUM-3', 'ATUM-4', 'ATUM-5'],
    }
    for (const [view, references] of Object.entries(expected)) {
      const response = await client.get(`/desk/tickets?view=${view}`).loginAs(agent.user)
      assert.sameMembers(listed(response.text()), references, view)
    }
  })

  test('filters: status, priority, assignee (me, none, someone), tag', async ({
    client,
    assert,
  }) => {
    const { agent, manager } = await inbox()
    const cases: Array<[string, string[]]> = [
      ['view=all&status=accepted', ['ATUM-2']],
      ['view=all&priority=urgent', ['ATUM-3']],
      ['view=all&assignee=me', ['ATUM-3', 'ATUM-4', 'ATUM-5']],
      ['view=all&assignee=none', ['ATUM-1', 'ATUM-2']],
      [`view=all&assignee=${agent.user.id}`, ['ATUM-3', 'ATUM-4', 'ATUM-5']],
      ['view=all&tag=Printer', ['ATUM-3']],
    ]
    for (const [query, references] of cases) {
      const response = await client.get(`/desk/tickets?${query}`).loginAs(agent.user)
      assert.sameMembers(listed(response.text()), references, query)
    }
    const managerMine = await client.get('/desk/tickets?view=all&assignee=me').loginAs(manager.user)
    assert.deepEqual(listed(managerMine.text()), [])
    assert.include(managerMine.text(), 'Nothing matches.')
  })

  test('sort by number and by priority', async ({ client, assert }) => {
    const { agent } = await inbox()
    const byNumber = await client.get('/desk/tickets?view=all&sort=number').loginAs(agent.user)
    assert.deepEqual(listed(byNumber.text()), ['ATUM-5', 'ATUM-4', 'ATUM-3', 'ATUM-2', 'ATUM-1'])
    const byPriority = await client.get('/desk/tickets?view=all&sort=priority').loginAs(agent.user)
    assert.equal(listed(byPriority.text())[0], 'ATUM-3')
    assert.include(byPriority.text(), '<option value="priority" selected>')
  })

  test('pages come from the database, with previous and next links keeping the filters', async ({
    client,
    assert,
  }) => {
    const { customer, agent } = await createTeam({ name: 'Acme' })
    for (let index = 1; index <= 27; index++) {
      await createTicket(customer.membership, { subject: `Request ${index}` })
    }
    const first = await client.get('/desk/tickets?view=all&sort=number').loginAs(agent.user)
    assert.lengthOf(listed(first.text()), 25)
    assert.include(first.text(), 'Page 1 of 2')
    assert.include(first.text(), 'href="/desk/tickets?view=all&amp;sort=number&amp;page=2"')
    const second = await client.get('/desk/tickets?view=all&sort=number&page=2').loginAs(agent.user)
    assert.deepEqual(listed(second.text()), ['ATUM-2', 'ATUM-1'])
  })

  test('search ranks results and marks the matched words; notes are found by staff', async ({
    client,
    assert,
  }) => {
    const { customer, agent, organization } = await createTeam({ name: 'Acme' })
    const inSubject = await createTicket(customer.membership, {
      subject: 'Toner cartridge empty',
      description: 'The toner ran out again',
    })
    const inReply = await createTicket(customer.membership, {
      subject: 'Paper tray',
      description: 'The tray squeaks',
    })
    await AddComment.handle(Actor.forMember(agent.membership), {
      ticket: inReply,
      body: 'Ordered new toner as well',
    })
    const inNote = await createTicket(customer.membership, {
      subject: 'Scanner',
      description: 'Scanner is slow',
    })
    await AddComment.handle(Actor.forMember(agent.membership), {
      ticket: inNote,
      body: 'Vendor says the toner contract lapsed',
      internal: true,
    })
    await createTicket(customer.membership, { subject: 'Unrelated', description: 'Nothing here' })

    const response = await client.get('/desk/tickets?q=toner').loginAs(agent.user)
    const html = response.text()
    assert.equal(listed(html)[0], inSubject.reference)
    assert.sameMembers(listed(html), [inSubject.reference, inReply.reference, inNote.reference])
    assert.include(html, '3 tickets matching “toner”, best match first')
    assert.include(html, '<mark class="rounded-sm bg-sun-200 px-0.5 text-nile-950">toner</mark>')
    assert.include(html, 'Ordered new')
    // The snippet from an internal note says where it comes from.
    assert.match(html, /data-snippet>\s*<span class="badge[^"]*">Internal note<\/span>/)
    assert.equal(organization.id, inNote.organizationId)
  })

  test('past 1,000 matches the results say "1,000+" and page on', async ({ client, assert }) => {
    const { customer, agent } = await createTeam({ name: 'Acme' })
    await manyTickets(customer.membership, 1001, (index) => ({
      subject: `Fuser ${index}`,
      description: 'The fuser is hot',
    }))
    const response = await client.get('/desk/tickets?q=fuser').loginAs(agent.user)
    const html = response.text()
    assert.include(html, '1,000+ tickets matching “fuser”, best match first among the most recent')
    assert.include(html, 'data-total-capped="true"')
    assert.include(html, 'Page 1 · 1,000+ tickets')
    assert.lengthOf(listed(html), 25)
    assert.match(html, /href="\/desk\/tickets\?[^"]*q=fuser[^"]*&amp;page=2" rel="next"/)

    const exact = await client.get('/desk/tickets?q=fuser&page=41').loginAs(agent.user)
    assert.lengthOf(listed(exact.text()), 1)
  })

  test('a filter value that does not fit is ignored with a note, not a crash', async ({
    client,
    assert,
  }) => {
    const { agent } = await inbox()
    const response = await client
      .get('/desk/tickets?view=all&status=exploded&priority=urgent')
      .loginAs(agent.user)
    response.assertStatus(200)
    assert.include(response.text(), 'A filter in the address was not understood and is ignored.')
    assert.deepEqual(listed(response.text()), ['ATUM-3'])
  })

  test('with htmx, the filter form gets the results fragment and the tabs the inbox', async ({
    client,
    assert,
  }) => {
    const { agent } = await inbox()
    const results = await client
      .get('/desk/tickets?view=all&priority=urgent')
      .loginAs(agent.user)
      .header('HX-Request', 'true')
      .header('HX-Target', 'ticket-results')
    results.assertStatus(200)
    assert.match(results.text(), /^\s*<div id="ticket-results"/)
    assert.notInclude(results.text(), '<html')
    assert.notInclude(results.text(), 'Inbox views')
    assert.deepEqual(listed(results.text()), ['ATUM-3'])

    const tab = await client
      .get('/desk/tickets?view=waiting')
      .loginAs(agent.user)
      .header('HX-Request', 'true')
      .header('HX-Target', 'inbox')
    assert.match(tab.text(), /^\s*<div id="inbox"/)
    assert.include(tab.text(), 'Inbox views')
    assert.deepEqual(listed(tab.text()), ['ATUM-4'])
  })

  test('the inbox of another organization is never shown', async ({ client, assert }) => {
    const { agent } = await inbox()
    const elsewhere = await createTeam({ name: 'Acme' })
    await createTicket(elsewhere.customer.membership, { subject: 'Elsewhere secret' })
    const response = await client.get('/desk/tickets?view=all&q=secret').loginAs(agent.user)
    assert.notInclude(response.text(), 'Elsewhere secret')
    const all = await client.get('/desk/tickets?view=all').loginAs(agent.user)
    assert.notInclude(all.text(), 'Elsewhere secret')
  })
})

test.group('Desk: opening a ticket', (group) => {
  isolateEachTest(group)

  test('staff open a ticket from the desk, with themselves as requester', async ({
    client,
    assert,
  }) => {
    const { manager, organization } = await createTeam({ name: 'Acme' })
    const form = await client.get('/desk/tickets/new').loginAs(manager.user)
    form.assertStatus(200)
    assert.include(form.text(), 'name="priority"')

    const response = await postForm(client, manager.user, '/desk/tickets').form({
      subject: 'Replace the router',
      description: 'Before Friday',
      priority: 'high',
      category: 'Network',
      tags: 'router, Floor 2',
    })
    response.assertStatus(302)
    response.assertHeader('location', '/desk/tickets/ATUM-1')
    const ticket = await Ticket.findByOrFail('organization_id', organization.id)
    assert.equal(ticket.source, 'desk')
    assert.equal(ticket.requesterId, manager.user.id)
    assert.equal(ticket.priority, 'high')
    assert.equal(ticket.category, 'Network')
    assert.deepEqual(ticket.tags, ['router', 'floor-2'])
  })

  test('errors bring the form back filled in', async ({ client, assert }) => {
    const { agent } = await createTeam({ name: 'Acme' })
    const response = await postForm(client, agent.user, '/desk/tickets')
      .header('referer', '/desk/tickets/new')
      .form({ subject: 'Replace the router', description: '', priority: 'cosmic', tags: 'a, b' })
    response.assertStatus(302)
    response.assertHeader('location', '/desk/tickets/new')
    assert.properties(inputErrors(response), ['description', 'priority'])
    assert.lengthOf(await Ticket.all(), 0)

    const again = await client
      .get('/desk/tickets/new')
      .loginAs(agent.user)
      .withFlashMessages(response.flashMessages())
    assert.include(again.text(), 'value="Replace the router"')
    assert.include(again.text(), 'value="a, b"')
    assert.include(again.text(), 'id="field-description-error"')
  })

  test('customers cannot open desk tickets', async ({ client, assert }) => {
    const { customer } = await createTeam({ name: 'Acme' })
    const response = await postForm(client, customer.user, '/desk/tickets').form({
      subject: 'Sneaky',
      description: 'Via the desk',
    })
    response.assertStatus(403)
    assert.lengthOf(await Ticket.all(), 0)
  })
})

test.group('Desk dashboard', (group) => {
  isolateEachTest(group)

  test('shows ticket counts and a bar chart of tickets by status', async ({ client, assert }) => {
    const { agent } = await inbox()
    const response = await client.get('/desk').loginAs(agent.user)
    response.assertStatus(200)
    const html = response.text()
    const card = (key: string) =>
      Number(
        new RegExp(`data-count="${key}">[\\s\\S]*?text-3xl font-bold">(\\d+)<`).exec(html)?.[1]
      )
    assert.deepEqual(
      {
        open: card('open'),
        unassigned: card('unassigned'),
        mine: card('mine'),
        waiting: card('waiting'),
      },
      { open: 4, unassigned: 1, mine: 2, waiting: 1 }
    )
    assert.include(html, 'Tickets by status')
    for (const status of ['new', 'accepted', 'in_progress', 'waiting_customer', 'resolved']) {
      assert.match(html, new RegExp(`data-status-bar="${status}"[\\s\\S]*?tabular-nums">1<`))
    }
    assert.match(html, /data-status-bar="closed"[\s\S]*?tabular-nums">0</)
    assert.include(html, 'href="/desk/tickets"')
  })
})
