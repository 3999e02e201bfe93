import { test } from '@japa/runner'
import emitter from '@adonisjs/core/services/emitter'
import redis from '@adonisjs/redis/services/main'
import AddComment from '#actions/tickets/add_comment'
import TransitionTicket from '#actions/tickets/transition_ticket'
import UpdateTicket from '#actions/tickets/update_ticket'
import { broadcastToUser } from '#services/realtime/broadcaster'
import { broadcastsOf } from '#tests/helpers/broadcasts'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createTeam } from '#tests/helpers/factories'
import { createTicket, startTicket } from '#tests/helpers/tickets'
import { postForm } from '#tests/helpers/forms'
import Actor from '#actions/actor'

test.group('Live: what the events push, and where', (group) => {
  isolateEachTest(group)

  test('ticket events go to the desk and staff channels; the public channel hears public news only', async ({
    assert,
  }) => {
    const people = await createTeam()
    const org = people.organization.id
    let ticket = await createTicket(people.customer.membership)
    const created = await broadcastsOf(() => createTicket(people.customer.membership))
    assert.deepEqual(
      created.map((sent) => sent.channel),
      [`orgs/${org}/desk`]
    )
    assert.equal(created[0].payload.kind, 'ticket.created')

    ticket = await startTicket(ticket, people.manager.membership, people.agent.membership)
    const note = await broadcastsOf(() =>
      AddComment.handle(Actor.forMember(people.agent.membership), {
        ticket,
        body: 'Secret vendor remark',
        internal: true,
      })
    )
    assert.sameMembers(
      note.map((sent) => sent.channel),
      [`orgs/${org}/desk`, `tickets/${ticket.id}/staff`]
    )
    assert.isTrue(note.every((sent) => sent.payload.internal === true))
    assert.notInclude(JSON.stringify(note), 'Secret vendor remark')

    const reply = await broadcastsOf(() =>
      AddComment.handle(Actor.forMember(people.agent.membership), { ticket, body: 'Public answer' })
    )
    assert.sameMembers(
      reply.map((sent) => sent.channel),
      [`orgs/${org}/desk`, `tickets/${ticket.id}/staff`, `tickets/${ticket.id}/public`]
    )
    const publicReply = reply.find((sent) => sent.channel.endsWith('/public'))!
    assert.deepEqual(Object.keys(publicReply.payload).sort(), ['commentId', 'kind', 'ticketId'])
    assert.notInclude(JSON.stringify(reply), 'Public answer')

    const moved = await broadcastsOf(() =>
      TransitionTicket.handle(Actor.forMember(people.agent.membership), {
        ticket,
        transition: 'wait',
      })
    )
    assert.sameMembers(
      moved.map((sent) => sent.channel),
      [`orgs/${org}/desk`, `tickets/${ticket.id}/staff`, `tickets/${ticket.id}/public`]
    )
    assert.deepEqual(moved.find((sent) => sent.channel.endsWith('/public'))!.payload, {
      kind: 'ticket.status',
      ticketId: ticket.id,
    })

    const updated = await broadcastsOf(() =>
      UpdateTicket.handle(Actor.forMember(people.manager.membership), { ticket, tags: ['vpn'] })
    )
    assert.sameMembers(
      updated.map((sent) => sent.channel),
      [`orgs/${org}/desk`, `tickets/${ticket.id}/staff`]
    )

    // A mark of the SLA monitor reaches the ticket's pages; the inboxes hear
    // of the monitor's whole round at once.
    for (const event of ['sla:warning', 'sla:breached'] as const) {
      const sla = await broadcastsOf(() =>
        emitter.emit(event, { organizationId: org, ticketId: ticket.id, metric: 'resolution' })
      )
      assert.deepEqual(
        sla.map((sent) => sent.channel),
        [`tickets/${ticket.id}/staff`]
      )
      assert.equal(sla[0].payload.kind, event.replace(':', '.'))
    }
    const marks = [
      { ticketId: ticket.id, metric: 'resolution' as const, finding: 'warning' as const },
      { ticketId: ticket.id + 1, metric: 'first_response' as const, finding: 'breached' as const },
    ]
    const round = await broadcastsOf(() =>
      emitter.emit('sla:marked', { organizationId: org, marks })
    )
    assert.deepEqual(round, [
      { channel: `orgs/${org}/desk`, payload: { kind: 'sla.marked', tickets: marks } },
    ])

    const toUser = await broadcastsOf(() =>
      broadcastToUser(people.agent.user.id, { kind: 'notification', id: 7 })
    )
    assert.deepEqual(toUser, [
      { channel: `users/${people.agent.user.id}`, payload: { kind: 'notification', id: 7 } },
    ])
  })

  test('the live fragments: the desk gets notes, the portal public replies only, other organizations 404', async ({
    client,
    assert,
  }) => {
    const people = await createTeam()
    const other = await createTeam({ name: 'Globex' })
    const ticket = await startTicket(
      await createTicket(people.customer.membership),
      people.manager.membership,
      people.agent.membership
    )
    await AddComment.handle(Actor.forMember(people.agent.membership), {
      ticket,
      body: 'Public answer',
    })
    await AddComment.handle(Actor.forMember(people.agent.membership), {
      ticket,
      body: 'Private remark',
      internal: true,
    })

    const desk = await client
      .get(`/desk/tickets/${ticket.reference}/live`)
      .header('HX-Request', 'true')
      .loginAs(people.agent.user)
    desk.assertStatus(200)
    for (const id of ['ticket-header', 'ticket-conversation', 'ticket-actions', 'ticket-dates']) {
      assert.match(desk.text(), new RegExp(`id="${id}" hx-swap-oob=true`))
    }
    assert.include(desk.text(), 'Private remark')
    assert.notInclude(desk.text(), 'name="body"', 'the reply form is left alone')

    for (const viewer of [people.customer.user, people.agent.user]) {
      const portal = await client.get(`/tickets/${ticket.reference}/live`).loginAs(viewer)
      portal.assertStatus(200)
      assert.include(portal.text(), 'Public answer')
      assert.notInclude(portal.text(), 'Private remark')
      assert.match(portal.text(), /id="ticket-status" hx-swap-oob=true/)
    }

    const customerAtDesk = await client
      .get(`/desk/tickets/${ticket.reference}/live`)
      .loginAs(people.customer.user)
    assert.notEqual(customerAtDesk.status(), 200)
    assert.notInclude(customerAtDesk.text(), 'Private remark')
    for (const url of [
      `/desk/tickets/${ticket.reference}/live`,
      `/tickets/${ticket.reference}/live`,
    ]) {
      const response = await client.get(url).loginAs(other.admin.user)
      response.assertStatus(404)
    }
    const anotherCustomer = await createMember(people.organization, 'customer')
    const notTheirs = await client
      .get(`/tickets/${ticket.reference}/live`)
      .loginAs(anotherCustomer.user)
    notTheirs.assertStatus(404)
  })

  test('the inbox results fragment brings the counts out of band', async ({ client, assert }) => {
    const people = await createTeam()
    await createTicket(people.customer.membership, { subject: 'One' })
    await createTicket(people.customer.membership, { subject: 'Two' })
    const response = await client
      .get('/desk/tickets?view=open&page=1')
      .header('HX-Request', 'true')
      .header('HX-Target', 'ticket-results')
      .loginAs(people.agent.user)
    response.assertStatus(200)
    assert.match(
      response.text(),
      /id="inbox-count-open" hx-swap-oob="true"[^>]*>[\s\S]*?2<span class="sr-only"> tickets\)/
    )
    assert.match(response.text(), /data-ticket="ATUM-2" data-updated="\d+"/)
  })

  test('presence: heartbeats, typing, leaving; pushed on the staff channel; 404 elsewhere', async ({
    client,
    assert,
  }) => {
    const people = await createTeam()
    const other = await createTeam({ name: 'Globex' })
    const ticket = await createTicket(people.customer.membership)
    const url = `/desk/tickets/${ticket.reference}/presence`

    const first = await postForm(client, people.agent.user, url).form({})
    first.assertStatus(200)
    assert.deepEqual(first.body().viewers, [
      { id: people.agent.user.id, name: 'Alex Agent', typing: false },
    ])

    const sent = await broadcastsOf(async () => {
      const typing = await postForm(client, people.manager.user, url).form({ typing: 'true' })
      assert.deepEqual(typing.body().viewers, [
        { id: people.agent.user.id, name: 'Alex Agent', typing: false },
        { id: people.manager.user.id, name: 'Morgan Manager', typing: true },
      ])
    })
    assert.deepEqual(sent, [
      {
        channel: `tickets/${ticket.id}/staff`,
        payload: {
          kind: 'presence',
          ticketId: ticket.id,
          viewers: [
            { id: people.agent.user.id, name: 'Alex Agent', typing: false },
            { id: people.manager.user.id, name: 'Morgan Manager', typing: true },
          ],
        },
      },
    ])
    // Kept in Redis with an expiry: a closed tab without "leave" goes by itself.
    const ttl = await redis.pttl(`atum:presence:ticket:${ticket.id}:viewers`)
    assert.isAbove(ttl, 40_000)
    assert.isAtMost(ttl, 45_000)
    const score = await redis.zscore(
      `atum:presence:ticket:${ticket.id}:typing`,
      String(people.manager.user.id)
    )
    assert.isAtMost(Number(score) - Date.now(), 6_000)

    const left = await postForm(client, people.agent.user, url).form({ leave: 'true' })
    assert.deepEqual(
      left.body().viewers.map((viewer: { id: number }) => viewer.id),
      [people.manager.user.id]
    )

    // Expired entries are dropped at the next beat.
    await redis.zadd(`atum:presence:ticket:${ticket.id}:viewers`, Date.now() - 1, '999999')
    const pruned = await postForm(client, people.manager.user, url).form({})
    assert.lengthOf(pruned.body().viewers, 1)

    const outsider = await postForm(client, other.agent.user, url).form({})
    outsider.assertStatus(404)
    const customer = await postForm(client, people.customer.user, url).form({})
    assert.notEqual(customer.status(), 200)
    // The page's script asks for JSON: bad input is a 422 with the field.
    const invalid = await postForm(client, people.agent.user, url)
      .header('Accept', 'application/json')
      .form({ typing: 'maybe' })
    invalid.assertStatus(422)
    assert.equal(invalid.body().errors[0].field, 'typing')
  })
})
