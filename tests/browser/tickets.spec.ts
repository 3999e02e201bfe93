import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import type { Assert } from '@japa/assert'
import Ticket from '#models/ticket'
import AuditEvent from '#models/audit_event'
import { verifyChain } from '#services/audit/verify_chain'
import TransitionTicket from '#actions/tickets/transition_ticket'
import { accessibilityViolations, openPage, sidewaysOverflow, signIn } from '#tests/helpers/browser'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTeam } from '#tests/helpers/factories'
import { createTicket, startTicket, replyAndNote } from '#tests/helpers/tickets'
import { SAMPLES, removeStoredFilesAfterEachTest } from '#tests/helpers/attachments'
import Actor from '#actions/actor'

/**
 * The seed's "first ticket lifecycle" in Chromium, through the pages as
 * people use them (htmx on), the same steps with JavaScript off, and the
 * ticket pages checked with axe at desktop and phone widths.
 */

/** Marks the document: still marked later means htmx swapped, no page load happened. */
async function markDocument(page: Page) {
  await page.evaluate(() => ((window as any).atumMarker = 'same document'))
}
async function sameDocument(page: Page) {
  return (await page.evaluate(() => (window as any).atumMarker)) === 'same document'
}

async function statusShown(page: Page, status: string) {
  await page.locator(`#ticket header [data-status="${status}"]`).waitFor()
}

