import { test } from '@japa/runner'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTicket, replyAndNote } from '#tests/helpers/tickets'
import { apiTeam } from '#tests/helpers/api'

/**
 * Internal notes never reach a customer through the API: not in the
 * conversation, not in the ticket, not in search, not in any answer to a
 * request the customer can make.
 */
test.group('API: internal notes never reach a customer', (group) => {
  isolateEachTest(group)

  const NOTE = 'Quarantined the zyxwvut appliance pending legal review'

  async function ticketWithNote() {
    const team = await apiTeam()
    const ticket = await createTicket(team.customer.membership, {
      subject: 'Mail is slow',
      description: 'Outlook takes minutes to send.',
    })
    await replyAndNote(ticket, team.agent.membership, 'We are looking at it.', NOTE)
    return team
  }

  test('staff see and find the note', async ({ client, assert }) => {
    const { agent } = await ticketWithNote()
    const comments = await client.get('/api/v1/tickets/ATUM-1/comments').bearerToken(agent.token)
    assert.include(comments.text(), NOTE)
    const found = await client.get('/api/v1/tickets?q=zyxwvut').bearerToken(agent.token)
    assert.deepEqual(
      found.body().data.map((ticket: { number: string }) => ticket.number),
      ['ATUM-1']
    )
  })

  test('the customer does not, by any endpoint', async ({ client, assert }) => {
    const { customer } = await ticketWithNote()
    const requests = [
      client.get('/api/v1/tickets/ATUM-1/comments').bearerToken(customer.token),
      client.get('/api/v1/tickets/ATUM-1/comments?per_page=1&page=2').bearerToken(customer.token),
      client.get('/api/v1/tickets/ATUM-1').bearerToken(customer.token),
      client.get('/api/v1/tickets').bearerToken(customer.token),
      client.get('/api/v1/tickets?q=zyxwvut').bearerToken(customer.token),
      client.get('/api/v1/tickets?q=legal%20review').bearerToken(customer.token),
      client
        .post('/api/v1/tickets/ATUM-1/comments')
        .bearerToken(customer.token)
        .json({ body: 'Any news?' }),
      client
        .post('/api/v1/tickets/ATUM-1/comments')
        .bearerToken(customer.token)
        .json({ body: 'zyxwvut', internal: true }),
    ]
    for (const request of requests) {
      const response = await request
      assert.notInclude(response.text(), 'zyxwvut appliance')
      assert.notInclude(response.text(), 'Quarantined')
      assert.notInclude(response.text(), '"visibility":"internal"')
    }

    const comments = await client.get('/api/v1/tickets/ATUM-1/comments').bearerToken(customer.token)
    assert.deepEqual(
      comments.body().data.map((comment: { body: string }) => comment.body),
      ['We are looking at it.', 'Any news?']
    )
    assert.equal(comments.body().meta.total, 2)

    const search = await client.get('/api/v1/tickets?q=zyxwvut').bearerToken(customer.token)
    search.assertStatus(200)
    assert.deepEqual(search.body().data, [])
    assert.equal(search.body().meta.total, 0)

    // A word of the public reply still finds the ticket for the customer.
    const publicWord = await client.get('/api/v1/tickets?q=looking').bearerToken(customer.token)
    assert.equal(publicWord.body().meta.total, 1)
  })
})
