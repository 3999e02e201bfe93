import { randomUUID } from 'node:crypto'
import { readFile, readdir, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import router from '@adonisjs/core/services/router'
import Attachment from '#models/attachment'
import Ticket from '#models/ticket'
import TicketComment from '#models/ticket_comment'
import bodyParserConfig from '#config/bodyparser'
import plugins from '#services/plugins/main'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTeam } from '#tests/helpers/factories'
import { createTicket, startTicket } from '#tests/helpers/tickets'
import { deskForm, portalReplyForm, postForm } from '#tests/helpers/forms'
import { withToken } from '#tests/helpers/api'
import { inputErrors } from '#tests/helpers/responses'
import {
  SAMPLES,
  groupFixtureFolder,
  removeStoredFilesAfterEachTest,
  storedFileNames,
} from '#tests/helpers/attachments'

/** The team of createTeam in Acme and a new ticket of the customer. */
async function team() {
  const people = await createTeam({ name: 'Acme' })
  const ticket = await createTicket(people.customer.membership, { subject: 'Printer jammed' })
  return { ...people, ticket }
}

/** The ticket taken to in_progress, assigned to the agent. */
function inProgress(people: Awaited<ReturnType<typeof team>>) {
  return startTicket(people.ticket, people.manager.membership, people.agent.membership)
}

/**
 * Temporary files of the bodyparser (straight in the OS temp folder)
 * holding exactly these bytes: an upload that was left behind.
 */
async function leftInTmp(bytes: Buffer) {
  const found: string[] = []
  for (const name of await readdir(tmpdir())) {
    const path = join(tmpdir(), name)
    const info = await stat(path).catch(() => null)
    if (!info?.isFile() || info.size !== bytes.length) continue
    const contents = await readFile(path).catch(() => null)
    if (contents?.equals(bytes)) found.push(path)
  }
  return found
}