test.group('Tickets in the browser', (group) => {
  isolateEachTest(group)
  removeStoredFilesAfterEachTest(group)

  test('first ticket lifecycle: portal → desk → portal, htmx swaps, notes stay internal', async ({
    assert,
  }) => {
    const { organization, customer, agent, manager } = await createTeam({ name: 'Acme' })
    const customerTab = await openPage()
    const managerTab = await openPage()
    const agentTab = await openPage()
    try {
      // The customer opens a request from the help center.
      let page = customerTab.page
      await signIn(page, customer.user.email)
      await page.goto('/', { waitUntil: 'networkidle' })
      await page.getByRole('link', { name: 'Submit a request' }).click()
      await page.getByLabel('Subject').fill('The printer on floor 2 is jammed')
      await page.getByLabel('Description').fill('It shows **error 42** since this morning.')
      await page
        .getByLabel('Attach screenshots or documents')
        .setInputFiles({ name: 'jam.png', mimeType: 'image/png', buffer: SAMPLES.png })
      await page.getByRole('button', { name: 'Send request' }).click()
      await page.waitForURL('**/tickets/ATUM-1')
      assert.include(await page.locator('[role=status]').first().textContent(), 'ATUM-1')
      await page.locator('[data-attachment]', { hasText: 'jam.png' }).waitFor()
      assert.equal(
        await page.locator('#ticket-subject').textContent(),
        'The printer on floor 2 is jammed'
      )

      // The manager finds it among the unassigned, accepts and assigns it.
      page = managerTab.page
      await signIn(page, manager.user.email)
      await page.getByRole('link', { name: 'Tickets', exact: true }).click()
      await page.waitForURL('**/desk/tickets')
      await markDocument(page)
      // htmx wires the swapped-in filters once the swap has settled.
      await page.evaluate(() => {
        const flags = window as unknown as { inboxSettled: boolean }
        flags.inboxSettled = false
        document.body.addEventListener('htmx:afterSettle', () => (flags.inboxSettled = true), {
          once: true,
        })
      })
      await page.getByRole('link', { name: /Unassigned new/ }).click()
      await page.waitForURL('**/desk/tickets?view=unassigned')
      await page.waitForFunction(
        () => (window as unknown as { inboxSettled: boolean }).inboxSettled
      )
      assert.isTrue(await sameDocument(page), 'the tab swapped the inbox in place')
      // A filter swaps the results only.
      await page.getByLabel('Status').selectOption('closed')
      await page.locator('#ticket-results', { hasText: 'Nothing matches.' }).waitFor()
      await page.getByLabel('Status').selectOption('')
      await page.locator('#ticket-results [data-ticket="ATUM-1"]').waitFor()
      assert.isTrue(await sameDocument(page), 'the filters swapped the results in place')
      await page.getByRole('link', { name: 'The printer on floor 2 is jammed' }).click()
      await page.waitForURL('**/desk/tickets/ATUM-1')
      await markDocument(page)
      await page.getByRole('button', { name: 'Accept' }).click()
      await statusShown(page, 'accepted')
      await page.getByLabel('Assign to').selectOption(String(agent.user.id))
      await page.getByRole('button', { name: 'Assign', exact: true }).click()
      await statusShown(page, 'assigned')
      // The header may come from the live refresh first; the notice is the page's own answer.
      await page.locator('#ticket [role=status]', { hasText: 'Ticket assigned.' }).waitFor()
      // The keyboard focus moves to the notice that replaced the pressed button.
      await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'status')
      assert.isTrue(await sameDocument(page), 'actions swapped the ticket in place')

      // The agent starts, replies, writes an internal note and resolves.
      page = agentTab.page
      await signIn(page, agent.user.email)
      await page.goto('/desk/tickets?view=mine', { waitUntil: 'networkidle' })
      await page.getByRole('link', { name: 'The printer on floor 2 is jammed' }).click()
      await page.waitForURL('**/desk/tickets/ATUM-1')
      await markDocument(page)
      await page.getByRole('button', { name: 'Start work' }).click()
      await statusShown(page, 'in_progress')
      // A refused reply comes back in place with its message (htmx swaps the 422).
      await page.getByRole('button', { name: 'Send' }).click()
      await page.locator('#reply-body-error').waitFor()
      assert.equal(await page.getByLabel('Message').getAttribute('aria-invalid'), 'true')
      await page.waitForFunction(() => document.activeElement?.id === 'reply-body')
      await page.getByLabel('Message').fill('I cleared the jam, please try again.')
      await page.getByRole('button', { name: 'Send' }).click()
      await page.locator('[data-visibility="public"]', { hasText: 'I cleared the jam' }).waitFor()
      await page.getByLabel('Message').fill('The fuser is worn: order a new one.')
      await page.getByLabel('Internal note').check()
      // htmx sends the file as multipart (hx-encoding) and swaps the note in.
      await page
        .getByLabel('Attach files')
        .setInputFiles({ name: 'fuser-quote.csv', mimeType: 'text/csv', buffer: SAMPLES.csv })
      await page.getByRole('button', { name: 'Send' }).click()
      const note = page.locator('[data-visibility="internal"]', { hasText: 'The fuser is worn' })
      await note.waitFor()
      assert.include(await note.textContent(), 'Internal note')
      assert.include(await note.locator('[data-attachment]').textContent(), 'fuser-quote.csv')
      await page.getByRole('button', { name: 'Resolve' }).click()
      await statusShown(page, 'resolved')
      assert.isTrue(await sameDocument(page))

      // The customer sees the resolution and the reply, never the note.
      page = customerTab.page
      await page.reload({ waitUntil: 'networkidle' })
      const body = await page.locator('main').textContent()
      assert.include(body, 'This request is resolved.')
      assert.include(body, 'I cleared the jam, please try again.')
      assert.notInclude(body, 'fuser')
      assert.notInclude(await page.content(), 'fuser')

      // The manager closes it.
      page = managerTab.page
      await page.reload({ waitUntil: 'networkidle' })
      await page.getByRole('button', { name: 'Close' }).click()
      await statusShown(page, 'closed')
      // The live refresh may show the closed header before the page's own
      // answer swaps the reply form out: wait for that answer.
      await page.locator('#ticket [data-state="closed"]').waitFor()
      assert.include(await page.locator('main').textContent(), 'This ticket is closed')

      const ticket = await Ticket.findByOrFail('organization_id', organization.id)
      assert.equal(ticket.status, 'closed')
      const trail = await AuditEvent.query()
        .where('organization_id', organization.id)
        .where('subject_type', 'ticket')
        .orderBy('id')
      assert.deepEqual(
        trail.map((event) => event.action),
        [
          'ticket.created',
          'ticket.attachment_added',
          'ticket.accept',
          'ticket.assign',
          'ticket.start',
          'ticket.reply_added',
          'ticket.note_added',
          'ticket.attachment_added',
          'ticket.resolve',
          'ticket.close',
        ]
      )
      const chain = await verifyChain(organization.id)
      assert.isTrue(chain.ok, 'audit:verify passes')
      // Chromium logs every 4xx answer, the refused reply's 422 included; anything else is a problem.
      for (const tab of [customerTab, managerTab, agentTab]) {
        assert.deepEqual(
          tab.problems.filter((problem) => !problem.includes('status of 422')),
          []
        )
      }
    } finally {
      await customerTab.close()
      await managerTab.close()
      await agentTab.close()
    }
  }).timeout(90_000)

  test('with JavaScript off the same steps work through plain forms', async ({ assert }) => {
    const { organization, customer, agent, manager } = await createTeam({ name: 'Acme' })
    const customerTab = await openPage({ javaScriptEnabled: false })
    const staffTab = await openPage({ javaScriptEnabled: false })
    try {
      let page = customerTab.page
      await signIn(page, customer.user.email)
      await page.goto('/tickets/new')
      await page.getByLabel('Subject').fill('No script here')
      await page.getByLabel('Description').fill('Plain forms only.')
      await page.getByRole('button', { name: 'Send request' }).click()
      await page.waitForURL('**/tickets/ATUM-1')

      page = staffTab.page
      await signIn(page, manager.user.email)
      await page.goto('/desk/tickets?view=unassigned')
      // The filter form submits as a GET without htmx.
      await page.getByRole('searchbox', { name: 'Search' }).fill('script')
      await page.getByRole('button', { name: 'Apply' }).click()
      await page.waitForURL(/q=script/)
      await page.getByRole('link', { name: 'No script here' }).click()
      await page.getByRole('button', { name: 'Accept' }).click()
      await page.waitForURL('**/desk/tickets/ATUM-1')
      assert.include(await page.locator('[role=status]').first().textContent(), 'Ticket accepted.')
      // Someone else assigns it meanwhile: this page's "Assign" is now an
      // illegal step, refused with a message, changing nothing.
      const accepted = await Ticket.findByOrFail({ organizationId: organization.id, number: 1 })
      await TransitionTicket.handle(Actor.forMember(manager.membership), {
        ticket: accepted,
        transition: 'assign',
        assigneeId: agent.user.id,
      })
      await page.getByLabel('Assign to').selectOption(String(manager.user.id))
      await page.getByRole('button', { name: 'Assign', exact: true }).click()
      await page.waitForURL('**/desk/tickets/ATUM-1')
      assert.include(
        await page.locator('#transition-error').textContent(),
        'An assigned ticket cannot be assigned.'
      )
      await page.locator('header [data-status="assigned"]').waitFor()
      const { assigneeId } = await Ticket.findOrFail(accepted.id)
      assert.equal(assigneeId, agent.user.id)
      await page.getByLabel('Message').fill('Looking into it.')
      await page.getByRole('button', { name: 'Send' }).click()
      await page.waitForURL('**/desk/tickets/ATUM-1')
      assert.include(await page.locator('main').textContent(), 'Looking into it.')

      page = customerTab.page
      await page.reload()
      assert.include(await page.locator('main').textContent(), 'Looking into it.')
      await page.getByLabel('Your reply').fill('Thanks!')
      await page.getByRole('button', { name: 'Send reply' }).click()
      await page.waitForURL('**/tickets/ATUM-1')
      assert.include(await page.locator('main').textContent(), 'Reply sent.')
    } finally {
      await customerTab.close()
      await staffTab.close()
    }
  }).timeout(60_000)
})

