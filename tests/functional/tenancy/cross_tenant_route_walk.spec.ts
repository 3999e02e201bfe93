import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import {
  actorsOf,
  fingerprintOf,
  formatRequests,
  formatViolations,
  seedTenantPair,
  summarize,
  walkRoutes,
  type SeededTenant,
} from '#tests/helpers/route_walker'

/**
 * The fixture plugin's deliberately unscoped route: it exists to prove the
 * walker catches a missing scope (its own spec walks it and expects
 * violations), so the walk of the app leaves it out. The name is simply
 * absent when the fixture plugin is not loaded.
 */
const DELIBERATELY_LEAKY = ['fixture.leaky']

test.group('Tenancy: every route, as every role of A, at the records of B', (group) => {
  let a: SeededTenant
  let b: SeededTenant

  // Built once for the group, in one transaction rolled back afterwards.
  group.setup(() => testUtils.db().withGlobalTransaction())
  group.setup(async () => {
    await redis.flushdb()
    ;({ a, b } = await seedTenantPair())
  })

  test('nothing of B is returned or changed', async ({ client, assert }) => {
    const report = await walkRoutes({
      client,
      actors: actorsOf(a),
      target: { organizationId: b.organization.id },
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
  }).timeout(120_000)

  test('the fingerprint of B notices any change to its rows', async ({ assert }) => {
    const organizationId = b.organization.id
    const before = await fingerprintOf(organizationId)
    const membershipId = b.members.agent.membership.id

    await db.from('memberships').where('id', membershipId).update({ role: 'manager' })
    const afterRole = await fingerprintOf(organizationId)
    assert.notDeepEqual(afterRole, before)
    assert.notEqual(afterRole.memberships, before.memberships)

    await db.from('memberships').where('id', membershipId).update({ role: 'agent' })
    assert.deepEqual(await fingerprintOf(organizationId), before)

    await db.from('remember_me_tokens').where('tokenable_id', b.members.customer.user.id).delete()
    const { 'remember_me_tokens.tokenable_id': afterDelete } = await fingerprintOf(organizationId)
    assert.notEqual(afterDelete, before['remember_me_tokens.tokenable_id'])
  })
})
