import { test } from '@japa/runner'
import fc from 'fast-check'
import type { Assert } from '@japa/assert'
import db from '@adonisjs/lucid/services/db'
import Ticket, { OPEN_STATUSES, TICKET_STATUSES, type TicketStatus } from '#models/ticket'
import type Membership from '#models/membership'
import type Organization from '#models/organization'
import TransitionTicket from '#actions/tickets/transition_ticket'
import UpdateTicket from '#actions/tickets/update_ticket'
import ActionError from '#exceptions/action_error'
import { transitionsFrom } from '#domain/lifecycle'
import { generateTickets } from '#database/generators/ticket_generator'
import { ticketCounts, viewTotal, type InboxView } from '#services/search/ticket_counts'
import { breachingSoon } from '#queries/ticket_scope'
import { visibleTickets } from '#queries/ticket_scope'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createOrganization, createTeam } from '#tests/helpers/factories'
import { createTicket } from '#tests/helpers/tickets'
import {
  closeSuperuserConnection,
  removeCommittedOrganizations,
} from '#tests/helpers/postgres_superuser'
import Actor from '#actions/actor'

/**
 * The tab counts come from ticket_status_counts, kept by triggers on
 * `tickets` (database/migrations/…_create_ticket_status_counts_table.ts).
 * Whatever changes the tickets, the counters must equal a fresh count of
 * the tickets, and the tabs the count(*) of each view.
 *
 * Reproduce a failure with FC_SEED=<seed printed by fast-check>.
 */

const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined
const VIEWS: InboxView[] = ['unassigned', 'mine', 'open', 'breaching', 'waiting', 'resolved', 'all']

/** The non-zero counters of these organizations, as sorted "org/status/assignee=count" lines. */
async function counters(organizationIds: number[]) {
  const rows = await db
    .from('ticket_status_counts')
    .whereIn('organization_id', organizationIds)
    .whereNot('count', 0)
    .select('organization_id', 'status', 'assignee_id', 'count')
  return rows
    .map((row) => `${row.organization_id}/${row.status}/${row.assignee_id}=${row.count}`)
    .sort()
}

/** The same, counted from the tickets themselves. */
async function recounted(organizationIds: number[]) {
  const { rows } = await db.rawQuery(
    `SELECT organization_id, status, coalesce(assignee_id, 0) AS assignee_id, count(*) AS count
       FROM tickets WHERE organization_id = ANY(?) GROUP BY 1, 2, 3`,
    [organizationIds]
  )
  return (rows as Array<Record<string, unknown>>)
    .map((row) => `${row.organization_id}/${row.status}/${row.assignee_id}=${row.count}`)
    .sort()
}

/** Each view and status counted with count(*) over the tickets the member sees (listTickets' definitions). */
async function countedOneByOne(membership: Membership) {
  const count = async (narrow: (query: ReturnType<typeof visibleTickets>) => unknown) => {
    const query = visibleTickets(membership)
    narrow(query)
    const [row] = (await query.count('* as total').pojo()) as Array<{ total: number }>
    return Number(row.total)
  }
  const open = [...OPEN_STATUSES]
  const views: Record<InboxView, number> = {
    unassigned: await count((q) =>
      q.where('tickets.status', 'new').whereNull('tickets.assignee_id')
    ),
    mine: await count((q) =>
      q.whereIn('tickets.status', open).where('tickets.assignee_id', membership.userId)
    ),
    open: await count((q) => q.whereIn('tickets.status', open)),
    breaching: await count((q) => breachingSoon(q)),
    waiting: await count((q) => q.where('tickets.status', 'waiting_customer')),
    resolved: await count((q) => q.where('tickets.status', 'resolved')),
    all: await count(() => {}),
  }
  const byStatus = {} as Record<TicketStatus, number>
  for (const status of TICKET_STATUSES) {
    byStatus[status] = await count((q) => q.where('tickets.status', status))
  }
  return { views, byStatus }
}

/** Counters equal the tickets; every member's tabs and view totals equal count(*). */
async function assertExact(
  assert: Assert,
  organizationIds: number[],
  members: Membership[],
  context = ''
) {
  assert.deepEqual(await counters(organizationIds), await recounted(organizationIds), context)
  for (const membership of members) {
    const expected = await countedOneByOne(membership)
    const label = `${context} member ${membership.userId} (${membership.role})`
    assert.deepEqual(await ticketCounts(membership), expected, label)
    for (const view of VIEWS) {
      assert.equal(await viewTotal(membership, view), expected.views[view], `${label} ${view}`)
    }
    assert.equal(await viewTotal(membership, undefined), expected.views.all, label)
  }
}

