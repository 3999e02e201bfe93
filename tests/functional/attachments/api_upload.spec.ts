import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { test } from '@japa/runner'
import Attachment from '#models/attachment'
import AuditEvent from '#models/audit_event'
import AddComment from '#actions/tickets/add_comment'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createOrganization } from '#tests/helpers/factories'
import { createTicket } from '#tests/helpers/tickets'
import {
  SAMPLES,
  groupFixtureFolder,
  removeStoredFilesAfterEachTest,
  sha256,
  storageFolder,
  storedFileNames,
} from '#tests/helpers/attachments'
import { apiMember } from '#tests/helpers/api'
import Actor from '#actions/actor'

async function team() {
  const organization = await createOrganization()
  const customer = await apiMember(organization, 'customer')
  const agent = await apiMember(organization, 'agent')
  const ticket = await createTicket(customer.membership)
  return { organization, customer, agent, ticket }
}

/** Files whose name claims one type while the content is another. */
const DISGUISED = [
  {
    name: 'a Linux executable',
    filename: 'holiday.png',
    bytes: SAMPLES.elf,
    claimed: 'image/png',
    reason: 'its content is ELF',
  },
  {
    name: 'a Windows program',
    filename: 'report.pdf',
    bytes: SAMPLES.exe,
    claimed: 'application/pdf',
    reason: 'its content is EXE',
  },
  {
    name: 'an HTML page',
    filename: 'cat.png',
    bytes: SAMPLES.html,
    claimed: 'image/png',
    reason: 'its content is not of a type we accept',
  },
  {
    name: 'binary data named as text',
    filename: 'notes.txt',
    bytes: Buffer.from([0x68, 0x69, 0x00, 0xff, 0xfe, 0x00]),
    claimed: 'text/plain',
    reason: 'not UTF-8 text',
  },
]

interface AttachmentJson {
  id: number
  filename: string
  content_type: string
  size: number
  sha256: string
  comment_id: number | null
  url: string
}

