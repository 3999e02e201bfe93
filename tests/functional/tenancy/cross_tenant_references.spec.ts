import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import type Ticket from '#models/ticket'
import { SAMPLES, fixtureFolder } from '#tests/helpers/attachments'
import {
  deleteStoredFiles,
  fingerprintOf,
  seedTenantPair,
  type SeededTenant,
} from '#tests/helpers/route_walker'

/**
 * The route walk puts B's identifiers in the URL. Here A's staff act on
 * A's own tickets and name B's records in the body or the query string
 * (an assignee, a comment to attach to, a list filter): each must be
 * refused or find nothing, and B's rows stay as they were.
 */
test.group('Tenancy: B named in the body or query of a request about A', (group) => {
  let a: SeededTenant
  let b: SeededTenant
  let fixtures: Awaited<ReturnType<typeof fixtureFolder>>

  group.setup(() => testUtils.db().withGlobalTransaction())
  group.setup(async () => {
    await redis.flushdb()
    ;({ a, b } = await seedTenantPair())
    fixtures = await fixtureFolder('tenancy-references')
    return async () => {
      await deleteStoredFiles([a, b])
      await fixtures.remove()
    }
  })

  const ticketOfA = (status: Ticket['status']) =>
    a.tickets.find((ticket) => ticket.status === status)!
  const assigneeOf = async (ticket: Ticket) => {
    const row = await db.from('tickets').where('id', ticket.id).select('assignee_id').firstOrFail()
    return row.assignee_id as number | null
  }
  const agentOfB = () => b.members.agent.user.id

  test('an assignee of B is refused (API update, API assign, desk details)', async ({
    client,
    assert,
  }) => {
    const before = await fingerprintOf(b.organization.id)
    const inProgress = ticketOfA('in_progress')
    const accepted = ticketOfA('accepted')
    const assigned = await assigneeOf(inProgress)

    const update = await client
      .patch(`/api/v1/tickets/${inProgress.reference}`)
      .bearerToken(a.tokens.manager.value)
      .json({ assignee_id: agentOfB() })
    update.assertStatus(422)
    assert.equal(await assigneeOf(inProgress), assigned)

    const assign = await client
      .post(`/api/v1/tickets/${accepted.reference}/transitions`)
      .bearerToken(a.tokens.manager.value)
      .json({ action: 'assign', assignee_id: agentOfB() })
    assign.assertStatus(422)
    assert.isNull(await assigneeOf(accepted))

    const details = await client
      .post(`/desk/tickets/${inProgress.reference}/details`)
      .loginAs(a.members.manager.user)
      .withCsrfToken()
      .form({ assignee_id: String(agentOfB()) })
      .redirects(0)
    assert.oneOf(details.status(), [302, 422])
    assert.equal(await assigneeOf(inProgress), assigned)

    assert.deepEqual(await fingerprintOf(b.organization.id), before)
  })

  test("a file is not attached to a comment of B's", async ({ client, assert }) => {
    const before = await fingerprintOf(b.organization.id)
    const [commentOfB] = await db
      .from('ticket_comments')
      .where('organization_id', b.organization.id)
      .orderBy('id')
      .select('id')
    const ticket = ticketOfA('in_progress')
    const countOf = async () => {
      const [{ count }] = await db
        .from('attachments')
        .where('ticket_id', ticket.id)
        .count('* as count')
      return Number(count)
    }
    const files = await countOf()

    const response = await client
      .post(`/api/v1/tickets/${ticket.reference}/attachments`)
      .bearerToken(a.tokens.agent.value)
      .field('comment_id', String(commentOfB.id))
      .file('files', await fixtures.write('screenshot.png', SAMPLES.png))
    response.assertStatus(422)
    assert.equal(await countOf(), files)
    assert.deepEqual(await fingerprintOf(b.organization.id), before)
  })

  test("filtering A's lists by B's people finds nothing of B", async ({ client, assert }) => {
    const api = await client
      .get(`/api/v1/tickets?view=all&assignee=${agentOfB()}`)
      .bearerToken(a.tokens.admin.value)
    api.assertStatus(200)
    assert.lengthOf((api.body() as { data: unknown[] }).data, 0)
    for (const marker of b.markers) assert.notInclude(api.text(), marker)

    // The same filter with A's agent finds A's tickets: the filter works.
    const own = await client
      .get(`/api/v1/tickets?view=all&assignee=${a.members.agent.user.id}`)
      .bearerToken(a.tokens.admin.value)
    own.assertStatus(200)
    assert.isNotEmpty((own.body() as { data: unknown[] }).data)

    const search = await client
      .get('/desk/tickets?view=all&q=Borealis')
      .loginAs(a.members.agent.user)
    search.assertStatus(200)
    for (const marker of b.markers) assert.notInclude(search.text(), marker)
    const ownSearch = await client
      .get('/desk/tickets?view=all&q=Aurora')
      .loginAs(a.members.agent.user)
    ownSearch.assertStatus(200)
    assert.include(ownSearch.text(), a.tickets[0].subject)
  })
})
