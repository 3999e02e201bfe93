import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import type { Assert } from '@japa/assert'
import Ticket from '#models/ticket'
import AuditEvent from '#models/audit_event'
import { verifyChain } from '#kit/audit'
import { accessibilityViolations, openPage, sidewaysOverflow, signIn } from '#tests/helpers/browser'
import { isolateEachTest } from '#tests/helpers/isolation'
import { mailbox } from '#tests/helpers/mailbox'
import { LIFECYCLE_ACTIONS } from '#tests/helpers/audit'
import { createTeam } from '#tests/helpers/factories'
import Actor from '#actions/actor'
import CsatRating from '../../models/csat_rating.js'
import RateTicket from '../../actions/rate_ticket.js'
import { INTERNAL_NOTE, linkMailedTo, resolvedTicket, transition } from '../helpers.js'

/**
 * The seed's first-ticket lifecycle with the CSAT step between resolve
 * and close, in Chromium: customer creates → manager accepts → agent takes
 * it, works, replies, resolves → customer rates on the ticket page (and
 * changes the rating) → manager closes → the rating is final.
 */

async function statusShown(page: Page, status: string) {
  await page.locator(`#ticket header [data-status="${status}"]`).waitFor()
}

async function assertWellFormed(assert: Assert, page: Page, problems: string[], where: string) {
  assert.deepEqual(await accessibilityViolations(page), [], where)
  const overflow = await sidewaysOverflow(page)
  assert.isAtMost(overflow.by, 0, `${where} scrolls sideways: ${overflow.widest.join(' | ')}`)
  assert.deepEqual(problems, [], where)
}

