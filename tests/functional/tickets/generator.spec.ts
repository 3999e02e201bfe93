import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Ticket, { OPEN_STATUSES, TICKET_STATUSES } from '#models/ticket'
import TicketComment from '#models/ticket_comment'
import Membership from '#models/membership'
import AuditEvent from '#models/audit_event'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createOrganization } from '#tests/helpers/factories'
import { createTicket } from '#tests/helpers/tickets'
import { runCommand } from '#tests/helpers/ace_commands'
import { listTickets } from '#services/search/ticket_list'

const WORKED = ['in_progress', 'waiting_customer', 'resolved', 'closed']

test.group('atum:generate', (group) => {
  isolateEachTest(group)

  test('generates tickets with conversations that continue the numbers', async ({ assert }) => {
    const organization = await createOrganization()
    const { membership: customer } = await createMember(organization, 'customer')
    await createMember(organization, 'customer')
    await createMember(organization, 'agent')
    await createMember(organization, 'manager')
    for (let index = 0; index < 3; index++) await createTicket(customer)
    const before = Date.now()

    const { command, stdout } = await runCommand('atum:generate', [
      `--org=${organization.slug}`,
      '--tickets=200',
      '--comments-per-ticket=2',
      '--seed=7',
    ])
    command.assertSucceeded()
    assert.lengthOf(stdout, 2)
    assert.match(
      stdout[0],
      new RegExp(
        `Generated 200 tickets \\(ATUM-4 to ATUM-203\\) and 400 comments in ${organization.name} in \\d+\\.\\d s`
      )
    )

    // Then ANALYZE (autovacuum may be off): the planner's statistics know the new rows.
    assert.match(
      stdout[1],
      /Analyzed tickets, ticket_comments, .* for the query planner in \d+\.\d s/
    )
    for (const table of ['tickets', 'ticket_comments']) {
      const statistics = await db
        .from('pg_stats')
        .where('tablename', table)
        .where('attname', 'organization_id')
        .select(db.raw('most_common_vals::text as values'))
        .firstOrFail()
      assert.include(statistics.values, String(organization.id), table)
    }

    // Gap-free numbers after the existing ones, and the counter agrees.
    const tickets = await Ticket.query()
      .where('organization_id', organization.id)
      .preload('comments', (comments) => comments.orderBy('created_at').orderBy('id'))
      .orderBy('number')
    assert.deepEqual(
      tickets.map((ticket) => ticket.number),
      Array.from({ length: 203 }, (_, index) => index + 1)
    )
    const counter = await db
      .from('ticket_counters')
      .where('organization_id', organization.id)
      .firstOrFail()
    assert.equal(counter.last_number, 203)

    const generated = tickets.slice(3)
    const comments = generated.flatMap((ticket) => ticket.comments)
    assert.lengthOf(comments, 400)
    assert.isTrue(generated.every((ticket) => ticket.comments.length === 2))
    assert.isAbove(comments.filter((comment) => comment.visibility === 'internal').length, 20)
    assert.isAbove(comments.filter((comment) => comment.visibility === 'public').length, 100)
    assert.isTrue(comments.every((comment) => comment.bodyHtml.startsWith('<p>')))

    // Real people of the organization, in their roles.
    const memberships = await Membership.query().where('organization_id', organization.id)
    const roleOf = new Map(memberships.map((membership) => [membership.userId, membership.role]))
    const isStaff = (userId: number | null) =>
      userId !== null && ['agent', 'manager'].includes(roleOf.get(userId) ?? '')

    const now = Date.now()
    const statuses = new Set<string>()
    for (const ticket of generated) {
      const at = (value: { toMillis(): number } | null) => value?.toMillis() ?? null
      const created = at(ticket.createdAt)!
      const updated = at(ticket.updatedAt)!
      const resolved = at(ticket.resolvedAt)
      const closed = at(ticket.closedAt)
      const context = `ATUM-${ticket.number} (${ticket.status})`
      statuses.add(ticket.status)

      assert.include(TICKET_STATUSES, ticket.status, context)
      assert.equal(roleOf.get(ticket.requesterId), 'customer', context)
      assert.isAtLeast(created, before - 181 * 24 * 3600_000, context)
      assert.isAtMost(created, updated, context)
      assert.isAtMost(updated, now, context)
      assert.isNotEmpty(ticket.subject)
      assert.isNotEmpty(ticket.descriptionHtml)
      assert.isNotEmpty(ticket.tags)
      assert.isNotNull(ticket.category)

      if (['new', 'accepted'].includes(ticket.status)) assert.isNull(ticket.assigneeId, context)
      else assert.isTrue(isStaff(ticket.assigneeId), context)

      if (OPEN_STATUSES.includes(ticket.status)) {
        assert.isNull(resolved, context)
        assert.isNull(closed, context)
      } else {
        assert.isNotNull(resolved, context)
        assert.isAtLeast(resolved!, created, context)
        assert.isAtMost(resolved!, updated, context)
        if (ticket.status === 'closed') assert.isAtLeast(closed!, resolved!, context)
        else assert.isNull(closed, context)
      }

      // The first response is the first public staff reply.
      const staffReplies = ticket.comments.filter(
        (comment) => comment.visibility === 'public' && comment.authorId !== ticket.requesterId
      )
      assert.equal(at(ticket.firstResponseAt), at(staffReplies[0]?.createdAt ?? null), context)
      if (!WORKED.includes(ticket.status)) assert.lengthOf(staffReplies, 0, context)

      for (const comment of ticket.comments) {
        assert.equal(comment.organizationId, organization.id)
        assert.isAtLeast(at(comment.createdAt)!, created, context)
        assert.isAtMost(at(comment.createdAt)!, resolved ?? updated, context)
        if (comment.visibility === 'internal') assert.isTrue(isStaff(comment.authorId), context)
        else if (comment.authorId !== ticket.requesterId) {
          assert.isTrue(isStaff(comment.authorId), context)
        }
      }
      // A customer's reply would have reopened these: the staff had the last word.
      const lastPublic = ticket.comments.filter((comment) => comment.visibility === 'public').at(-1)
      if (['waiting_customer', 'resolved', 'closed'].includes(ticket.status) && lastPublic) {
        assert.notEqual(lastPublic.authorId, ticket.requesterId, context)
      }
    }
    assert.includeMembers([...statuses], ['closed', 'resolved', 'in_progress'])

    // One audit event for the whole run, not one per ticket.
    const events = await AuditEvent.query()
      .where('organization_id', organization.id)
      .where('action', 'tickets.generated')
    assert.lengthOf(events, 1)
    assert.deepEqual(events[0].after, {
      count: 200,
      comments: 400,
      first: 'ATUM-4',
      last: 'ATUM-203',
    })
  })

  test('the same seed generates the same tickets', async ({ assert }) => {
    const subjects = []
    for (let run = 0; run < 2; run++) {
      const organization = await createOrganization()
      await createMember(organization, 'customer')
      await createMember(organization, 'agent')
      const { command } = await runCommand('atum:generate', [
        `--org=${organization.slug}`,
        '--tickets=20',
        '--comments-per-ticket=0',
        '--seed=99',
      ])
      command.assertSucceeded()
      const tickets = await Ticket.query()
        .where('organization_id', organization.id)
        .orderBy('number')
      subjects.push(tickets.map((ticket) => `${ticket.subject}|${ticket.status}`))
      assert.lengthOf(
        await TicketComment.query().where('organization_id', organization.id),
        0,
        'no comments with --comments-per-ticket=0'
      )
    }
    assert.deepEqual(subjects[0], subjects[1])
  })

  test('an organization without customers or staff gets a few of each', async ({ assert }) => {
    const organization = await createOrganization()
    const { command, stdout } = await runCommand('atum:generate', [
      `--org=${organization.slug}`,
      '--tickets=30',
      '--comments-per-ticket=1',
    ])
    command.assertSucceeded()
    const memberships = await Membership.query().where('organization_id', organization.id)
    const count = (role: string) => memberships.filter((row) => row.role === role).length
    assert.isAtLeast(count('customer'), 3)
    assert.isAtLeast(count('agent'), 2)
    assert.equal(stdout.filter((line) => line.includes('Created ')).length, memberships.length)
    assert.match(stdout.at(-2)!, /Generated 30 tickets \(ATUM-1 to ATUM-30\) and 30 comments/)
    assert.match(stdout.at(-1)!, /Analyzed tickets, ticket_comments/)
  })

  test('refuses bad arguments with a clear message and exit code 1', async ({ assert }) => {
    const organization = await createOrganization()
    await createMember(organization, 'customer')
    await createMember(organization, 'agent')
    const org = `--org=${organization.slug}`
    const tickets = '--tickets must be a whole number from 1 to 1,000,000'
    const comments = '--comments-per-ticket must be a whole number from 0 to 50'

    const cases: Array<[string[], string]> = [
      [['--org=no-such-org', '--tickets=10'], 'No organization has the slug "no-such-org"'],
      [[org], 'Missing required flag --tickets'],
      [['--tickets=10'], 'Missing required flag --org'],
      [[org, '--tickets=0'], tickets],
      [[org, '--tickets=-5'], tickets],
      [[org, '--tickets=1000001'], tickets],
      [[org, '--tickets=2.5'], tickets],
      [[org, '--tickets=many'], tickets],
      [[org, '--tickets=10', '--comments-per-ticket=51'], comments],
      [[org, '--tickets=10', '--comments-per-ticket=-1'], comments],
      [[org, '--tickets=10', '--comments-per-ticket=x'], comments],
    ]
    for (const [argv, message] of cases) {
      const { command, stderr } = await runCommand('atum:generate', argv)
      command.assertExitCode(1)
      assert.lengthOf(stderr, 1, argv.join(' '))
      assert.include(stderr[0], message, argv.join(' '))
    }
    assert.lengthOf(await Ticket.query().where('organization_id', organization.id), 0)
  })

  test('search over generated tickets: staff find notes, customers only public text', async ({
    assert,
  }) => {
    const organization = await createOrganization({ settings: { customersSeeAllTickets: true } })
    const { membership: customer } = await createMember(organization, 'customer')
    const { membership: agent } = await createMember(organization, 'agent')
    const { command } = await runCommand('atum:generate', [
      `--org=${organization.slug}`,
      '--tickets=150',
      '--comments-per-ticket=4',
      '--seed=3',
    ])
    command.assertSucceeded()

    const ticketsWith = async (word: string, visibility?: 'public') => {
      const rows = await db
        .from('tickets')
        .where('organization_id', organization.id)
        .where((match) => {
          match.whereILike('subject', `%${word}%`).orWhereILike('description', `%${word}%`)
          match.orWhereExists((comments) => {
            comments
              .from('ticket_comments')
              .whereColumn('ticket_comments.ticket_id', 'tickets.id')
              .whereILike('body', `%${word}%`)
            if (visibility) comments.where('visibility', visibility)
          })
        })
        .count('* as total')
      return Number(rows[0].total)
    }

    // "Escalated" is only ever written in internal notes.
    const noted = await ticketsWith('escalated')
    assert.isAbove(noted, 0)
    assert.equal(await ticketsWith('escalated', 'public'), 0)
    const staffNote = await listTickets(agent, { q: 'escalated' })
    assert.equal(staffNote.total, noted)
    const customerNote = await listTickets(customer, { q: 'escalated' })
    assert.equal(customerNote.total, 0)

    // A word of subjects, descriptions and replies alike.
    const staffPrinter = await listTickets(agent, { q: 'printer', per_page: 100 })
    assert.equal(staffPrinter.total, await ticketsWith('printer'))
    const customerPrinter = await listTickets(customer, { q: 'printer', per_page: 100 })
    assert.equal(customerPrinter.total, await ticketsWith('printer', 'public'))
  })
})