test.group('Pages: attachments on the ticket forms', (group) => {
  isolateEachTest(group)
  removeStoredFilesAfterEachTest(group)
  const fixtures = groupFixtureFolder(group, 'pages')

  test('the four forms take files (multipart, htmx too) and say what is accepted', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const pages = [
      { user: people.customer.user, path: '/tickets/new', action: '/tickets', htmx: false },
      {
        user: people.customer.user,
        path: `/tickets/${people.ticket.reference}`,
        action: `/tickets/${people.ticket.reference}/comments`,
        htmx: true,
      },
      { user: people.agent.user, path: '/desk/tickets/new', action: '/desk/tickets', htmx: false },
      {
        user: people.agent.user,
        path: `/desk/tickets/${people.ticket.reference}`,
        action: `/desk/tickets/${people.ticket.reference}/comments`,
        htmx: true,
      },
    ]
    for (const page of pages) {
      const response = await client.get(page.path).loginAs(page.user)
      response.assertStatus(200)
      const html = response.text()
      const form = html.match(new RegExp(`<form[^>]*action="${page.action}"[^>]*>`))?.[0] ?? ''
      assert.include(form, 'enctype="multipart/form-data"', page.path)
      if (page.htmx) assert.include(form, 'hx-encoding="multipart/form-data"', page.path)
      assert.match(html, /<input id="[\w-]+" name="files\[\]" type="file" multiple/, page.path)
      assert.include(html, 'accept="image/png,', page.path)
    }
  })

  test('a new request with a PNG and a text file opens a ticket with both', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const response = await postForm(client, people.customer.user, '/tickets')
      .field('subject', 'Scanner shows an error')
      .field('description', 'See the screenshot and the log.')
      .file('files[]', await fixtures.write('screenshot.png', SAMPLES.png))
      .file('files[]', await fixtures.write('scanner.log', 'E42 paper jam\nE42 paper jam\n'))

    response.assertStatus(302)
    const ticket = await Ticket.query()
      .where('organization_id', people.organization.id)
      .where('subject', 'Scanner shows an error')
      .firstOrFail()
    response.assertHeader('location', `/tickets/${ticket.reference}`)
    response.assertFlashMessage(
      'success',
      `Thank you. Your request ${ticket.reference} is with our team.`
    )

    const attachments = await Attachment.query().where('ticket_id', ticket.id).orderBy('id')
    assert.deepEqual(
      attachments.map(({ filename, contentType, commentId, uploaderId }) => ({
        filename,
        contentType,
        commentId,
        uploaderId,
      })),
      [
        {
          filename: 'screenshot.png',
          contentType: 'image/png',
          commentId: null,
          uploaderId: people.customer.user.id,
        },
        {
          filename: 'scanner.log',
          contentType: 'text/plain',
          commentId: null,
          uploaderId: people.customer.user.id,
        },
      ]
    )
    assert.lengthOf(await storedFileNames(people.organization.id), 2)

    // Shown with the request's description, and downloadable.
    const page = await client.get(`/tickets/${ticket.reference}`).loginAs(people.customer.user)
    for (const attachment of attachments) {
      assert.include(page.text(), `href="/attachments/${attachment.id}"`)
      assert.include(page.text(), attachment.filename)
    }
    const download = await client
      .get(`/attachments/${attachments[0].id}`)
      .loginAs(people.customer.user)
    download.assertStatus(200)
    download.assertHeader('content-type', 'image/png')
  })

  test('a disguised executable refuses the whole request: nothing is created, the form comes back filled in', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const ticketsBefore = await Ticket.query().where('organization_id', people.organization.id)
    const response = await postForm(client, people.customer.user, '/tickets')
      .header('referer', '/tickets/new')
      .field('subject', 'Invoice attached')
      .field('description', 'Keep this description')
      .file('files[]', await fixtures.write('fine.png', SAMPLES.png))
      .file('files[]', await fixtures.write('invoice.pdf', SAMPLES.exe), {
        contentType: 'application/pdf',
      })

    response.assertStatus(302)
    response.assertHeader('location', '/tickets/new')
    const { files: messages } = inputErrors(response)
    assert.lengthOf(messages, 1)
    assert.include(messages[0], '“invoice.pdf” cannot be attached: its content is EXE')
    response.assertFlashMessage('subject', 'Invoice attached')
    response.assertFlashMessage('description', 'Keep this description')

    // Nothing half-made: no ticket, no attachment, no stored file.
    const ticketsAfter = await Ticket.query().where('organization_id', people.organization.id)
    assert.equal(ticketsAfter.length, ticketsBefore.length)
    assert.lengthOf(await Attachment.query().where('organization_id', people.organization.id), 0)
    assert.deepEqual(await storedFileNames(people.organization.id), [])

    const again = await client
      .get('/tickets/new')
      .loginAs(people.customer.user)
      .withFlashMessages(response.flashMessages())
    assert.include(again.text(), 'value="Invoice attached"')
    assert.include(again.text(), 'Keep this description</textarea>')
    assert.match(
      again.text(),
      /<p id="field-files-error" class="field-error" role="alert">“invoice.pdf” cannot be attached/
    )
    assert.include(again.text(), 'aria-invalid="true"')
  })

  test('an internal note’s file stays with staff: not on the portal, 404 for the customer', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const ticket = await inProgress(people)
    const response = await deskForm(client, people.agent.user, ticket, 'comments')
      .field('body', 'Vendor quote, do not share')
      .field('internal', 'true')
      .file('files[]', await fixtures.write('vendor-quote.pdf', SAMPLES.pdf))
    response.assertStatus(302)
    response.assertFlashMessage('success', 'Internal note added.')

    const note = await TicketComment.query()
      .where('ticket_id', ticket.id)
      .where('visibility', 'internal')
      .firstOrFail()
    const attachment = await Attachment.query().where('comment_id', note.id).firstOrFail()
    assert.equal(attachment.filename, 'vendor-quote.pdf')

    // The customer (and staff looking at the portal) never see it.
    for (const user of [people.customer.user, people.agent.user]) {
      const portal = await client.get(`/tickets/${ticket.reference}`).loginAs(user)
      portal.assertStatus(200)
      assert.notInclude(portal.text(), 'vendor-quote.pdf')
      assert.notInclude(portal.text(), `/attachments/${attachment.id}"`)
    }
    const download = await client.get(`/attachments/${attachment.id}`).loginAs(people.customer.user)
    download.assertStatus(404)

    // Staff see it inside the amber note.
    const desk = await client.get(`/desk/tickets/${ticket.reference}`).loginAs(people.agent.user)
    const noteHtml =
      desk.text().match(new RegExp(`<li id="comment-${note.id}"[\\s\\S]*?</li>\\s*</ul>`))?.[0] ??
      ''
    assert.include(noteHtml, 'data-visibility="internal"')
    assert.include(noteHtml, `href="/attachments/${attachment.id}"`)
    assert.include(noteHtml, 'vendor-quote.pdf')
    const staffDownload = await client
      .get(`/attachments/${attachment.id}`)
      .loginAs(people.agent.user)
    staffDownload.assertStatus(200)
  })

  test('with htmx, a reply with a file is sent as multipart and comes back in the fragment', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const ticket = await inProgress(people)
    const response = await portalReplyForm(client, people.customer.user, ticket)
      .header('HX-Request', 'true')
      .field('body', 'Here is the photo')
      .file('files[]', await fixtures.write('photo.png', SAMPLES.png))

    response.assertStatus(200)
    assert.match(response.text(), /^\s*(<!--[\s\S]*?-->\s*)?<article id="ticket"/)
    assert.include(response.text(), 'Reply sent.')
    const reply = await TicketComment.query()
      .where('ticket_id', ticket.id)
      .where('body', 'Here is the photo')
      .firstOrFail()
    const attachment = await Attachment.query().where('comment_id', reply.id).firstOrFail()
    const replyHtml =
      response
        .text()
        .match(new RegExp(`<li id="comment-${reply.id}"[\\s\\S]*?</li>\\s*</ul>`))?.[0] ?? ''
    assert.include(replyHtml, `href="/attachments/${attachment.id}"`)
    assert.include(replyHtml, 'photo.png')
  })

  test('with htmx, a refused file refuses the reply: the message is beside the file input', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const ticket = await inProgress(people)
    const response = await deskForm(client, people.agent.user, ticket, 'comments')
      .header('HX-Request', 'true')
      .field('body', 'Keep this reply')
      .file('files[]', await fixtures.write('setup.png', SAMPLES.elf), { contentType: 'image/png' })

    response.assertStatus(422)
    assert.notInclude(response.text(), '<html')
    assert.match(
      response.text(),
      /<p id="reply-files-error" class="field-error" role="alert">“setup.png” cannot be attached: its content is ELF/
    )
    assert.include(response.text(), 'Keep this reply</textarea>')
    assert.lengthOf(await TicketComment.query().where('ticket_id', ticket.id), 0)
    assert.lengthOf(await Attachment.query().where('ticket_id', ticket.id), 0)
  })

  test('without JavaScript, the desk opens a ticket with a file and a reply carries one', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const opened = await postForm(client, people.agent.user, '/desk/tickets')
      .field('subject', 'Replace toner on floor 3')
      .field('description', 'Order attached.')
      .field('priority', 'high')
      .field('category', '')
      .field('tags', 'printer, toner')
      .file('files[]', await fixtures.write('order.csv', SAMPLES.csv))
    opened.assertStatus(302)
    const ticket = await Ticket.query()
      .where('organization_id', people.organization.id)
      .where('subject', 'Replace toner on floor 3')
      .firstOrFail()
    opened.assertHeader('location', `/desk/tickets/${ticket.reference}`)
    assert.equal(ticket.priority, 'high')
    assert.deepEqual(ticket.tags, ['printer', 'toner'])
    const [order] = await Attachment.query().where('ticket_id', ticket.id)
    assert.equal(order.contentType, 'text/csv')
    assert.isNull(order.commentId)

    // A public reply from the portal form, no htmx.
    const reply = await portalReplyForm(client, people.customer.user, people.ticket)
      .field('body', 'The error again')
      .file('files[]', await fixtures.write('again.png', SAMPLES.png))
    reply.assertStatus(302)
    reply.assertHeader('location', `/tickets/${people.ticket.reference}`)
    reply.assertFlashMessage('success', 'Reply sent.')
    const comment = await TicketComment.query().where('ticket_id', people.ticket.id).firstOrFail()
    const [again] = await Attachment.query().where('comment_id', comment.id)
    assert.equal(again.filename, 'again.png')

    // The desk page shows both: the ticket's own file and the reply's.
    const desk = await client.get(`/desk/tickets/${ticket.reference}`).loginAs(people.agent.user)
    assert.include(desk.text(), `href="/attachments/${order.id}"`)
  })

  test('a form without files still works, with or without multipart', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const ticket = await inProgress(people)
    const reply = await portalReplyForm(client, people.customer.user, ticket).fields({
      body: 'No file this time',
    })
    reply.assertStatus(302)
    reply.assertFlashMessage('success', 'Reply sent.')
    assert.lengthOf(await Attachment.query().where('ticket_id', ticket.id), 0)
  })

  test('a form whose files fail validation leaves nothing in the temporary folder', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const marker = Buffer.from(`left-behind ${randomUUID()}\n`)
    const response = await postForm(client, people.customer.user, '/tickets')
      .header('referer', '/tickets/new')
      .field('subject', 'ab')
      .field('description', 'Too short a subject')
      .file('files[]', await fixtures.write('notes.txt', marker))
    response.assertStatus(302)
    assert.property(inputErrors(response), 'subject')
    assert.deepEqual(await leftInTmp(marker), [])
  })
})

