import { test } from '@japa/runner'
import router from '@adonisjs/core/services/router'
import AuditEvent from '#models/audit_event'
import type Organization from '#models/organization'
import UpdateTicket from '#actions/tickets/update_ticket'
import { appendAuditEvent } from '#services/audit/audit_trail'
import { formatTime } from '#presenters/audit_presentation'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createOrganization } from '#tests/helpers/factories'
import { createTicket } from '#tests/helpers/tickets'
import { breakChainHead, runTicketLifecycle } from '#tests/helpers/audit'
import Actor from '#actions/actor'

/** The audit event ids a page lists, in the order shown. */
function listedIds(html: string) {
  return [...html.matchAll(/<tr[^>]*data-audit-event="(\d+)"/g)].map((match) => Number(match[1]))
}

async function idsOf(organization: Organization, where: (query: any) => void = () => {}) {
  const query = AuditEvent.query().where('organization_id', organization.id).orderBy('id', 'desc')
  where(query)
  const events = await query
  return events.map((event) => Number(event.id))
}

test.group('Desk: the audit trail page', (group) => {
  isolateEachTest(group)

  test('admins see their organization’s trail, newest first, never another’s', async ({
    client,
    assert,
  }) => {
    const acme = await createOrganization()
    const globex = await createOrganization()
    const { user: admin } = await createMember(acme, 'admin')
    const { agent } = await runTicketLifecycle(acme)
    await runTicketLifecycle(globex, 'Globex-only secret subject')

    const page = await client.get('/desk/audit').loginAs(admin)
    page.assertStatus(200)
    const html = page.text()
    assert.deepEqual(listedIds(html), await idsOf(acme))
    assert.include(html, 'Ticket accepted')
    assert.include(html, 'Internal note')
    assert.include(html, agent.user.fullName)
    assert.include(html, '203.0.113.7')
    assert.include(html, 'ATUM-1')
    assert.notInclude(html, 'Globex-only secret subject')
    for (const id of await idsOf(globex)) {
      assert.notInclude(html, `data-audit-event="${id}"`)
    }

    // The subject filter of another organization's ticket number finds only ours.
    const filtered = await client.get('/desk/audit?subject=ATUM-1').loginAs(admin)
    assert.notInclude(filtered.text(), 'Globex-only secret subject')
    assert.deepEqual(listedIds(filtered.text()), await idsOf(acme))
  })

  test('rows read as words: before → after, names, escaped text, the viewer’s time zone', async ({
    client,
    assert,
  }) => {
    const organization = await createOrganization()
    const { user: admin } = await createMember(organization, 'admin', { timeZone: 'Asia/Tokyo' })
    const { user: customerUser, membership: customer } = await createMember(
      organization,
      'customer'
    )
    const { user: managerUser, membership: manager } = await createMember(organization, 'manager')
    const { user: agent } = await createMember(organization, 'agent')
    const ticket = await createTicket(customer, { subject: '<script>alert("x")</script> broken' })
    await UpdateTicket.handle(
      new Actor({ user: managerUser, membership: manager, ip: '198.51.100.4' }),
      { ticket, priority: 'urgent', assigneeId: agent.id }
    )
    await appendAuditEvent(
      {
        organizationId: organization.id,
        action: 'plugin.enabled',
        subjectType: 'plugin',
        subjectId: 'kb',
      },
      Actor.system()
    )

    const page = await client.get('/desk/audit').loginAs(admin)
    page.assertStatus(200)
    const html = page.text()
    assert.notInclude(html, '<script>alert')
    assert.include(html, '&lt;script&gt;alert')
    assert.include(html, 'Ticket details changed')
    assert.match(html, /normal<\/del>\s*<span aria-hidden="true">→<\/span>/)
    assert.include(html, 'urgent</ins>')
    assert.include(html, `${agent.fullName}</ins>`, 'the assignee by name')
    assert.include(html, managerUser.fullName)
    assert.include(html, customerUser.fullName, 'the ticket was opened by its requester')
    assert.include(html, 'System', 'the plugin was switched on by the system actor')

    const event = await AuditEvent.query()
      .where('organization_id', organization.id)
      .where('action', 'ticket.updated')
      .firstOrFail()
    assert.include(html, formatTime(event.createdAt, 'Asia/Tokyo'))
    assert.include(html, 'Times are in Asia/Tokyo')

    if (router.match('/desk/tickets/1', 'GET')) {
      assert.include(html, `href="/desk/tickets/${ticket.number}"`)
    }
  })

  test('filters: action or group, actor, subject, dates', async ({ client, assert }) => {
    const organization = await createOrganization()
    const { user: admin } = await createMember(organization, 'admin')
    const { manager } = await runTicketLifecycle(organization)
    const { membership: customer } = await createMember(organization, 'customer')
    await createTicket(customer, { subject: 'Second ticket' })
    await appendAuditEvent(
      {
        organizationId: organization.id,
        action: 'plugin.enabled',
        subjectType: 'plugin',
        subjectId: 'kb',
      },
      Actor.system()
    )
    const get = async (query: string) => {
      const response = await client.get(`/desk/audit?${query}`).loginAs(admin)
      response.assertStatus(200)
      return listedIds(response.text())
    }

    assert.deepEqual(
      await get('action=ticket.accept'),
      await idsOf(organization, (query) => query.where('action', 'ticket.accept'))
    )
    const ticketIds = await idsOf(organization, (query) => query.whereLike('action', 'ticket.%'))
    assert.lengthOf(ticketIds, 9)
    assert.deepEqual(await get('action=ticket.*'), ticketIds)
    assert.deepEqual(
      await get('action=plugin.*'),
      await idsOf(organization, (query) => query.where('subject_type', 'plugin'))
    )

    const byManager = await idsOf(organization, (query) => query.where('actor_id', manager.user.id))
    assert.lengthOf(byManager, 3)
    assert.deepEqual(await get(`actor=${encodeURIComponent(manager.user.fullName)}`), byManager)
    assert.deepEqual(
      await get(`actor=${encodeURIComponent(manager.user.email.toUpperCase())}`),
      byManager
    )
    assert.deepEqual(
      await get('actor=system'),
      await idsOf(organization, (query) => query.whereNull('actor_id'))
    )

    const ticketTwo = await idsOf(organization, (query) => query.where('subject_id', '2'))
    assert.lengthOf(ticketTwo, 1)
    assert.deepEqual(await get('subject=ATUM-2'), ticketTwo)
    assert.deepEqual(await get('subject_type=ticket&subject=2'), ticketTwo)
    assert.deepEqual(await get('subject_type=plugin'), await get('action=plugin.*'))

    const today = new Date().toISOString().slice(0, 10)
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)
    assert.deepEqual(await get(`from=${today}&to=${today}`), await idsOf(organization))
    assert.deepEqual(await get(`from=${tomorrow}`), [])
    assert.deepEqual(await get(`to=${yesterday}`), [])
    // Empty fields of the form mean "any".
    assert.deepEqual(
      await get('action=&actor=&subject_type=&subject=&from=&to='),
      await idsOf(organization)
    )
  })

  test('bad filters come back with a message, filled in', async ({ client, assert }) => {
    const organization = await createOrganization()
    const { user: admin } = await createMember(organization, 'admin')
    const cases: Array<[string, string]> = [
      ['action=DROP%20TABLE', 'Choose an action from the list'],
      ['subject_type=ticket&subject=abc', 'Enter a ticket number such as ATUM-12'],
      ['from=2026-02-31', 'Enter a date such as 2026-11-03'],
      ['from=yesterday', 'Enter a date such as 2026-11-03'],
      ['from=2026-05-02&to=2026-05-01', 'The end date is before the start date'],
      ['page=-1', 'The page must be a positive number'],
    ]
    for (const [query, message] of cases) {
      const response = await client.get(`/desk/audit?${query}`).loginAs(admin)
      response.assertStatus(422)
      assert.include(response.text(), message, query)
    }
    const response = await client.get('/desk/audit?subject_type=ticket&subject=abc').loginAs(admin)
    assert.include(response.text(), 'value="abc"')
  })

  test('pagination happens in the database, 50 events a page', async ({ client, assert }) => {
    const organization = await createOrganization()
    const { user: admin } = await createMember(organization, 'admin')
    for (let index = 0; index < 55; index++) {
      await appendAuditEvent(
        {
          organizationId: organization.id,
          action: 'ticket.updated',
          subjectType: 'ticket',
          subjectId: 7,
          after: { index },
        },
        Actor.system()
      )
    }
    const all = await idsOf(organization)

    const first = await client.get('/desk/audit?action=ticket.*').loginAs(admin)
    assert.deepEqual(listedIds(first.text()), all.slice(0, 50))
    assert.include(first.text(), 'Page 1 of 2')
    assert.include(first.text(), 'href="/desk/audit?action=ticket.%2A&amp;page=2"')
    assert.include(first.text(), '55 events match the filters')

    const second = await client.get('/desk/audit?action=ticket.*&page=2').loginAs(admin)
    assert.deepEqual(listedIds(second.text()), all.slice(50))
    const beyond = await client.get('/desk/audit?page=9').loginAs(admin)
    assert.deepEqual(listedIds(beyond.text()), [])
  })

  test('managers, agents and customers are refused', async ({ client }) => {
    const organization = await createOrganization()
    for (const role of ['manager', 'agent', 'customer'] as const) {
      const { user } = await createMember(organization, role)
      const page = await client.get('/desk/audit').loginAs(user)
      page.assertStatus(403)
      const verify = await client
        .post('/desk/audit/verify')
        .loginAs(user)
        .withCsrfToken()
        .redirects(0)
      verify.assertStatus(403)
    }
    const guest = await client.get('/desk/audit').redirects(0)
    guest.assertStatus(302)
    guest.assertHeader('location', '/login')
  })

  test('"Verify chain" checks the organization’s chain and says how it is', async ({
    client,
    assert,
  }) => {
    const organization = await createOrganization()
    const { user: admin } = await createMember(organization, 'admin')
    await runTicketLifecycle(organization)

    const ok = await client.post('/desk/audit/verify').loginAs(admin).withCsrfToken().redirects(0)
    ok.assertStatus(302)
    ok.assertHeader('location', '/desk/audit')
    ok.assertFlashMessage(
      'success',
      `Audit trail of ${organization.name} verified: 8 events, chain OK.`
    )

    const last = await breakChainHead(organization)
    const broken = await client
      .post('/desk/audit/verify')
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    const message = String(broken.flashMessages().error)
    assert.include(message, `chain broken at event #${last.id} (ticket.close, `)
    assert.include(message, 'chain head does not match the last event')
  })

  test('the desk sidebar shows "Audit trail" to admins only', async ({ client, assert }) => {
    const organization = await createOrganization()
    const { user: admin } = await createMember(organization, 'admin')
    const { user: manager } = await createMember(organization, 'manager')
    const adminHome = await client.get('/desk').loginAs(admin)
    assert.include(adminHome.text(), 'href="/desk/audit"')
    const managerHome = await client.get('/desk').loginAs(manager)
    assert.notInclude(managerHome.text(), 'href="/desk/audit"')
  })
})
