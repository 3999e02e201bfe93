import { test } from '@japa/runner'
import Ticket, { OPEN_STATUSES } from '#models/ticket'
import { visibleTickets } from '#queries/ticket_scope'
import { listTickets } from '#services/search/ticket_list'
import { COUNT_CAP } from '#queries/capped_pagination'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createOrganization } from '#tests/helpers/factories'
import { commentOnEach, createTicket, manyTickets, replyAndNote } from '#tests/helpers/tickets'

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

test.group('Ticket list and search past the count cap', (group) => {
  isolateEachTest(group)

  /**
   * 1,010 tickets of one customer, oldest first ("Request 0" … "Request
   * 1009"): "fuser" in every one, "toner" in exactly 1,000; the oldest and
   * one recent ticket hold "fuser" three times.
   */
  async function manyRequests() {
    const organization = await createOrganization()
    const { membership: customer } = await createMember(organization, 'customer')
    const { membership: agent } = await createMember(organization, 'agent')
    await manyTickets(customer, 1010, (index) => ({
      subject: index === 0 || index === 1005 ? `Request ${index}: fuser fuser` : `Request ${index}`,
      description: index >= 10 ? 'The fuser is hot and the toner low' : 'The fuser is hot',
    }))
    const numbers = await Ticket.query()
      .where('organization_id', organization.id)
      .orderBy('number')
      .select('number')
    return { customer, agent, numbers: numbers.map((ticket) => ticket.number) }
  }

  test('a search with more matches says "1,000+", ranking the most recent candidates', async ({
    assert,
  }) => {
    const { agent, numbers } = await manyRequests()

    const first = await listTickets(agent, { q: 'fuser' })
    assert.isTrue(first.totalCapped)
    assert.equal(first.total, COUNT_CAP)
    assert.equal(first.lastPage, 40)
    assert.isTrue(first.hasMorePages)
    assert.lengthOf(first.all(), 25)
    // The stronger match first; the oldest one, as strong, is past the
    // candidates (the most recent 1,001), then the most recent first.
    assert.equal(first.all()[0].number, numbers[1005])
    assert.equal(first.all()[1].number, numbers[1009])
    assert.notInclude(
      first.all().map((ticket) => ticket.number),
      numbers[0]
    )

    // The pages go on while rows follow; the total stays a floor.
    const fortieth = await listTickets(agent, { q: 'fuser', page: 40 })
    assert.isTrue(fortieth.totalCapped)
    assert.equal(fortieth.lastPage, 41)
    const last = await listTickets(agent, { q: 'fuser', page: 41 })
    assert.lengthOf(last.all(), 1)
    assert.isTrue(last.totalCapped)
    assert.isFalse(last.hasMorePages)

    // Exactly 1,000 matches are counted exactly.
    const toner = await listTickets(agent, { q: 'toner' })
    assert.isFalse(toner.totalCapped)
    assert.equal(toner.total, 1000)
    assert.equal(toner.lastPage, 40)
  })

  test('found by comments past the cap: staff by notes, the customer by public replies only', async ({
    assert,
  }) => {
    const { customer, agent } = await manyRequests()
    await commentOnEach(agent, 'Escalated to the zyxvendor', 'internal', 'Request %')
    await commentOnEach(agent, 'A technician comes by qwtechnician', 'public', 'Request %')

    const staffNotes = await listTickets(agent, { q: 'zyxvendor' })
    assert.isTrue(staffNotes.totalCapped)
    assert.equal(staffNotes.total, COUNT_CAP)
    assert.lengthOf(staffNotes.all(), 25)

    const customerNotes = await listTickets(customer, { q: 'zyxvendor' })
    assert.isFalse(customerNotes.totalCapped)
    assert.equal(customerNotes.total, 0)
    assert.lengthOf(customerNotes.all(), 0)
    const beyond = await listTickets(customer, { q: 'zyxvendor', page: 3 })
    assert.equal(beyond.total, 0)

    const customerReplies = await listTickets(customer, { q: 'qwtechnician' })
    assert.isTrue(customerReplies.totalCapped)
    assert.lengthOf(customerReplies.all(), 25)
  })

  test('a filtered list counts up to the cap, a plain view has its total from the counters, a last page is exact', async ({
    assert,
  }) => {
    const { agent, customer } = await manyRequests()

    // Narrowed to one requester (who opened all 1,010): counted, up to the cap.
    const counted = await listTickets(agent, { view: 'all' }, { requesterId: customer.userId })
    assert.isTrue(counted.totalCapped)
    assert.equal(counted.total, COUNT_CAP)

    // No filter, no search: the exact total of ticket_status_counts.
    const plain = await listTickets(agent, { view: 'all' })
    assert.isFalse(plain.totalCapped)
    assert.equal(plain.total, 1010)
    assert.equal(plain.lastPage, 41)
    const open = await listTickets(agent, { view: 'open' })
    const [{ total }] = await visibleTickets(agent)
      .whereIn('status', [...OPEN_STATUSES])
      .count('* as total')
      .pojo<{ total: number }>()
    assert.isFalse(open.totalCapped)
    assert.equal(open.total, Number(total))

    const given = await listTickets(agent, { view: 'all' }, { knownTotal: 1010 })
    assert.isFalse(given.totalCapped)
    assert.equal(given.total, 1010)
    assert.equal(given.lastPage, 41)

    const mine = { requesterId: customer.userId }
    const lastPage = await listTickets(agent, { view: 'all', page: 41 }, mine)
    assert.isFalse(lastPage.totalCapped)
    assert.equal(lastPage.total, 1010)
    assert.lengthOf(lastPage.all(), 10)

    // Past the end: nothing listed, the total a floor again.
    const pastTheEnd = await listTickets(agent, { view: 'all', page: 50 }, mine)
    assert.lengthOf(pastTheEnd.all(), 0)
    assert.isTrue(pastTheEnd.totalCapped)
    assert.equal(pastTheEnd.total, COUNT_CAP)

    const filtered = await listTickets(agent, { view: 'all', q: 'toner', per_page: 100, page: 10 })
    assert.isFalse(filtered.totalCapped)
    assert.equal(filtered.total, 1000)
    assert.lengthOf(filtered.all(), 100)
  })
})
