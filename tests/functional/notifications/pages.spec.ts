import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import AddComment from '#actions/tickets/add_comment'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTeam } from '#tests/helpers/factories'
import { createTicket, startTicket } from '#tests/helpers/tickets'
import { postForm } from '#tests/helpers/forms'
import { inputErrors } from '#tests/helpers/responses'
import { notificationsFor, readAtOf } from '#tests/helpers/notifications'
import Actor from '#actions/actor'

/** Dana's ticket, in progress with Alex, and two public replies from Alex. */
async function notifiedTeam() {
  const team = await createTeam({ name: 'Acme' })
  const opened = await createTicket(team.customer.membership, { subject: 'Printer <i>jam</i>' })
  const ticket = await startTicket(opened, team.manager.membership, team.agent.membership)
  await AddComment.handle(Actor.forMember(team.agent.membership), { ticket, body: 'First answer' })
  await AddComment.handle(Actor.forMember(team.agent.membership), { ticket, body: 'Second answer' })
  return { ...team, ticket }
}

const unreadBadge = (html: string) => /data-unread-count[^>]*>(\d+)</.exec(html)?.[1] ?? null

test.group('Notifications: the bell, the list and the preferences', (group) => {
  isolateEachTest(group)

  test('the bell shows the unread count in the portal and the desk', async ({ client, assert }) => {
    const team = await notifiedTeam()
    const portal = await client.get('/tickets').loginAs(team.customer.user)
    portal.assertStatus(200)
    assert.equal(unreadBadge(portal.text()), '2')
    assert.include(portal.text(), 'aria-label="Notifications, 2 unread"')

    // The manager got ticket_created only; the agent ticket_created and ticket_assigned.
    const desk = await client.get('/desk').loginAs(team.agent.user)
    desk.assertStatus(200)
    assert.equal(unreadBadge(desk.text()), '2')
    const none = await client.get('/desk').loginAs(team.manager.user)
    assert.equal(unreadBadge(none.text()), '1')
  })

  test('the list shows what happened, escaped, newest first', async ({ client, assert }) => {
    const team = await notifiedTeam()
    const response = await client.get('/notifications').loginAs(team.customer.user)
    response.assertStatus(200)
    const html = response.text()
    assert.include(html, `Alex Agent answered your request ${team.ticket.reference}`)
    assert.include(html, 'Printer &lt;i&gt;jam&lt;/i&gt;')
    assert.notInclude(html, '<i>jam</i>')
    assert.include(html, '2 unread notifications.')
  })

  test('mark one read (plain form and htmx), then all', async ({ client, assert }) => {
    const team = await notifiedTeam()
    const [first, second] = await notificationsFor(team.customer.user)

    const plain = await postForm(client, team.customer.user, `/notifications/${first.id}/read`)
    plain.assertStatus(302)
    plain.assertHeader('location', '/notifications')
    const row = await db.from('notifications').where('id', first.id).first()
    assert.isNotNull(row.read_at)

    const page = await client.get('/tickets').loginAs(team.customer.user)
    assert.equal(unreadBadge(page.text()), '1')

    const htmx = await postForm(
      client,
      team.customer.user,
      `/notifications/${second.id}/read`
    ).header('HX-Request', 'true')
    htmx.assertStatus(200)
    assert.include(htmx.text(), 'id="notifications"')
    assert.include(htmx.text(), 'hx-swap-oob="true"')
    assert.include(htmx.text(), 'Nothing unread.')
    assert.isNull(unreadBadge(htmx.text()))

    await AddComment.handle(Actor.forMember(team.agent.membership), {
      ticket: team.ticket,
      body: 'Third',
    })
    await AddComment.handle(Actor.forMember(team.agent.membership), {
      ticket: team.ticket,
      body: 'Fourth',
    })
    const all = await postForm(client, team.customer.user, '/notifications/read')
    all.assertStatus(302)
    const unread = await db
      .from('notifications')
      .where('user_id', team.customer.user.id)
      .whereNull('read_at')
    assert.lengthOf(unread, 0)
    // Staff notifications of the same ticket are untouched.
    const agentUnread = await db
      .from('notifications')
      .where('user_id', team.agent.user.id)
      .whereNull('read_at')
    assert.isNotEmpty(agentUnread)
  })

  test('opening goes to the ticket where the person sees it, and marks it read', async ({
    client,
    assert,
  }) => {
    const team = await notifiedTeam()
    const [forCustomer] = await notificationsFor(team.customer.user)
    const open = await postForm(client, team.customer.user, `/notifications/${forCustomer.id}/open`)
    open.assertStatus(302)
    open.assertHeader('location', `/tickets/${team.ticket.reference}`)
    assert.isNotNull(await readAtOf(forCustomer.id))

    const [forAgent] = await notificationsFor(team.agent.user)
    const desk = await postForm(client, team.agent.user, `/notifications/${forAgent.id}/open`)
    desk.assertHeader('location', `/desk/tickets/${team.ticket.reference}`)
  })

  test("another person's or organization's notification is a 404 and stays unread", async ({
    client,
    assert,
  }) => {
    const team = await notifiedTeam()
    const other = await notifiedTeam()
    const [theirs] = await notificationsFor(other.customer.user)
    const [colleagues] = await notificationsFor(team.agent.user)

    for (const [user, id] of [
      [team.customer.user, theirs.id],
      [team.admin.user, theirs.id],
      [team.manager.user, colleagues.id],
    ] as const) {
      for (const action of ['read', 'open']) {
        const response = await postForm(client, user, `/notifications/${id}/${action}`)
        response.assertStatus(404)
      }
    }
    await postForm(client, team.customer.user, '/notifications/read')
    for (const id of [theirs.id, colleagues.id]) {
      assert.isNull(await readAtOf(id))
    }
    const list = await client.get('/notifications').loginAs(team.customer.user)
    assert.notInclude(list.text(), `data-notification="${theirs.id}"`)
  })

  test('a staff member sees only the current organization’s notifications', async ({
    client,
    assert,
  }) => {
    const team = await notifiedTeam()
    const other = await createTeam()
    await db.table('memberships').insert({
      user_id: team.agent.user.id,
      organization_id: other.organization.id,
      role: 'agent',
      created_at: new Date(),
      updated_at: new Date(),
    })
    await createTicket(other.customer.membership, { subject: 'Elsewhere ticket' })
    const [, , elsewhere] = await notificationsFor(team.agent.user)
    assert.equal(elsewhere.organizationId, other.organization.id)

    const list = await client.get('/notifications').loginAs(team.agent.user)
    assert.notInclude(list.text(), 'Elsewhere ticket')
    const response = await postForm(client, team.agent.user, `/notifications/${elsewhere.id}/read`)
    response.assertStatus(404)
  })

  test('visitors are sent to sign in', async ({ client }) => {
    const response = await client.get('/notifications').redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/login')
  })

  test('preferences: staff and customers choose which kinds mail them', async ({
    client,
    assert,
  }) => {
    const team = await createTeam()
    const customerPage = await client.get('/profile/notifications').loginAs(team.customer.user)
    customerPage.assertStatus(200)
    assert.include(customerPage.text(), 'name="email[staff_replied]"')
    assert.notInclude(customerPage.text(), 'email[ticket_created]', 'no staff kinds for customers')

    const staffPage = await client.get('/profile/notifications').loginAs(team.agent.user)
    assert.include(staffPage.text(), 'name="email[ticket_created]"')
    assert.match(staffPage.text(), /name="email\[ticket_created\]" value="on"[^>]*checked/)

    const save = await postForm(client, team.agent.user, '/profile/notifications').form({
      'offered': ['ticket_created', 'ticket_assigned'],
      'email[ticket_assigned]': 'on',
    })
    save.assertStatus(302)
    save.assertHeader('location', '/profile/notifications')
    const rows = await db
      .from('notification_preferences')
      .where('user_id', team.agent.user.id)
      .orderBy('kind')
    assert.deepEqual(
      rows.map((row) => [row.kind, row.email]),
      [
        ['ticket_assigned', true],
        ['ticket_created', false],
      ]
    )

    // New tickets no longer mail the agent, but still show in the bell.
    await createTicket(team.customer.membership)
    const [created] = await notificationsFor(team.agent.user)
    assert.equal(created.kind, 'ticket_created')
    assert.isFalse(created.mailed)

    const bad = await postForm(client, team.agent.user, '/profile/notifications')
      .header('Referer', '/profile/notifications')
      .form({ 'offered': ['ticket_assigned'], 'email[ticket_assigned]': 'maybe' })
    bad.assertStatus(302)
    assert.isNotEmpty(inputErrors(bad)['email.ticket_assigned'])
    const unchanged = await db
      .from('notification_preferences')
      .where('user_id', team.agent.user.id)
      .where('kind', 'ticket_assigned')
      .first()
    assert.isTrue(unchanged.email)
  })
})
