import { test } from '@japa/runner'
import { Bouncer } from '@adonisjs/bouncer'
import { DateTime } from 'luxon'
import Membership, { ROLES, type Role } from '#models/membership'
import * as abilities from '#abilities/main'
import { policies } from '#policies/main'

/**
 * The role table of docs/architecture.md, as far as the app has sections yet:
 * every role against every ability, and the member policy within and
 * across organizations.
 */
function member(role: Role, organizationId = 1, id = Math.floor(Math.random() * 1e9)) {
  const membership = new Membership()
  membership.merge({ id, role, organizationId, userId: id, disabledAt: null })
  return membership
}

const bouncerFor = (actor: Membership) => new Bouncer(actor, abilities, policies)

const EXPECTED: Record<string, Record<Role, boolean>> = {
  accessDesk: { customer: false, agent: true, manager: true, admin: true },
  administerOrganization: { customer: false, agent: false, manager: false, admin: true },
}

test.group('Role matrix: abilities', () => {
  for (const [ability, byRole] of Object.entries(EXPECTED)) {
    for (const role of ROLES) {
      test(`${role} ${byRole[role] ? 'may' : 'may not'} ${ability}`, async ({ assert }) => {
        const allowed = await bouncerFor(member(role)).allows(ability as keyof typeof abilities)
        assert.equal(allowed, byRole[role])
      })
    }
  }
})

test.group('Role matrix: managing members', () => {
  for (const role of ROLES) {
    test(`${role} ${role === 'admin' ? 'may' : 'may not'} list, invite, change roles and remove access`, async ({
      assert,
    }) => {
      const policy = bouncerFor(member(role)).with('MembershipPolicy')
      const target = member('agent')
      const expected = role === 'admin'
      assert.equal(await policy.allows('viewList'), expected)
      assert.equal(await policy.allows('invite'), expected)
      assert.equal(await policy.allows('changeRole', target), expected)
      assert.equal(await policy.allows('disable', target), expected)
    })
  }

  test('an admin may not act on members of another organization', async ({ assert }) => {
    const policy = bouncerFor(member('admin', 1)).with('MembershipPolicy')
    assert.isFalse(await policy.allows('changeRole', member('agent', 2)))
    assert.isFalse(await policy.allows('disable', member('agent', 2)))
  })

  test('an admin may not change their own role, nor a member without access', async ({
    assert,
  }) => {
    const admin = member('admin')
    const policy = bouncerFor(admin).with('MembershipPolicy')
    assert.isFalse(await policy.allows('changeRole', admin))
    const removed = member('agent')
    removed.disabledAt = DateTime.now()
    assert.isFalse(await policy.allows('changeRole', removed))
  })

  test('a guest (no membership) may do nothing', async ({ assert }) => {
    const bouncer = new Bouncer(null as unknown as Membership, abilities, policies)
    assert.isFalse(await bouncer.allows('accessDesk'))
    assert.isFalse(await bouncer.with('MembershipPolicy').allows('viewList'))
  })
})
