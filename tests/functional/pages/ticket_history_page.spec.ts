import { test } from '@japa/runner'
import TransitionTicket from '#actions/tickets/transition_ticket'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createOrganization } from '#tests/helpers/factories'
import { createTicket } from '#tests/helpers/tickets'

test.group('Ticket history on the desk ticket page', (group) => {
  isolateEachTest(group)

  test('staff see the ticket’s own trail; the customer page shows none of it', async ({
    client,
    assert,
  }) => {
    const organization = await createOrganization()
    const { user: customerUser, membership: customer } = await createMember(
      organization,
      'customer'
    )
    const { user: managerUser, membership: manager } = await createMember(organization, 'manager', {
      fullName: 'Morgan Manager',
    })
    const ticket = await createTicket(customer)
    await TransitionTicket.handle(ticket, 'accept', manager, { user: managerUser })

    const desk = await client.get(`/desk/tickets/${ticket.reference}`).loginAs(managerUser)
    desk.assertStatus(200)
    assert.include(desk.text(), 'data-ticket-history')
    assert.include(desk.text(), 'Morgan Manager')

    const portal = await client.get(`/tickets/${ticket.reference}`).loginAs(customerUser)
    portal.assertStatus(200)
    assert.notInclude(portal.text(), 'data-ticket-history')
  })
})