test.group('Attachments API: upload', (group) => {
  isolateEachTest(group)
  removeStoredFilesAfterEachTest(group)
  const fixtures = groupFixtureFolder(group, 'api-upload')

  test('a PNG, a PDF and a CSV are stored under random names with their SHA-256', async ({
    client,
    assert,
  }) => {
    const { organization, customer, ticket } = await team()
    const response = await client
      .post(`/api/v1/tickets/${ticket.reference}/attachments`)
      .bearerToken(customer.token)
      .file('files', await fixtures.write('screenshot.png', SAMPLES.png), {
        contentType: 'application/octet-stream',
      })
      .file('files', await fixtures.write('invoice.pdf', SAMPLES.pdf))
      .file('files', await fixtures.write('times.csv', SAMPLES.csv), {
        contentType: 'image/png',
      })

    response.assertStatus(201)
    const { data } = response.body() as { data: AttachmentJson[] }
    assert.deepEqual(
      data.map(({ filename, content_type: type, size, sha256: hash, comment_id: commentId }) => ({
        filename,
        type,
        size,
        hash,
        commentId,
      })),
      [
        {
          filename: 'screenshot.png',
          type: 'image/png',
          size: SAMPLES.png.length,
          hash: sha256(SAMPLES.png),
          commentId: null,
        },
        {
          filename: 'invoice.pdf',
          type: 'application/pdf',
          size: SAMPLES.pdf.length,
          hash: sha256(SAMPLES.pdf),
          commentId: null,
        },
        {
          filename: 'times.csv',
          // The content decides, not the client's "image/png".
          type: 'text/csv',
          size: SAMPLES.csv.length,
          hash: sha256(SAMPLES.csv),
          commentId: null,
        },
      ]
    )
    assert.equal(data[0].url, `/api/v1/attachments/${data[0].id}`)

    // On disk: random names in the organization's folder, the same bytes.
    const rows = await Attachment.query().where('ticket_id', ticket.id).orderBy('id')
    assert.lengthOf(rows, 3)
    const names = await storedFileNames(organization.id)
    assert.sameMembers(
      names,
      rows.map((row) => row.storageKey.split('/')[1])
    )
    for (const [index, row] of rows.entries()) {
      assert.match(row.storageKey, new RegExp(`^${organization.id}/[0-9a-f-]{36}$`))
      assert.notInclude(row.storageKey, row.filename)
      assert.notInclude(row.storageKey, '.')
      const stored = await readFile(join(storageFolder(), row.storageKey))
      assert.equal(sha256(stored), data[index].sha256)
    }

    const event = await AuditEvent.query()
      .where('organization_id', organization.id)
      .where('action', 'ticket.attachment_added')
      .firstOrFail()
    assert.equal(event.subjectId, String(ticket.number))
    assert.equal(event.actorId, customer.user.id)
    assert.lengthOf((event.after as { attachments: unknown[] }).attachments, 3)
  })

  test('{name} disguised by its name is refused by its content')
    .with(DISGUISED)
    .run(async ({ client, assert }, row) => {
      const { organization, customer, ticket } = await team()
      const response = await client
        .post(`/api/v1/tickets/${ticket.reference}/attachments`)
        .bearerToken(customer.token)
        .file('files', await fixtures.write('fine.png', SAMPLES.png))
        .file('files', await fixtures.write(row.filename, row.bytes), { contentType: row.claimed })

      response.assertStatus(422)
      const { errors } = response.body() as { errors: Array<{ field: string; message: string }> }
      assert.lengthOf(errors, 1)
      assert.equal(errors[0].field, 'files')
      assert.include(errors[0].message, `“${row.filename}” cannot be attached`)
      assert.include(errors[0].message, row.reason)

      // All or nothing: not even the good PNG is kept.
      assert.lengthOf(await Attachment.query().where('ticket_id', ticket.id), 0)
      assert.deepEqual(await storedFileNames(organization.id), [])
    })

  test('an upload without files is refused with a message', async ({ client, assert }) => {
    const { customer, ticket } = await team()
    const response = await client
      .post(`/api/v1/tickets/${ticket.reference}/attachments`)
      .bearerToken(customer.token)
      .field('comment_id', '')
    response.assertStatus(422)
    assert.deepEqual(response.body(), {
      errors: [{ field: 'files', message: 'Choose at least one file to attach.' }],
    })
  })

  test('files go on a comment the member may see; a customer never reaches an internal note', async ({
    client,
    assert,
  }) => {
    const { customer, agent, ticket } = await team()
    const reply = await AddComment.handle(Actor.forMember(customer.membership), {
      ticket,
      body: 'Here it is',
    })
    const note = await AddComment.handle(Actor.forMember(agent.membership), {
      ticket,
      body: 'Staff only',
      internal: true,
    })
    const png = await fixtures.write('screen.png', SAMPLES.png)

    const onReply = await client
      .post(`/api/v1/tickets/${ticket.number}/attachments`)
      .bearerToken(customer.token)
      .field('comment_id', String(reply.id))
      .file('files', png)
    onReply.assertStatus(201)
    assert.equal(
      (onReply.body() as { data: AttachmentJson[] }).data[0].comment_id,
      Number(reply.id)
    )

    const onNote = await client
      .post(`/api/v1/tickets/${ticket.number}/attachments`)
      .bearerToken(customer.token)
      .field('comment_id', String(note.id))
      .file('files', png)
    onNote.assertStatus(422)
    assert.deepEqual(onNote.body(), {
      errors: [{ field: 'comment_id', message: 'There is no such comment on this ticket.' }],
    })

    const staffOnNote = await client
      .post(`/api/v1/tickets/${ticket.number}/attachments`)
      .bearerToken(agent.token)
      .field('comment_id', String(note.id))
      .file('files', png)
    staffOnNote.assertStatus(201)
  })

  test("another organization's ticket answers 404 and keeps nothing", async ({
    client,
    assert,
  }) => {
    const { ticket } = await team()
    const other = await createOrganization()
    const outsider = await apiMember(other, 'admin')
    const response = await client
      .post(`/api/v1/tickets/${ticket.reference}/attachments`)
      .bearerToken(outsider.token)
      .file('files', await fixtures.write('x.png', SAMPLES.png))
    response.assertStatus(404)
    assert.lengthOf(await Attachment.query().where('ticket_id', ticket.id), 0)

    const anonymous = await client
      .post(`/api/v1/tickets/${ticket.reference}/attachments`)
      .file('files', await fixtures.write('y.png', SAMPLES.png))
    anonymous.assertStatus(401)
  })

  test('a 10 MB file goes through the real HTTP API', async ({ client, assert }) => {
    const { customer, ticket } = await team()
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(10 * 1024 * 1024)])
    const path = await fixtures.write('large-scan.pdf', bytes)

    const started = performance.now()
    const response = await client
      .post(`/api/v1/tickets/${ticket.reference}/attachments`)
      .bearerToken(customer.token)
      .file('files', path)
    const seconds = (performance.now() - started) / 1000
    console.log(`  10 MB upload through the API: ${seconds.toFixed(2)} s`)

    response.assertStatus(201)
    const [attachment] = (response.body() as { data: AttachmentJson[] }).data
    assert.equal(attachment.size, bytes.length)
    assert.equal(attachment.sha256, sha256(bytes))
    assert.equal(attachment.content_type, 'application/pdf')
  }).timeout(60_000)
})
