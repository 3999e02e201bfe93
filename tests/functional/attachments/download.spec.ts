import { test } from '@japa/runner'
import type { ApiResponse } from '@japa/api-client'
import type Membership from '#models/membership'
import type Ticket from '#models/ticket'
import type TicketComment from '#models/ticket_comment'
import AddComment from '#actions/tickets/add_comment'
import AttachFiles from '#actions/attachments/attach_files'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createOrganization } from '#tests/helpers/factories'
import { createTicket } from '#tests/helpers/tickets'
import {
  SAMPLES,
  groupFixtureFolder,
  removeStoredFilesAfterEachTest,
  uploadedFile,
} from '#tests/helpers/attachments'
import { apiMember } from '#tests/helpers/api'
import Actor from '#actions/actor'

test.group('Attachments: download', (group) => {
  isolateEachTest(group)
  removeStoredFilesAfterEachTest(group)
  const fixtures = groupFixtureFolder(group, 'download')

  async function attach(
    ticket: Ticket,
    comment: TicketComment | null,
    membership: Membership,
    name: string,
    bytes: Buffer
  ) {
    const path = await fixtures.write(`${Date.now()}-${Math.random()}`, bytes)
    const [attachment] = await AttachFiles.handle(Actor.forMember(membership), {
      ticket,
      comment,
      files: [uploadedFile(path, name, bytes.length)],
    })
    return attachment
  }

  /** One organization with a ticket carrying a public file and an internal note's file. */
  async function scene() {
    const organization = await createOrganization()
    const customer = await apiMember(organization, 'customer')
    const otherCustomer = await apiMember(organization, 'customer')
    const agent = await apiMember(organization, 'agent')
    const ticket = await createTicket(customer.membership)
    const publicFile = await attach(
      ticket,
      null,
      customer.membership,
      'Straße Ärger 1.png',
      SAMPLES.png
    )
    const note = await AddComment.handle(Actor.forMember(agent.membership), {
      ticket,
      body: 'The vendor invoice, staff only',
      internal: true,
    })
    const internalFile = await attach(
      ticket,
      note,
      agent.membership,
      'vendor-invoice.pdf',
      SAMPLES.pdf
    )
    return { organization, customer, otherCustomer, agent, ticket, publicFile, internalFile }
  }

  function assertDownload(
    assert: import('@japa/assert').Assert,
    response: ApiResponse,
    expected: { type: string; bytes: Buffer; disposition: string }
  ) {
    response.assertStatus(200)
    assert.equal(response.header('content-type'), expected.type)
    assert.equal(response.header('content-disposition'), expected.disposition)
    assert.equal(response.header('x-content-type-options'), 'nosniff')
    assert.match(response.header('cache-control') ?? '', /^private\b/)
    assert.equal(response.header('content-security-policy'), "default-src 'none'; sandbox")
    assert.equal(Number(response.header('content-length')), expected.bytes.length)
  }

  const PNG_DISPOSITION =
    `attachment; filename="Stra_e _rger 1.png"; ` +
    `filename*=UTF-8''Stra%C3%9Fe%20%C3%84rger%201.png`

  test('the customer downloads the file of their ticket, page and API alike', async ({
    client,
    assert,
  }) => {
    const { customer, publicFile } = await scene()

    const page = await client.get(`/attachments/${publicFile.id}`).loginAs(customer.user)
    assertDownload(assert, page, {
      type: 'image/png',
      bytes: SAMPLES.png,
      disposition: PNG_DISPOSITION,
    })
    const body: unknown = page.body()
    assert.isTrue(Buffer.isBuffer(body) && body.equals(SAMPLES.png), 'the PNG itself')

    const api = await client.get(`/api/v1/attachments/${publicFile.id}`).bearerToken(customer.token)
    assertDownload(assert, api, {
      type: 'image/png',
      bytes: SAMPLES.png,
      disposition: PNG_DISPOSITION,
    })
  })

  test('the bytes downloaded are the bytes uploaded', async ({ client, assert }) => {
    const { customer, ticket } = await scene()
    const csv = await attach(ticket, null, customer.membership, 'times.csv', SAMPLES.csv)
    const response = await client.get(`/attachments/${csv.id}`).loginAs(customer.user)
    response.assertStatus(200)
    assert.equal(response.header('content-type'), 'text/csv; charset=utf-8')
    assert.equal(response.text(), SAMPLES.csv.toString('utf8'))

    const head = await client.head(`/attachments/${csv.id}`).loginAs(customer.user)
    head.assertStatus(200)
    assert.equal(Number(head.header('content-length')), SAMPLES.csv.length)

    // Revalidation by the SHA-256.
    const again = await client
      .get(`/attachments/${csv.id}`)
      .loginAs(customer.user)
      .header('If-None-Match', `"${csv.sha256}"`)
    again.assertStatus(304)
  })

  test("an internal note's file is staff only: a customer gets 404", async ({ client }) => {
    const { customer, agent, internalFile } = await scene()

    const staffPage = await client.get(`/attachments/${internalFile.id}`).loginAs(agent.user)
    staffPage.assertStatus(200)
    staffPage.assertHeader('content-type', 'application/pdf')
    const staffApi = await client
      .get(`/api/v1/attachments/${internalFile.id}`)
      .bearerToken(agent.token)
    staffApi.assertStatus(200)

    const customerPage = await client.get(`/attachments/${internalFile.id}`).loginAs(customer.user)
    customerPage.assertStatus(404)
    const customerApi = await client
      .get(`/api/v1/attachments/${internalFile.id}`)
      .bearerToken(customer.token)
    customerApi.assertStatus(404)
    customerApi.assertBody({ errors: [{ message: 'Not found.' }] })
  })

  test("a public reply's file reaches the customer; in an open organization, other customers too", async ({
    client,
  }) => {
    const { organization, customer, otherCustomer, agent, ticket, internalFile } = await scene()
    const reply = await AddComment.handle(Actor.forMember(agent.membership), {
      ticket,
      body: 'Here is the fixed driver',
    })
    const replyFile = await attach(ticket, reply, agent.membership, 'driver-notes.txt', SAMPLES.csv)
    const page = (user: typeof customer.user) =>
      client.get(`/attachments/${replyFile.id}`).loginAs(user)
    const customerDownload = await page(customer.user)
    customerDownload.assertStatus(200)
    const closedOrganization = await page(otherCustomer.user)
    closedOrganization.assertStatus(404)

    organization.settings = { ...organization.settings, customersSeeAllTickets: true }
    await organization.save()
    const openOrganization = await page(otherCustomer.user)
    openOrganization.assertStatus(200)
    const internal = await client
      .get(`/api/v1/attachments/${internalFile.id}`)
      .bearerToken(otherCustomer.token)
    internal.assertStatus(404)
  })

  test("another customer's ticket, and another organization's file, answer 404", async ({
    client,
    assert,
  }) => {
    const { otherCustomer, publicFile } = await scene()
    const elsewhere = await createOrganization()
    const outsider = await apiMember(elsewhere, 'admin')

    // The organization does not let customers see each other's tickets.
    const answers = [
      await client.get(`/attachments/${publicFile.id}`).loginAs(otherCustomer.user),
      await client.get(`/api/v1/attachments/${publicFile.id}`).bearerToken(otherCustomer.token),
      await client.get(`/attachments/${publicFile.id}`).loginAs(outsider.user),
      await client.get(`/api/v1/attachments/${publicFile.id}`).bearerToken(outsider.token),
    ]
    assert.deepEqual(
      answers.map((answer) => answer.status()),
      [404, 404, 404, 404]
    )
  })

  test('visitors are sent to sign in; the API wants a token', async ({ client, assert }) => {
    const { publicFile } = await scene()
    const page = await client.get(`/attachments/${publicFile.id}`).redirects(0)
    page.assertStatus(302)
    assert.equal(page.header('location'), '/login')
    const api = await client.get(`/api/v1/attachments/${publicFile.id}`)
    api.assertStatus(401)
  })
})
