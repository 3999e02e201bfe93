import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { apiMember } from '#tests/helpers/api'
import { createOrganization } from '#tests/helpers/factories'
import { XSS_PAYLOADS, executableMarkup } from '#tests/fixtures/xss_payloads'

/**
 * Every payload of the XSS corpus, written as a ticket description and as a
 * comment through the API: the markdown comes back as written (it is data,
 * in JSON), the *_html fields inert, in every answer that carries them.
 */
test.group('API: the XSS corpus is inert in description_html and body_html', (group) => {
  let customer: Awaited<ReturnType<typeof apiMember>>
  let agent: Awaited<ReturnType<typeof apiMember>>

  // One organization for the corpus (each payload opens its own ticket),
  // in one transaction rolled back after the group.
  group.setup(() => testUtils.db().withGlobalTransaction())
  group.setup(async () => {
    const organization = await createOrganization()
    customer = await apiMember(organization, 'customer')
    agent = await apiMember(organization, 'agent')
  })

  for (const [index, payload] of XSS_PAYLOADS.entries()) {
    test(`payload ${index + 1}: ${JSON.stringify(payload)}`, async ({ client, assert }) => {
      const created = await client
        .post('/api/v1/tickets')
        .bearerToken(customer.token)
        .json({ subject: `XSS ${index + 1}`, description: payload })
      created.assertStatus(201)
      assert.match(created.header('content-type') ?? '', /^application\/json/)
      const { number, description } = created.body().data
      assert.equal(description, payload.trim())

      const comment = await client
        .post(`/api/v1/tickets/${number}/comments`)
        .bearerToken(agent.token)
        .json({ body: payload })
      comment.assertStatus(201)

      const shown = await client.get(`/api/v1/tickets/${number}`).bearerToken(customer.token)
      const listed = await client
        .get(`/api/v1/tickets?q=${encodeURIComponent(`XSS ${index + 1}`)}&per_page=100`)
        .bearerToken(customer.token)
      const row = listed.body().data.find((ticket: { number: string }) => ticket.number === number)
      const conversation = await client
        .get(`/api/v1/tickets/${number}/comments`)
        .bearerToken(customer.token)

      const fragments = [
        created.body().data.description_html,
        shown.body().data.description_html,
        row.description_html,
        comment.body().data.body_html,
        conversation.body().data[0].body_html,
      ]
      for (const html of fragments) {
        assert.isString(html)
        assert.deepEqual(executableMarkup(html), [], html)
      }
    })
  }
})
