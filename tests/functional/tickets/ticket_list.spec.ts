import { test } from '@japa/runner'
import { listTickets } from '#services/search/ticket_list'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createOrganization } from '#tests/helpers/factories'
import { createTicket, replyAndNote } from '#tests/helpers/tickets'

test.group('Ticket list and search', (group) => {
  isolateEachTest(group)

  test('search finds a ticket by a word of a comment; customers never by a note', async ({
    assert,
  }) => {
    const organization = await createOrganization()
    const { membership: customer } = await createMember(organization, 'customer')
    const { membership: agent } = await createMember(organization, 'agent')
    const ticket = await createTicket(customer, { subject: 'Cannot print', description: 'Help' })
    await createTicket(customer, { subject: 'Other thing', description: 'Nothing here' })
    await replyAndNote(ticket, agent, 'The fuser unit is worn', 'vendor contract expired')

    const byComment = await listTickets(agent, { q: 'fuser' })
    assert.deepEqual(
      byComment.all().map((row) => row.number),
      [ticket.number]
    )
    const staffNote = await listTickets(agent, { q: 'contract' })
    assert.lengthOf(staffNote.all(), 1)
    const customerNote = await listTickets(customer, { q: 'contract' })
    assert.lengthOf(customerNote.all(), 0)
    const customerPublic = await listTickets(customer, { q: 'fuser' })
    assert.lengthOf(customerPublic.all(), 1)
    assert.equal(customerPublic.total, 1)
  })

  test('filters and pagination happen in the database', async ({ assert }) => {
    const organization = await createOrganization()
    const { membership: customer } = await createMember(organization, 'customer')
    const { membership: agent } = await createMember(organization, 'agent')
    for (let index = 0; index < 7; index++) await createTicket(customer)
    const page = await listTickets(agent, { view: 'unassigned', page: 2, per_page: 5 })
    assert.equal(page.total, 7)
    assert.lengthOf(page.all(), 2)
    const mine = await listTickets(agent, { view: 'mine' })
    assert.equal(mine.total, 0)
  })
})