test.group('Multipart outside the upload routes', (group) => {
  isolateEachTest(group)
  const fixtures = groupFixtureFolder(group, 'multipart-elsewhere')

  test('only the routes marked as taking uploads receive files', async ({ assert }) => {
    // The bodyparser leaves every multipart body to multipart_guard_middleware.
    assert.isFalse(bodyParserConfig.multipart.autoProcess)
    const marked = Object.values(router.toJSON())
      .flat()
      .filter((route) =>
        [...route.middleware.all()].some(
          (one) => typeof one === 'object' && (one as { name?: string }).name === 'uploads'
        )
      )
    const core = [
      'POST /tickets',
      'POST /tickets/:number/comments',
      'POST /desk/tickets',
      'POST /desk/tickets/:number/comments',
      'POST /api/v1/tickets/:number/attachments',
    ]
    const described = marked.map((route) => `${route.methods.join('|')} ${route.pattern}`)
    assert.includeMembers(described, core)
    // Any other is a plugin's (kit.uploads), named after its plugin.
    const pluginIds = plugins.active().map((plugin) => plugin.id)
    for (const route of marked.filter((one) => !core.includes(`POST ${one.pattern}`))) {
      assert.include(pluginIds, (route.name ?? '').split('.')[0], route.pattern)
    }
  })

  test('a multipart form elsewhere is read without files; a file in it is refused unread', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const ticket = await inProgress(people)

    const saved = await deskForm(client, people.manager.user, ticket, 'details').fields({
      category: 'Hardware',
    })
    saved.assertStatus(302)
    saved.assertFlashMessage('success', 'Details saved.')
    await ticket.refresh()
    assert.equal(ticket.category, 'Hardware')

    const marker = Buffer.from(`not-here ${randomUUID()}\n`)
    const refused = await deskForm(client, people.manager.user, ticket, 'details')
      .field('category', 'Network')
      .file('files[]', await fixtures.write('sneaky.txt', marker))
    refused.assertStatus(400)
    await ticket.refresh()
    assert.equal(ticket.category, 'Hardware')
    assert.deepEqual(await leftInTmp(marker), [])
    assert.lengthOf(await Attachment.query().where('ticket_id', ticket.id), 0)
  })

  test('the API reads multipart fields on other routes and refuses files there', async ({
    client,
    assert,
  }) => {
    const people = await team()
    const customer = await withToken(people.customer)
    const created = await client
      .post('/api/v1/tickets')
      .bearerToken(customer.token)
      .field('subject', 'Sent with curl -F')
      .field('description', 'Multipart without files')
    created.assertStatus(201)
    assert.lengthOf(await Ticket.query().where('subject', 'Sent with curl -F'), 1)

    const refused = await client
      .post('/api/v1/tickets')
      .bearerToken(customer.token)
      .field('subject', 'With a file')
      .field('description', 'Files go to /attachments')
      .file('files', await fixtures.write('photo.png', SAMPLES.png))
    refused.assertStatus(400)
    assert.deepEqual(refused.body(), { errors: [{ message: 'This address takes no files.' }] })
    assert.lengthOf(await Ticket.query().where('subject', 'With a file'), 0)
  })
})
