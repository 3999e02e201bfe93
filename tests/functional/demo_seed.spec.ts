import { test } from '@japa/runner'
import ace from '@adonisjs/core/services/ace'
import Organization from '#models/organization'
import Ticket, { TICKET_STATUSES } from '#models/ticket'
import TicketComment from '#models/ticket_comment'
import User from '#models/user'
import AuditEvent from '#models/audit_event'
import { isolateEachTest } from '#tests/helpers/isolation'

test.group('Demo seed', (group) => {
  isolateEachTest(group)

  test('db:seed creates the demo organizations and can run again without duplicates', async ({
    assert,
  }) => {
    ace.ui.switchMode('raw')
    for (let run = 0; run < 2; run++) {
      const command = await ace.exec('db:seed', [])
      command.assertSucceeded()
    }
    const organizations = await Organization.query().orderBy('slug')
    assert.deepEqual(
      organizations.map((organization) => organization.slug),
      ['acme', 'globex']
    )

    // A few dozen tickets per organization, across every status, once.
    for (const [slug, count, customers] of [
      ['acme', 36, ['dana@customer.test', 'emil@customer.test']],
      ['globex', 24, ['jon@client.test', 'kara@client.test']],
    ] as const) {
      const organization = organizations.find((row) => row.slug === slug)!
      const tickets = await Ticket.query()
        .where('organization_id', organization.id)
        .preload('requester')
        .orderBy('number')
      assert.lengthOf(tickets, count, slug)
      assert.sameMembers([...new Set(tickets.map((ticket) => ticket.status))], [...TICKET_STATUSES])
      assert.sameMembers(
        [...new Set(tickets.map((ticket) => ticket.requester.email))],
        [...customers],
        `${slug}: the demo customers are the requesters`
      )
      const comments = await TicketComment.query().where('organization_id', organization.id)
      assert.isAbove(comments.length, count)
      assert.isTrue(comments.some((comment) => comment.visibility === 'internal'))
      const generated = await AuditEvent.query()
        .where('organization_id', organization.id)
        .where('action', 'tickets.generated')
      assert.lengthOf(generated, 1, `${slug}: seeding again adds no tickets`)
    }

    // ATUM-1 of Acme: Dana's fresh VPN ticket, waiting for the desk.
    const acme = organizations.find((row) => row.slug === 'acme')!
    const first = await Ticket.query()
      .where('organization_id', acme.id)
      .where('number', 1)
      .preload('comments')
      .firstOrFail()
    const dana = await User.findByEmail('dana@customer.test')
    assert.equal(first.subject, 'Cannot connect to the VPN since this morning')
    assert.equal(first.requesterId, dana!.id)
    assert.equal(first.status, 'new')
    assert.isNull(first.assigneeId)
    assert.lengthOf(first.comments, 0)
  })
})