/** One step of a random history of one of the two organizations. */
type Step =
  | { kind: 'create'; org: number; by: 'customer' | 'agent' }
  | { kind: 'generate'; org: number; statuses: TicketStatus[]; seed: number }
  | { kind: 'transition'; org: number; pick: number; choice: number; assignee: number }
  | { kind: 'reassign'; org: number; pick: number; assignee: number | null }
  | {
      kind: 'bulkUpdate'
      org: number
      picks: number[]
      status: TicketStatus
      assignee: number | null
    }
  | { kind: 'delete'; org: number; picks: number[] }

const org = fc.integer({ min: 0, max: 1 })
const pick = fc.nat({ max: 1000 })
const status = fc.constantFrom(...TICKET_STATUSES)
const staffIndex = fc.integer({ min: 0, max: 2 })
const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    org,
    by: fc.constantFrom('customer' as const, 'agent' as const),
  }),
  fc.record({
    kind: fc.constant('generate' as const),
    org,
    statuses: fc.array(status, { minLength: 1, maxLength: 6 }),
    seed: fc.nat(),
  }),
  fc.record({
    kind: fc.constant('transition' as const),
    org,
    pick,
    choice: fc.nat(),
    assignee: staffIndex,
  }),
  fc.record({
    kind: fc.constant('transition' as const),
    org,
    pick,
    choice: fc.nat(),
    assignee: staffIndex,
  }),
  fc.record({
    kind: fc.constant('reassign' as const),
    org,
    pick,
    assignee: fc.option(staffIndex, { nil: null }),
  }),
  fc.record({
    kind: fc.constant('bulkUpdate' as const),
    org,
    picks: fc.array(pick, { minLength: 1, maxLength: 4 }),
    status,
    assignee: fc.option(staffIndex, { nil: null }),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    org,
    picks: fc.array(pick, { minLength: 1, maxLength: 3 }),
  })
)

