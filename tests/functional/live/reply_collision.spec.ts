import { test } from '@japa/runner'
import TicketComment from '#models/ticket_comment'
import AddComment from '#actions/tickets/add_comment'
import { isolateEachTest } from '#tests/helpers/isolation'
import { apiTeam } from '#tests/helpers/api'
import { createMember } from '#tests/helpers/factories'
import { createTicket, startTicket } from '#tests/helpers/tickets'
import { deskForm } from '#tests/helpers/forms'
import Actor from '#actions/actor'

/** The team, a second agent (Olive Agent), a ticket in progress with one reply of Alex. */
async function scene() {
  const people = await apiTeam()
  const olive = await createMember(people.organization, 'agent', { fullName: 'Olive Agent' })
  const ticket = await startTicket(
    await createTicket(people.customer.membership),
    people.manager.membership,
    people.agent.membership
  )
  const seen = await AddComment.handle(Actor.forMember(people.agent.membership), {
    ticket,
    body: 'First answer',
  })
  return { ...people, olive, ticket, seen }
}

async function commentCount(ticketId: number) {
  const row = await TicketComment.query()
    .where('ticket_id', ticketId)
    .count('* as total')
    .firstOrFail()
  return Number(row.$extras.total)
}

test.group('Live: a reply written while others replied', (group) => {
  isolateEachTest(group)

  test('the desk form (htmx) holds the reply back with a warning, keeps it, and sends anyway', async ({
    client,
    assert,
  }) => {
    const { agent, olive, ticket, seen } = await scene()
    // The desk page carries the newest comment it shows.
    const page = await client.get(`/desk/tickets/${ticket.reference}`).loginAs(agent.user)
    assert.include(page.text(), `name="last_seen_comment_id" value="${seen.id}"`)

    const newer = await AddComment.handle(Actor.forMember(olive.membership), {
      ticket,
      body: 'Olive was faster',
      internal: true,
    })
    const before = await commentCount(ticket.id)
    const held = await deskForm(client, agent.user, ticket, 'comments')
      .header('HX-Request', 'true')
      .form({ body: 'My late answer', last_seen_comment_id: String(seen.id) })
    held.assertStatus(409)
    const html = held.text()
    assert.match(html, /data-collision>[\s\S]*Olive Agent wrote a reply after the last one you saw/)
    assert.include(html, '>My late answer</textarea>')
    assert.include(html, 'Olive was faster')
    assert.include(html, `name="last_seen_comment_id" value="${newer.id}"`)
    assert.include(html, '>Send anyway</button>')
    assert.equal(await commentCount(ticket.id), before)

    const sent = await deskForm(client, agent.user, ticket, 'comments')
      .header('HX-Request', 'true')
      .form({ body: 'My late answer', last_seen_comment_id: String(newer.id) })
    sent.assertStatus(200)
    assert.include(sent.text(), 'Reply sent to the customer.')
    assert.equal(await commentCount(ticket.id), before + 1)
  })

  test('own comments since, or none, do not hold a reply back; without JavaScript the form comes back', async ({
    client,
    assert,
  }) => {
    const { agent, olive, ticket, seen } = await scene()
    const mine = await AddComment.handle(Actor.forMember(agent.membership), {
      ticket,
      body: 'Me again',
    })
    const ok = await deskForm(client, agent.user, ticket, 'comments').form({
      body: 'And once more',
      last_seen_comment_id: String(seen.id),
    })
    ok.assertStatus(302)
    assert.equal(ok.header('location'), `/desk/tickets/${ticket.reference}`)

    await AddComment.handle(Actor.forMember(olive.membership), { ticket, body: 'From Olive' })
    const back = await deskForm(client, agent.user, ticket, 'comments').form({
      body: 'Plain form reply',
      last_seen_comment_id: String(mine.id),
    })
    back.assertStatus(302)
    const flashed = back.flashMessages() as {
      inputErrorsBag?: Record<string, string[]>
      body?: string
    }
    assert.match(flashed.inputErrorsBag!.last_seen_comment_id[0], /Olive Agent wrote a reply/)
    assert.equal(flashed.body, 'Plain form reply')
    const last = await TicketComment.query()
      .where('ticket_id', ticket.id)
      .orderBy('id', 'desc')
      .firstOrFail()
    assert.equal(last.body, 'From Olive')
  })

  test('the API checks only when last_seen_comment_id is given; a customer is held back by public replies only', async ({
    client,
    assert,
  }) => {
    const { agent, customer, olive, ticket, seen } = await scene()
    const url = `/api/v1/tickets/${ticket.reference}/comments`
    await AddComment.handle(Actor.forMember(olive.membership), {
      ticket,
      body: 'Internal remark',
      internal: true,
    })

    const unchecked = await client.post(url).bearerToken(agent.token).json({ body: 'No check' })
    unchecked.assertStatus(201)

    const held = await client
      .post(url)
      .bearerToken(agent.token)
      .json({ body: 'Checked', last_seen_comment_id: seen.id })
    held.assertStatus(409)
    assert.deepEqual(held.body().errors[0].field, 'last_seen_comment_id')
    assert.match(held.body().errors[0].message, /Olive Agent wrote a reply/)

    // The customer never saw the internal note and is not told of it.
    const byCustomer = await client
      .post(url)
      .bearerToken(customer.token)
      .json({ body: 'Customer reply', last_seen_comment_id: seen.id + 2 })
    byCustomer.assertStatus(201)
    const heldCustomer = await client
      .post(url)
      .bearerToken(customer.token)
      .json({ body: 'Customer reply', last_seen_comment_id: seen.id })
    heldCustomer.assertStatus(409)
    assert.notInclude(JSON.stringify(heldCustomer.body()), 'Olive')
    assert.match(heldCustomer.body().errors[0].message, /Alex Agent wrote a reply/)

    const invalid = await client
      .post(url)
      .bearerToken(agent.token)
      .json({ body: 'x', last_seen_comment_id: 'yesterday' })
    invalid.assertStatus(422)
    assert.equal(invalid.body().errors[0].field, 'last_seen_comment_id')
  })
})