async function assertWellFormed(assert: Assert, page: Page, problems: string[], where: string) {
  assert.deepEqual(await accessibilityViolations(page), [], where)
  const overflow = await sidewaysOverflow(page)
  assert.isAtMost(overflow.by, 0, `${where} scrolls sideways: ${overflow.widest.join(' | ')}`)
  assert.deepEqual(problems, [], where)
}

test.group('Ticket pages: accessibility and layout', (group) => {
  isolateEachTest(group)

  for (const width of [1280, 360]) {
    test(`portal and desk ticket pages at ${width}px`, async ({ assert }) => {
      const { customer, agent, manager } = await createTeam({ name: 'Acme' })
      const opened = await createTicket(customer.membership, {
        subject: 'A rather long subject line that has to wrap nicely on a small phone screen',
        description:
          'It shows **error 42**.\n\n- one\n- two\n\n```\nsome long code line that should scroll inside its own box and not the page\n```',
      })
      await createTicket(customer.membership, { subject: 'Another request' })
      const ticket = await startTicket(opened, manager.membership, agent.membership)
      await replyAndNote(ticket, agent.membership, 'A public answer', 'An internal note')

      for (const colorScheme of ['light', 'dark'] as const) {
        const customerTab = await openPage({ width, colorScheme })
        const agentTab = await openPage({ width, colorScheme })
        try {
          await signIn(customerTab.page, customer.user.email)
          for (const path of ['/tickets', `/tickets/${ticket.reference}`, '/tickets/new']) {
            await customerTab.page.goto(path, { waitUntil: 'networkidle' })
            await assertWellFormed(
              assert,
              customerTab.page,
              customerTab.problems,
              `${path} ${colorScheme}`
            )
          }
          await signIn(agentTab.page, agent.user.email)
          for (const path of [
            '/desk/tickets',
            '/desk/tickets?q=answer',
            `/desk/tickets/${ticket.reference}`,
            '/desk/tickets/new',
            '/desk',
          ]) {
            await agentTab.page.goto(path, { waitUntil: 'networkidle' })
            await assertWellFormed(
              assert,
              agentTab.page,
              agentTab.problems,
              `${path} ${colorScheme}`
            )
          }
        } finally {
          await customerTab.close()
          await agentTab.close()
        }
      }
    }).timeout(90_000)
  }
})
