import { randomUUID } from 'node:crypto'
import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { DateTime } from 'luxon'
import type User from '#models/user'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createTeam } from '#tests/helpers/factories'
import { createTicket } from '#tests/helpers/tickets'

type Actor =
  | 'requester'
  | 'other customer'
  | 'agent'
  | 'manager'
  | 'admin'
  | 'disabled agent'
  | "other org's admin"
  | "other org's agent"
  | 'guest'

/**
 * Subscribes as the actor (no CSRF token: the transmit routes are
 * exempt) and answers the status: 204 allowed, 400 refused, 401 visitor.
 */
async function subscribe(client: ApiClient, channel: string, user: User | null) {
  const request = client.post('/__transmit/subscribe').json({ uid: randomUUID(), channel })
  if (user) request.loginAs(user)
  const response = await request
  return response.status()
}

async function world(shareTickets: boolean) {
  const acme = await createTeam({
    name: 'Acme',
    settings: shareTickets ? { customersSeeAllTickets: true } : {},
  })
  const otherCustomer = await createMember(acme.organization, 'customer')
  const disabledAgent = await createMember(acme.organization, 'agent')
  disabledAgent.membership.disabledAt = DateTime.now()
  await disabledAgent.membership.save()
  const globex = await createTeam({ name: 'Globex' })
  const ticket = await createTicket(acme.customer.membership)
  const actors: Record<Actor, User | null> = {
    'requester': acme.customer.user,
    'other customer': otherCustomer.user,
    'agent': acme.agent.user,
    'manager': acme.manager.user,
    'admin': acme.admin.user,
    'disabled agent': disabledAgent.user,
    "other org's admin": globex.admin.user,
    "other org's agent": globex.agent.user,
    'guest': null,
  }
  return { acme, globex, ticket, actors }
}

const STAFF: Actor[] = ['agent', 'manager', 'admin']

test.group('Live channels: who may subscribe', (group) => {
  isolateEachTest(group)

  for (const shareTickets of [false, true]) {
    test(`every channel × role (organization shares tickets: ${shareTickets})`, async ({
      client,
      assert,
    }) => {
      const { acme, ticket, actors } = await world(shareTickets)
      const allowed: Record<string, Actor[]> = {
        [`orgs/${acme.organization.id}/desk`]: STAFF,
        [`tickets/${ticket.id}/staff`]: STAFF,
        [`tickets/${ticket.id}/public`]: [
          ...STAFF,
          'requester',
          ...(shareTickets ? (['other customer'] as Actor[]) : []),
        ],
        [`users/${acme.customer.user.id}`]: ['requester'],
        [`users/${acme.agent.user.id}`]: ['agent'],
      }

      const table: string[] = []
      for (const [channel, who] of Object.entries(allowed)) {
        for (const [actor, user] of Object.entries(actors) as Array<[Actor, User | null]>) {
          const status = await subscribe(client, channel, user)
          const expected = actor === 'guest' ? 401 : who.includes(actor) ? 204 : 400
          if (status !== expected)
            table.push(`${channel} as ${actor}: ${status}, expected ${expected}`)
        }
      }
      assert.deepEqual(table, [])
    })
  }

  test('channels that do not exist, or are not ours, are refused', async ({ client, assert }) => {
    const { acme, globex, actors } = await world(false)
    const admin = actors.admin
    const otherTicket = await createTicket(globex.customer.membership)
    for (const channel of [
      `orgs/${globex.organization.id}/desk`,
      `tickets/${otherTicket.id}/staff`,
      `tickets/${otherTicket.id}/public`,
      `tickets/999999999/staff`,
      `orgs/${acme.organization.id}`,
      `orgs/${acme.organization.id}/desk/extra`,
      'anything',
      `tickets/abc/public`,
      '',
    ]) {
      assert.equal(await subscribe(client, channel, admin), 400, channel)
    }
  })

  test('the event stream is for signed-in people', async ({ client, assert }) => {
    const response = await client.get(`/__transmit/events?uid=${randomUUID()}`)
    assert.equal(response.status(), 401)
  })
})
