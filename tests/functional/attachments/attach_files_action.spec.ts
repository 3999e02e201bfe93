import { existsSync } from 'node:fs'
import { truncate } from 'node:fs/promises'
import { test } from '@japa/runner'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import Ticket from '#models/ticket'
import Attachment from '#models/attachment'
import AuditEvent from '#models/audit_event'
import AddComment from '#actions/tickets/add_comment'
import AttachFiles from '#actions/attachments/attach_files'
import attachmentsConfig from '#config/attachments'
import { attachmentsFor } from '#queries/attachments_for'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createOrganization } from '#tests/helpers/factories'
import { createTicket } from '#tests/helpers/tickets'
import {
  SAMPLES,
  groupFixtureFolder,
  removeStoredFilesAfterEachTest,
  sha256,
  storedFileNames,
  uploadedFile,
} from '#tests/helpers/attachments'
import Actor from '#actions/actor'

async function team() {
  const organization = await createOrganization()
  const { membership: customer } = await createMember(organization, 'customer')
  const { membership: agent } = await createMember(organization, 'agent')
  const ticket = await createTicket(customer)
  return { organization, customer, agent, ticket }
}

test.group('AttachFiles action', (group) => {
  isolateEachTest(group)
  removeStoredFilesAfterEachTest(group)
  const fixtures = groupFixtureFolder(group, 'action')
  let sequence = 0

  /** An upload as the bodyparser leaves it: a temporary file and the client's name. */
  async function upload(clientName: string, bytes: Buffer, size = bytes.length) {
    const path = await fixtures.write(`upload-${++sequence}`, bytes)
    if (size !== bytes.length) await truncate(path, size)
    return uploadedFile(path, clientName, size)
  }

  test('a file one byte over ATTACHMENT_MAX_MB is refused; one at the limit is kept', async ({
    assert,
  }) => {
    const { organization, customer, ticket } = await team()
    const limit = attachmentsConfig.maxFileBytes
    assert.equal(limit, attachmentsConfig.maxMegabytes * 1024 * 1024)

    // Sparse files: a PDF header, then zeros up to the size.
    const tooLarge = await upload('scan.pdf', SAMPLES.pdf, limit + 1)
    await assert.rejects(
      () =>
        AttachFiles.handle(Actor.forMember(customer), { ticket, comment: null, files: [tooLarge] }),
      `“scan.pdf” cannot be attached: it is larger than ${attachmentsConfig.maxMegabytes} MB.`
    )
    assert.isFalse(existsSync(tooLarge.tmpPath!), 'the refused upload is deleted')
    assert.deepEqual(await storedFileNames(organization.id), [])

    const atLimit = await upload('scan.pdf', SAMPLES.pdf, limit)
    const [kept] = await AttachFiles.handle(Actor.forMember(customer), {
      ticket,
      comment: null,
      files: [atLimit],
    })
    assert.equal(kept.size, limit)
    assert.equal(kept.contentType, 'application/pdf')
  }).timeout(30_000)

  test('the size is read from the file, not from what the upload announced', async ({ assert }) => {
    const { customer, ticket } = await team()
    const file = await upload('scan.pdf', SAMPLES.pdf, attachmentsConfig.maxFileBytes + 10)
    file.size = 100
    await assert.rejects(
      () => AttachFiles.handle(Actor.forMember(customer), { ticket, comment: null, files: [file] }),
      /is larger than/
    )
  }).timeout(30_000)

  test('refusals name the problem: no file, too many, empty', async ({ assert }) => {
    const { customer, ticket } = await team()
    await assert.rejects(
      () => AttachFiles.handle(Actor.forMember(customer), { ticket, comment: null, files: [] }),
      'Choose at least one file to attach.'
    )

    const many: MultipartFile[] = []
    for (let index = 0; index <= attachmentsConfig.maxFilesPerUpload; index++) {
      many.push(await upload(`shot-${index}.png`, SAMPLES.png))
    }
    await assert.rejects(
      () => AttachFiles.handle(Actor.forMember(customer), { ticket, comment: null, files: many }),
      `Attach at most ${attachmentsConfig.maxFilesPerUpload} files at once (${many.length} were sent).`
    )
    assert.isTrue(
      many.every((file) => !existsSync(file.tmpPath!)),
      'every upload of a refused request is deleted'
    )

    await assert.rejects(
      () =>
        AttachFiles.handle(Actor.forMember(customer), {
          ticket,
          comment: null,
          files: [uploadedFile('/nonexistent', 'a.png', 10)],
        }),
      '“a.png” cannot be attached: it did not arrive completely, please try again.'
    )
    const empty = await upload('empty.txt', Buffer.alloc(0))
    await assert.rejects(
      () =>
        AttachFiles.handle(Actor.forMember(customer), { ticket, comment: null, files: [empty] }),
      '“empty.txt” cannot be attached: it is empty.'
    )
    assert.lengthOf(await Attachment.query().where('ticket_id', ticket.id), 0)
  })

  test('precheck refuses a form before anything is created, and keeps good uploads for handle', async ({
    assert,
  }) => {
    const { customer, ticket } = await team()
    const good = await upload('screen.png', SAMPLES.png)
    const bad = await upload('screen2.png', SAMPLES.elf)
    await assert.rejects(
      () => AttachFiles.precheck([good, bad]),
      /“screen2\.png” cannot be attached/
    )
    assert.isFalse(
      existsSync(good.tmpPath!) || existsSync(bad.tmpPath!),
      'refused uploads are deleted'
    )

    const kept = await upload('screen.png', SAMPLES.png)
    await AttachFiles.precheck([kept])
    await AttachFiles.precheck([])
    assert.isTrue(existsSync(kept.tmpPath!))
    const [attachment] = await AttachFiles.handle(Actor.forMember(customer), {
      ticket,
      comment: null,
      files: [kept],
    })
    assert.equal(attachment.contentType, 'image/png')
  })

  test('the refusal is an ActionError 422 on the field "files"', async ({ assert }) => {
    const { customer, ticket } = await team()
    const file = await upload('invoice.docm', SAMPLES.exe)
    try {
      await AttachFiles.handle(Actor.forMember(customer), { ticket, comment: null, files: [file] })
      assert.fail('expected a refusal')
    } catch (error) {
      assert.include(error, { status: 422, field: 'files' })
    }
  })

  test('names are cleaned: no path, no control or direction characters', async ({ assert }) => {
    const { customer, ticket } = await team()
    const attachments = await AttachFiles.handle(Actor.forMember(customer), {
      ticket,
      comment: null,
      files: [
        await upload('C:\\Users\\ada\\Desktop\\report.pdf', SAMPLES.pdf),
        await upload('../../etc/\u0000passwd\u0007.txt', SAMPLES.csv),
        await upload('invoice\u202Egnp.pdf', SAMPLES.pdf),
        await upload('   ', SAMPLES.pdf),
      ],
    })
    assert.deepEqual(
      attachments.map((attachment) => attachment.filename),
      ['report.pdf', 'passwd.txt', 'invoicegnp.pdf', 'file']
    )
  })

  test('legacy Office files are accepted only under an Office name', async ({ assert }) => {
    const { customer, ticket } = await team()
    // The signature of an OLE compound file (Word 97, Excel 97, … and .msi).
    const cfb = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(1024, 0x20),
    ])
    const [doc] = await AttachFiles.handle(Actor.forMember(customer), {
      ticket,
      comment: null,
      files: [await upload('minutes.doc', cfb)],
    })
    assert.equal(doc.contentType, 'application/msword')
    const setup = await upload('setup.msi', cfb)
    await assert.rejects(
      () =>
        AttachFiles.handle(Actor.forMember(customer), { ticket, comment: null, files: [setup] }),
      /“setup\.msi” cannot be attached: its content is CFB/
    )
  })

  test('a closed ticket takes no more files (409)', async ({ assert }) => {
    const { customer, ticket } = await team()
    await Ticket.query().where('id', ticket.id).update({ status: 'closed' })
    await ticket.refresh()
    try {
      await AttachFiles.handle(Actor.forMember(customer), {
        ticket,
        comment: null,
        files: [await upload('a.png', SAMPLES.png)],
      })
      assert.fail('expected a refusal')
    } catch (error) {
      assert.include(error, { status: 409, field: 'files' })
    }
  })

  test('a customer attaches only to their own replies, never to an internal note', async ({
    assert,
  }) => {
    const { organization, customer, agent, ticket } = await team()
    const { membership: colleague } = await createMember(organization, 'agent')
    const staffReply = await AddComment.handle(Actor.forMember(agent), { ticket, body: 'Try this' })
    const note = await AddComment.handle(Actor.forMember(agent), {
      ticket,
      body: 'Internal',
      internal: true,
    })

    try {
      await AttachFiles.handle(Actor.forMember(customer), {
        ticket,
        comment: staffReply,
        files: [],
      })
      assert.fail('expected a refusal')
    } catch (error) {
      assert.include(error, {
        status: 403,
        field: 'comment_id',
        message: 'You can attach files only to your own replies.',
      })
    }
    await assert.rejects(
      async () =>
        AttachFiles.handle(Actor.forMember(customer), {
          ticket,
          comment: note,
          files: [await upload('a.png', SAMPLES.png)],
        }),
      'There is no such comment on this ticket.'
    )

    // Staff may add files to a colleague's note; the file is as internal as the note.
    const [onNote] = await AttachFiles.handle(Actor.forMember(colleague), {
      ticket,
      comment: note,
      files: [await upload('trace.log', Buffer.from('GET /printer 500\n'))],
    })
    assert.equal(onNote.commentId, Number(note.id))
    assert.equal(onNote.contentType, 'text/plain')

    const forStaff = await attachmentsFor(ticket, agent)
    const forCustomer = await attachmentsFor(ticket, customer)
    assert.deepEqual(
      forStaff.byComment[String(note.id)].map((attachment) => attachment.id),
      [onNote.id]
    )
    assert.deepEqual(forCustomer.byComment, {})
    assert.deepEqual(forCustomer.onTicket, [])
  })

  test("another organization's member cannot attach to the ticket", async ({ assert }) => {
    const { ticket } = await team()
    const { membership: outsider } = await createMember(await createOrganization(), 'admin')
    await assert.rejects(
      async () =>
        AttachFiles.handle(Actor.forMember(outsider), {
          ticket,
          comment: null,
          files: [await upload('a.png', SAMPLES.png)],
        }),
      'Ticket not found.'
    )
  })

  test('attachmentsFor groups what a member may see, in upload order', async ({ assert }) => {
    const { customer, agent, ticket } = await team()
    const reply = await AddComment.handle(Actor.forMember(customer), {
      ticket,
      body: 'Logs attached',
    })
    const [first, second] = await AttachFiles.handle(Actor.forMember(customer), {
      ticket,
      comment: null,
      files: [await upload('one.png', SAMPLES.png), await upload('two.pdf', SAMPLES.pdf)],
    })
    const [log] = await AttachFiles.handle(Actor.forMember(customer), {
      ticket,
      comment: reply,
      files: [await upload('printer.log', Buffer.from('jam at tray 2\n'))],
    })
    for (const member of [customer, agent]) {
      const grouped = await attachmentsFor(ticket, member)
      assert.deepEqual(
        grouped.onTicket.map((attachment) => attachment.id),
        [first.id, second.id]
      )
      assert.deepEqual(Object.keys(grouped.byComment), [String(reply.id)])
      assert.deepEqual(
        grouped.byComment[String(reply.id)].map((attachment) => attachment.sha256),
        [sha256(Buffer.from('jam at tray 2\n'))]
      )
      assert.equal(grouped.byComment[String(reply.id)][0].id, log.id)
    }

    const events = await AuditEvent.query()
      .where('organization_id', ticket.organizationId)
      .where('action', 'ticket.attachment_added')
      .orderBy('id')
    assert.deepEqual(
      events.map((event) => (event.after as { comment_id: number | null }).comment_id),
      [null, Number(reply.id)]
    )
  })
})