test.group('Ticket counts (ticket_status_counts)', (group) => {
  isolateEachTest(group)

  test('stay exact through random creates, generated batches, transitions, assignments, bulk updates and deletes in two organizations', async ({
    assert,
  }) => {
    // Customers of A see their own tickets (counted directly); those of B
    // see the organization's (counted from the counters, like staff).
    const teams = [
      await createTeam({ name: 'Acme' }),
      await createTeam({ name: 'Globex', settings: { customersSeeAllTickets: true } }),
    ]
    const people: Array<{
      organization: Organization
      customer: Membership
      agent: Membership
      manager: Membership
      staff: Membership[]
    }> = []
    for (const team of teams) {
      const secondAgent = await createMember(team.organization, 'agent')
      people.push({
        organization: team.organization,
        customer: team.customer.membership,
        agent: team.agent.membership,
        manager: team.manager.membership,
        staff: [team.agent.membership, secondAgent.membership, team.manager.membership],
      })
    }
    const organizationIds = people.map((p) => p.organization.id)
    const members = people.flatMap((p) => [p.customer, p.agent, p.manager, p.staff[1]])

    const ticketsOf = (index: number) =>
      Ticket.query().where('organization_id', organizationIds[index]).orderBy('id')
    const picked = async (index: number, choices: number[]) => {
      const tickets = await ticketsOf(index)
      return tickets.length === 0 ? [] : choices.map((choice) => tickets[choice % tickets.length])
    }
    // A refused step (wrong status, not allowed) changes nothing: fine here.
    const refusedIsFine = async (step: () => Promise<unknown>) => {
      try {
        await step()
      } catch (error) {
        if (!(error instanceof ActionError)) throw error
      }
    }

    const apply = async (step: Step) => {
      const side = people[step.org]
      switch (step.kind) {
        case 'create':
          await createTicket(step.by === 'customer' ? side.customer : side.agent)
          break
        case 'generate':
          // Multi-row INSERTs in batches of 2, as `atum:generate` writes them.
          await generateTickets(side.organization, {
            tickets: step.statuses.length,
            commentsPerTicket: 0,
            statuses: step.statuses,
            seed: step.seed,
            batchSize: 2,
          })
          break
        case 'transition': {
          const [ticket] = await picked(step.org, [step.pick])
          const possible = ticket ? transitionsFrom(ticket.status) : []
          if (possible.length === 0) break
          await refusedIsFine(() =>
            TransitionTicket.handle(Actor.forMember(side.manager), {
              ticket,
              transition: possible[step.choice % possible.length],
              assigneeId: side.staff[step.assignee].userId,
            })
          )
          break
        }
        case 'reassign': {
          const [ticket] = await picked(step.org, [step.pick])
          if (!ticket) break
          await refusedIsFine(() =>
            UpdateTicket.handle(Actor.forMember(side.manager), {
              ticket,
              assigneeId: step.assignee === null ? null : side.staff[step.assignee].userId,
            })
          )
          break
        }
        case 'bulkUpdate': {
          // One UPDATE of several rows, as an import or a script would (some may not change).
          const tickets = await picked(step.org, step.picks)
          if (tickets.length === 0) break
          await db
            .from('tickets')
            .whereIn(
              'id',
              tickets.map((ticket) => ticket.id)
            )
            .update({
              status: step.status,
              assignee_id: step.assignee === null ? null : side.staff[step.assignee].userId,
            })
          break
        }
        case 'delete': {
          const tickets = await picked(step.org, step.picks)
          if (tickets.length === 0) break
          await db
            .from('tickets')
            .whereIn(
              'id',
              tickets.map((ticket) => ticket.id)
            )
            .delete()
          break
        }
      }
    }

    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: 12 }), async (steps) => {
        for (const step of steps) await apply(step)
        await assertExact(assert, organizationIds, members, JSON.stringify(steps))
      }),
      { numRuns: 20, seed: SEED }
    )
    // The history reached the states the tabs are about.
    const reached = await db
      .from('tickets')
      .whereIn('organization_id', organizationIds)
      .distinct('status')
    assert.includeMembers(
      reached.map((row) => row.status),
      ['new', 'assigned', 'in_progress', 'resolved']
    )
  }).timeout(180_000)

  test('a ticket moved to another organization counts there', async ({ assert }) => {
    const acme = await createTeam({ name: 'Acme' })
    const globex = await createTeam({ name: 'Globex' })
    const ticket = await createTicket(acme.customer.membership)
    await db
      .from('tickets')
      .where('id', ticket.id)
      .update({ organization_id: globex.organization.id, number: 1000 })
    await assertExact(
      assert,
      [acme.organization.id, globex.organization.id],
      [acme.agent.membership, globex.agent.membership]
    )
    const [globexCounts, acmeCounts] = [
      await ticketCounts(globex.manager.membership),
      await ticketCounts(acme.manager.membership),
    ]
    assert.equal(globexCounts.views.all, 1)
    assert.equal(acmeCounts.views.all, 0)
  })

  test("an organization's deletion takes its tickets and counters; TRUNCATE empties them", async ({
    assert,
  }) => {
    // No audit trail yet (it would keep the organization): tickets written directly.
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'customer')
    const { membership: other } = await createMember(await createOrganization(), 'customer')
    await createTicket(other)
    const row = (number: number, ticketStatus: TicketStatus) => ({
      organization_id: organization.id,
      number,
      subject: `Imported ${number}`,
      description: 'From the old desk',
      description_html: '<p>From the old desk</p>',
      status: ticketStatus,
      requester_id: user.id,
      created_at: new Date(),
      updated_at: new Date(),
    })
    await db.table('tickets').multiInsert([row(1, 'new'), row(2, 'new'), row(3, 'closed')])
    assert.deepEqual(await counters([organization.id]), [
      `${organization.id}/closed/0=1`,
      `${organization.id}/new/0=2`,
    ])

    await db.from('organizations').where('id', organization.id).delete()
    assert.lengthOf(
      await db.from('ticket_status_counts').where('organization_id', organization.id),
      0
    )
    assert.deepEqual(
      await counters([other.organizationId]),
      await recounted([other.organizationId])
    )

    await db.rawQuery('TRUNCATE tickets CASCADE')
    assert.lengthOf(await db.from('ticket_status_counts'), 0)
    await createTicket(other)
    assert.deepEqual(await counters([other.organizationId]), [`${other.organizationId}/new/0=1`])
  })
})

test.group('Ticket counts under concurrent changes (committed)', (group) => {
  const created: Organization[] = []
  group.teardown(async () => {
    try {
      await removeCommittedOrganizations(created.map((organization) => organization.id))
    } finally {
      await closeSuperuserConnection()
    }
  })

  test('20 tickets created at once, and 10 accepted while 10 more are created, leave exact counts', async ({
    assert,
  }) => {
    // Real concurrent transactions on separate connections: no global test transaction here.
    const team = await createTeam()
    created.push(team.organization)
    const customer = team.customer.membership
    const manager = team.manager.membership

    const first = await Promise.all(Array.from({ length: 20 }, () => createTicket(customer)))
    const members = [customer, team.agent.membership, manager]
    await assertExact(assert, [team.organization.id], members, 'after 20 creates')
    const afterCreates = await ticketCounts(manager)
    assert.equal(afterCreates.views.unassigned, 20)

    await Promise.all([
      ...first
        .slice(0, 10)
        .map((ticket) =>
          TransitionTicket.handle(Actor.forMember(manager), { ticket, transition: 'accept' })
        ),
      ...Array.from({ length: 10 }, () => createTicket(customer)),
    ])
    await assertExact(assert, [team.organization.id], members, 'after accepting and creating')
    const counts = await ticketCounts(manager)
    assert.equal(counts.byStatus.accepted, 10)
    assert.equal(counts.views.unassigned, 20)
    assert.equal(counts.views.all, 30)
  }).timeout(60_000)
})
