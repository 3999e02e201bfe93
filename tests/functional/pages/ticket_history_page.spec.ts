import { test } from '@japa/runner'
import TransitionTicket from '#actions/tickets/transition_ticket'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTeam } from '#tests/helpers/factories'
import { createTicket } from '#tests/helpers/tickets'
import Actor from '#actions/actor'

test.group('Ticket history on the desk ticket page', (group) => {
  isolateEachTest(group)

  test('staff see the ticket’s own trail; the customer page shows none of it', async ({
    client,
    assert,
  }) => {
    const { customer, manager } = await createTeam()
    const ticket = await createTicket(customer.membership)
    await TransitionTicket.handle(Actor.forMember(manager.membership), {
      ticket,
      transition: 'accept',
    })

    const desk = await client.get(`/desk/tickets/${ticket.reference}`).loginAs(manager.user)
    desk.assertStatus(200)
    assert.include(desk.text(), 'data-ticket-history')
    assert.include(desk.text(), manager.user.fullName)

    const portal = await client.get(`/tickets/${ticket.reference}`).loginAs(customer.user)
    portal.assertStatus(200)
    assert.notInclude(portal.text(), 'data-ticket-history')
  })
})
