import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import Ticket from '#models/ticket'
import { appendAuditEvent } from '#services/audit/audit_trail'
import {
  TICKET_STORIES,
  actorsOf,
  deleteStoredFiles,
  fingerprintOf,
  formatRequests,
  formatViolations,
  seedTenantPair,
  summarize,
  walkRoutes,
  type SeededTenant,
  type WalkReport,
} from '#tests/helpers/route_walker'
import Actor from '#actions/actor'

/**
 * The fixture plugin's deliberately unscoped route: it exists to prove the
 * walker catches a missing scope (its own spec walks it and expects
 * violations), so the walk of the app leaves it out. The name is simply
 * absent when the fixture plugin is not loaded.
 */
const DELIBERATELY_LEAKY = ['fixture.leaky']

/** The tables of B whose rows the walk must leave as they are, at the least. */
const FINGERPRINTED = [
  'organizations',
  'memberships',
  'tickets',
  'ticket_comments',
  'attachments',
  'audit_events',
  'ticket_counters',
]

test.group('Tenancy: every route, as every role of A, at the records of B', (group) => {
  let a: SeededTenant
  let b: SeededTenant
  let report: WalkReport

  // Built once for the group, in one transaction rolled back afterwards;
  // the stored files of the attachments are deleted before that.
  group.setup(() => testUtils.db().withGlobalTransaction())
  group.setup(async () => {
    await redis.flushdb()
    ;({ a, b } = await seedTenantPair())
    return () => deleteStoredFiles([a, b])
  })

  test('nothing of B is returned or changed', async ({ client, assert }) => {
    report = await walkRoutes({
      client,
      actors: actorsOf(a),
      target: { organizationId: b.organization.id, extraMarkers: b.markers },
      exclude: DELIBERATELY_LEAKY,
    })
    console.log(summarize(report))
    if (report.forbidden.length > 0) {
      console.log(`403 instead of 404 at B's records:\n${formatRequests(report.forbidden)}`)
    }
    // Redirects (a signed-in person sent home by a visitors' page, a form
    // sent back) are left out: what is worth a look is a success or a crash.
    const notable = report.otherStatuses.filter((request) => request.status !== 302)
    if (notable.length > 0) {
      console.log(`Other answers at B's records:\n${formatRequests(notable)}`)
    }

    assert.isEmpty(
      report.violations,
      `The walk reached organization B:\n${formatViolations(report.violations)}`
    )

    // The walk is not vacuous: the actors are who they claim to be and the
    // routes that take a member of B were given B's members.
    const statusOf = (route: string, actor: string) =>
      report.requests.find((request) => request.route === route && request.actor === actor)?.status
    assert.equal(statusOf('desk.members.index', 'admin'), 200)
    assert.equal(statusOf('desk.members.index', 'customer'), 403)
    assert.equal(statusOf('profile', 'customer'), 200)
    assert.equal(statusOf('profile', 'guest'), 302)
    assert.equal(statusOf('api.me', 'agent (API token)'), 200)
    assert.equal(statusOf('api.me', 'guest'), 401)
    const adminOfB = b.members.admin.membership.id
    assert.isTrue(
      report.requests.some(
        (request) =>
          request.route === 'desk.members.role' &&
          request.actor === 'admin' &&
          request.url === `/desk/members/${adminOfB}/role` &&
          request.status === 404
      ),
      'an admin of A changing the role of an admin of B gets 404'
    )
    assert.isFalse(report.routes.some((route) => route.name === 'fixture.leaky'))
    assert.isTrue(report.markers.includes(b.members.customer.user.email))
    assert.isFalse(report.markers.some((marker) => marker.includes('Aurora')))
    for (const marker of b.markers) assert.include(report.markers, marker)
    // A's inboxes were really listed (and showed none of B's tickets).
    assert.equal(statusOf('desk.tickets.index', 'agent'), 200)
    assert.equal(statusOf('portal.tickets.index', 'customer'), 200)
    assert.equal(statusOf('api.tickets.index', 'agent (API token)'), 200)
  }).timeout(120_000)

  test("ticket routes were given B's own numbers, in both forms, and its files", async ({
    client,
    assert,
  }) => {
    assert.exists(report, 'the walk ran first')
    const highestOfA = Math.max(...a.tickets.map((ticket) => ticket.number))
    const own = b.tickets.filter((ticket) => ticket.number > highestOfA)
    // Every status of the lifecycle among B's numbers that A does not have.
    assert.sameMembers([...new Set(own.map((ticket) => ticket.status))], [...TICKET_STORIES])

    const tried = report.candidates['GET /desk/tickets/:number'].number
    console.log(
      `B's tickets tried (A's highest number is ${highestOfA}): ${tried.join(', ')}; ` +
        `attachments: ${report.candidates['GET /attachments/:id'].id.join(', ')}`
    )
    const references = tried.filter((value) => /^ATUM-\d+$/.test(value))
    const plain = tried.filter((value) => /^\d+$/.test(value))
    assert.isNotEmpty(references)
    assert.isNotEmpty(plain)
    for (const ticket of own) {
      assert.include(
        tried.map((value) => Ticket.parseReference(value)).filter(Boolean),
        ticket.number
      )
    }
    for (const value of tried) {
      assert.isAbove(Ticket.parseReference(value)!, highestOfA, `${value} is also A's`)
    }

    // Staff of A get 404 for each (the desk may refuse a customer or a
    // visitor before any lookup).
    const atTickets = report.requests.filter((request) => request.route === 'desk.tickets.show')
    assert.lengthOf(atTickets, 5 * tried.length)
    for (const request of atTickets) {
      const staff = ['agent', 'manager', 'admin'].includes(request.actor)
      if (staff) assert.equal(request.status, 404, `${request.url} as ${request.actor}`)
      else assert.oneOf(request.status, [302, 403, 404], `${request.url} as ${request.actor}`)
    }
    const byToken = (actor: string) => actor.endsWith('(API token)')
    for (const route of ['portal.tickets.show', 'api.tickets.show', 'api.tickets.comments.index']) {
      const signedIn = report.requests.filter(
        (request) =>
          request.route === route &&
          (route.startsWith('api.') ? byToken(request.actor) : request.actor !== 'guest')
      )
      assert.lengthOf(signedIn, 4 * tried.length, route)
      assert.isTrue(
        signedIn.every((request) => request.status === 404),
        formatRequests(signedIn)
      )
    }

    // Every attachment of B tried (on a ticket, a public reply, an internal note) is a 404.
    const { rows: kinds } = await db.rawQuery(
      `SELECT a.id, coalesce(c.visibility, 'ticket') AS kind
         FROM attachments a LEFT JOIN ticket_comments c ON c.id = a.comment_id
        WHERE a.organization_id = ?`,
      [b.organization.id]
    )
    const kindOf = new Map(
      (kinds as Array<{ id: string; kind: string }>).map((row) => [String(row.id), row.kind])
    )
    const files = report.candidates['GET /attachments/:id'].id
    assert.sameMembers(
      [...new Set(files.map((id) => kindOf.get(id)).filter(Boolean))],
      ['ticket', 'public', 'internal']
    )
    const downloads = report.requests.filter(
      (request) => request.route === 'attachments.show' && request.actor !== 'guest'
    )
    assert.isNotEmpty(downloads)
    assert.isTrue(
      downloads.every((request) => request.status === 404),
      formatRequests(downloads)
    )

    // The same routes answer A's own records: the 404s above are B's.
    const [ticketOfA] = a.tickets
    const page = await client
      .get(`/desk/tickets/${ticketOfA.reference}`)
      .loginAs(a.members.agent.user)
    page.assertStatus(200)
    assert.include(page.text(), ticketOfA.subject)
    const fileOfA = await db.from('attachments').where('organization_id', a.organization.id).first()
    const download = await client.get(`/attachments/${fileOfA.id}`).loginAs(a.members.agent.user)
    download.assertStatus(200)
  })

  test('the fingerprint of B covers its tickets, comments, files, trail and counter', async ({
    assert,
  }) => {
    const organizationId = b.organization.id
    const before = await fingerprintOf(organizationId)
    const { rows: empty } = await db.rawQuery(`SELECT md5('') AS digest`)
    for (const source of FINGERPRINTED) {
      assert.property(before, source)
      assert.notEqual(before[source], empty[0].digest, `B has no ${source}`)
    }

    const comment = await db
      .from('ticket_comments')
      .where('organization_id', organizationId)
      .orderBy('id')
      .firstOrFail()
    const changes: Array<[string, () => Promise<unknown>, () => Promise<unknown>]> = [
      [
        'tickets',
        () => db.from('tickets').where('id', b.tickets[0].id).update({ subject: 'Changed' }),
        () =>
          db.from('tickets').where('id', b.tickets[0].id).update({ subject: b.tickets[0].subject }),
      ],
      [
        'ticket_comments',
        () => db.from('ticket_comments').where('id', comment.id).update({ body: 'Changed' }),
        () => db.from('ticket_comments').where('id', comment.id).update({ body: comment.body }),
      ],
      [
        'attachments',
        () => db.from('attachments').where('organization_id', organizationId).increment('size', 1),
        () => db.from('attachments').where('organization_id', organizationId).decrement('size', 1),
      ],
      [
        'ticket_counters',
        () =>
          db
            .from('ticket_counters')
            .where('organization_id', organizationId)
            .increment('last_number', 1),
        () =>
          db
            .from('ticket_counters')
            .where('organization_id', organizationId)
            .decrement('last_number', 1),
      ],
    ]
    for (const [source, change, undo] of changes) {
      await change()
      const after = await fingerprintOf(organizationId)
      assert.notEqual(after[source], before[source], source)
      await undo()
      assert.deepEqual(await fingerprintOf(organizationId), before, `${source} undone`)
    }

    const membershipId = b.members.agent.membership.id
    await db.from('memberships').where('id', membershipId).update({ role: 'manager' })
    const afterRole = await fingerprintOf(organizationId)
    assert.notEqual(afterRole.memberships, before.memberships)
    await db.from('memberships').where('id', membershipId).update({ role: 'agent' })
    assert.deepEqual(await fingerprintOf(organizationId), before)

    await db.from('remember_me_tokens').where('tokenable_id', b.members.customer.user.id).delete()
    const { 'remember_me_tokens.tokenable_id': afterDelete } = await fingerprintOf(organizationId)
    assert.notEqual(afterDelete, before['remember_me_tokens.tokenable_id'])

    // The trail is append-only: an event more is the change it can have.
    await appendAuditEvent(
      { organizationId, action: 'walker.probe', subjectType: 'organization' },
      Actor.system()
    )
    const { audit_events: afterAppend } = await fingerprintOf(organizationId)
    assert.notEqual(afterAppend, before.audit_events)
  })
})