test.group('CSAT in the first-ticket lifecycle', (group) => {
  isolateEachTest(group)
  group.each.setup(() => mailbox.clear())

  test('customer creates → agent resolves → customer rates → manager closes', async ({
    assert,
  }) => {
    const { organization, customer, agent, manager } = await createTeam({ name: 'Acme' })
    const customerTab = await openPage()
    const managerTab = await openPage()
    const agentTab = await openPage()
    try {
      // The customer opens a request.
      let page = customerTab.page
      await signIn(page, customer.user.email)
      await page.goto('/tickets/new')
      await page.getByLabel('Subject').fill('The printer on floor 2 is jammed')
      await page.getByLabel('Description').fill('It shows **error 42** since this morning.')
      await page.getByRole('button', { name: 'Send request' }).click()
      await page.waitForURL('**/tickets/ATUM-1')
      assert.equal(await page.locator('[data-csat]').count(), 0, 'no rating before resolution')

      // The manager accepts it.
      page = managerTab.page
      await signIn(page, manager.user.email)
      await page.goto('/desk/tickets/ATUM-1', { waitUntil: 'networkidle' })
      await page.getByRole('button', { name: 'Accept' }).click()
      await statusShown(page, 'accepted')

      // The agent takes it, works, replies, notes and resolves.
      page = agentTab.page
      await signIn(page, agent.user.email)
      await page.goto('/desk/tickets/ATUM-1', { waitUntil: 'networkidle' })
      await page.getByRole('button', { name: 'Assign to me' }).click()
      await statusShown(page, 'assigned')
      await page.getByRole('button', { name: 'Start work' }).click()
      await statusShown(page, 'in_progress')
      await page.getByLabel('Message').fill('I cleared the jam, please try again.')
      await page.getByRole('button', { name: 'Send' }).click()
      await page.locator('[data-visibility="public"]', { hasText: 'I cleared the jam' }).waitFor()
      await page.getByLabel('Message').fill(INTERNAL_NOTE)
      await page.getByLabel('Internal note').check()
      await page.getByRole('button', { name: 'Send' }).click()
      await page.locator('[data-visibility="internal"]', { hasText: INTERNAL_NOTE }).waitFor()
      await page.getByRole('button', { name: 'Resolve' }).click()
      await statusShown(page, 'resolved')
      // The swapped-in side column says the requester was asked.
      assert.include(await page.locator('[data-csat]').textContent(), 'Not rated yet')

      // The customer was mailed a link (no note in it) and rates on the ticket page.
      const [mail] = await mailbox.settled().then(() => mailbox.to(customer.user.email))
      assert.include(mail.subject, 'ATUM-1')
      assert.notInclude(`${mail.text}${mail.html}`, INTERNAL_NOTE)
      page = customerTab.page
      await page.reload({ waitUntil: 'networkidle' })
      const panel = page.locator('#csat')
      assert.include(await panel.textContent(), 'How did we do?')
      assert.notInclude(await page.content(), INTERNAL_NOTE)
      // Sending without a score is refused in place, the comment kept.
      await page.getByLabel('Comment (optional)').fill('Fast and friendly.')
      await page.getByRole('button', { name: 'Send rating' }).click()
      await page.locator('#csat-score-error').waitFor()
      assert.equal(await page.getByLabel('Comment (optional)').inputValue(), 'Fast and friendly.')
      await page.getByRole('radio', { name: '4 · Satisfied', exact: true }).check()
      await page.getByRole('button', { name: 'Send rating' }).click()
      await page.locator('#csat [role=status]', { hasText: 'Thank you for your rating.' }).waitFor()
      assert.include(await panel.textContent(), 'You rated this request 4 of 5')
      // Changed while the ticket is resolved, from the keyboard. htmx moves
      // the focus to the thank-you message once the swap settles: wait for
      // it, as a person would, before moving on with the keys.
      await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'status')
      await page.getByRole('radio', { name: '5 · Very satisfied', exact: true }).focus()
      await page.keyboard.press('Space')
      await page.getByRole('button', { name: 'Update rating' }).focus()
      await page.keyboard.press('Enter')
      await page.locator('#csat [data-csat-score="5"]').waitFor()

      // Staff see the rating beside the ticket; the manager closes it.
      page = managerTab.page
      await page.reload({ waitUntil: 'networkidle' })
      const sidebar = page.locator('[data-csat]')
      assert.include(await sidebar.textContent(), 'Very satisfied')
      assert.include(await sidebar.textContent(), 'Fast and friendly.')
      assert.include(await sidebar.textContent(), 'assigned to Alex Agent')
      await page.getByRole('button', { name: 'Close' }).click()
      await statusShown(page, 'closed')

      // After closing, the rating can no longer change.
      page = customerTab.page
      await page.reload({ waitUntil: 'networkidle' })
      assert.include(await panel.textContent(), 'the rating is final')
      assert.equal(await page.getByRole('button', { name: 'Update rating' }).count(), 0)
      assert.equal(await page.locator('#csat input[name="score"]').count(), 0)

      // The mailed link says so too, to a visitor who is not signed in.
      const visitor = await openPage()
      try {
        await visitor.page.goto(mailbox.link(mail, '/csat/rate/')!)
        assert.include(
          await visitor.page.locator('main').textContent(),
          'This request is closed: its rating can no longer change.'
        )
      } finally {
        await visitor.close()
      }

      const ticket = await Ticket.findByOrFail('organization_id', organization.id)
      assert.equal(ticket.status, 'closed')
      const rating = await CsatRating.findByOrFail('ticket_id', ticket.id)
      assert.equal(rating.score, 5)
      assert.equal(rating.agentId, agent.user.id)
      const trail = await AuditEvent.query()
        .where('organization_id', organization.id)
        .where('subject_type', 'ticket')
        .orderBy('id')
      // The core's lifecycle, with the rating and its change between resolve and close.
      assert.deepEqual(
        trail.map((event) => event.action),
        [...LIFECYCLE_ACTIONS.slice(0, -1), 'ticket.rated', 'ticket.rated', 'ticket.close']
      )
      const chain = await verifyChain(organization.id)
      assert.isTrue(chain.ok, 'audit:verify passes')
      // Chromium logs the refused rating's 422; anything else is a problem.
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

  test('with JavaScript off the mailed link rates once through a plain form', async ({
    assert,
  }) => {
    const team = await createTeam()
    const ticket = await resolvedTicket(team)
    const link = await linkMailedTo(team.customer.user.email)
    const visitor = await openPage({ javaScriptEnabled: false })
    try {
      const page = visitor.page
      await page.goto(`${link}?score=2`)
      assert.isTrue(
        await page.getByRole('radio', { name: '2 · Dissatisfied', exact: true }).isChecked()
      )
      await page.getByLabel('Comment (optional)').fill('x'.repeat(10))
      await page.getByRole('radio', { name: '3 · Neutral', exact: true }).check()
      await page.getByRole('button', { name: 'Send rating' }).click()
      await page.locator('[role=status]', { hasText: 'Thank you' }).waitFor()
      assert.include(await page.locator('main').textContent(), '3 of 5')

      await page.goto(link)
      assert.include(await page.locator('main').textContent(), 'This link was already used')
      const rating = await CsatRating.findByOrFail('ticket_id', ticket.id)
      assert.equal(rating.score, 3)
    } finally {
      await visitor.close()
    }
  }).timeout(60_000)

  for (const width of [1280, 360]) {
    test(`CSAT pages at ${width}px, light and dark`, async ({ assert }) => {
      const team = await createTeam({ name: 'Acme' })
      const ticket = await resolvedTicket(team, 'A rather long subject that has to wrap on phones')
      const link = await linkMailedTo(team.customer.user.email)
      // A rated and closed one, so the report has figures, a chart and a comment.
      const other = await resolvedTicket(team, 'Another resolved request')
      await RateTicket.handle(Actor.forMember(team.customer.membership, team.customer.user), {
        ticket: other,
        score: 4,
        comment: 'Good, but it took a while.',
      })
      await transition(other, 'close', team)

      for (const colorScheme of ['light', 'dark'] as const) {
        const visitor = await openPage({ width, colorScheme })
        const customerTab = await openPage({ width, colorScheme })
        const managerTab = await openPage({ width, colorScheme })
        try {
          await visitor.page.goto(link, { waitUntil: 'networkidle' })
          await assertWellFormed(assert, visitor.page, visitor.problems, `link ${colorScheme}`)

          await signIn(customerTab.page, team.customer.user.email)
          await customerTab.page.goto(`/tickets/${ticket.reference}`, {
            waitUntil: 'networkidle',
          })
          await customerTab.page.locator('#csat').waitFor()
          await assertWellFormed(
            assert,
            customerTab.page,
            customerTab.problems,
            `portal ticket ${colorScheme}`
          )

          await signIn(managerTab.page, team.manager.user.email)
          for (const path of [`/desk/tickets/${ticket.reference}`, '/desk/csat']) {
            await managerTab.page.goto(path, { waitUntil: 'networkidle' })
            await assertWellFormed(
              assert,
              managerTab.page,
              managerTab.problems,
              `${path} ${colorScheme}`
            )
          }
        } finally {
          await visitor.close()
          await customerTab.close()
          await managerTab.close()
        }
      }
    }).timeout(90_000)
  }
})
