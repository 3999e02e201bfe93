import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import AddComment from '#actions/tickets/add_comment'
import TransitionTicket from '#actions/tickets/transition_ticket'
import { accessibilityViolations, openPage, signIn } from '#tests/helpers/browser'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createTeam } from '#tests/helpers/factories'
import { createTicket, startTicket } from '#tests/helpers/tickets'
import Actor from '#actions/actor'

/**
 * Live desk in Chromium: pages that update themselves over Transmit
 * (server-sent events), and the polling fallback when the stream is blocked.
 */

/** Marks the document: still marked later means no page load happened. */
async function markDocument(page: Page) {
  await page.evaluate(() => ((window as any).atumMarker = 'same document'))
}
async function sameDocument(page: Page) {
  return (await page.evaluate(() => (window as any).atumMarker)) === 'same document'
}

/** The page's live channels are subscribed (the stream is open and the subscriptions made). */
async function liveReady(page: Page, channels: number) {
  await page.waitForResponse((response) => response.url().includes('/__transmit/events'))
  let subscribed = 0
  while (subscribed < channels) {
    const response = await page.waitForResponse((candidate) =>
      candidate.url().endsWith('/__transmit/subscribe')
    )
    if (response.status() === 204) subscribed++
  }
}

test.group('Live desk in the browser', (group) => {
  isolateEachTest(group)

  test("a customer's new request appears in the agent's inbox without a reload", async ({
    assert,
  }) => {
    const { customer, agent } = await createTeam({ name: 'Acme' })
    const agentTab = await openPage()
    const customerTab = await openPage({ width: 360 })
    try {
      const inbox = agentTab.page
      await signIn(inbox, agent.user.email)
      const subscribed = liveReady(inbox, 1)
      await inbox.goto('/desk/tickets?view=open&sort=-created')
      await subscribed
      await markDocument(inbox)
      assert.equal(await inbox.locator('#inbox-count-open').textContent(), '(0 tickets)')

      const portal = customerTab.page
      await signIn(portal, customer.user.email)
      await portal.goto('/tickets/new')
      await portal.getByLabel('Subject').fill('VPN drops every hour')
      await portal.getByLabel('Description').fill('Since the update this morning.')
      await portal.getByRole('button', { name: 'Send request' }).click()
      await portal.waitForURL('**/tickets/ATUM-1')

      const row = inbox.locator('[data-ticket="ATUM-1"]')
      await row.waitFor({ timeout: 5000 })
      assert.include(await row.innerText(), 'VPN drops every hour')
      assert.include(await row.getAttribute('class'), 'live-new')
      await inbox.waitForFunction(() =>
        document.querySelector('#inbox-count-open')?.textContent?.includes('1')
      )
      assert.isTrue(await sameDocument(inbox), 'no reload')
      // The filters and sort stay as the agent set them.
      assert.equal(new URL(inbox.url()).search, '?view=open&sort=-created')
      assert.equal(await inbox.locator('#filter-sort').inputValue(), '-created')
      assert.isFalse(await inbox.locator('[data-live-status]').isVisible())

      // A reply of the customer moves the ticket up in "recently updated" order.
      const second = await createTicket(customer.membership, { subject: 'Second request' })
      const resubscribed = liveReady(inbox, 1)
      await inbox.goto('/desk/tickets?view=open')
      await resubscribed
      assert.deepEqual(await inbox.locator('[data-ticket]').evaluateAll(refs), [
        second.reference,
        'ATUM-1',
      ])
      await portal.goto('/tickets/ATUM-1')
      await portal.getByLabel('Your reply').fill('Still happening.')
      await portal.getByRole('button', { name: 'Send reply' }).click()
      await inbox.waitForFunction(
        () => document.querySelector('[data-ticket]')?.getAttribute('data-ticket') === 'ATUM-1'
      )
      assert.deepEqual(await inbox.locator('[data-ticket]').evaluateAll(refs), [
        'ATUM-1',
        second.reference,
      ])
      assert.deepEqual(await accessibilityViolations(inbox), [])
      assert.deepEqual(agentTab.problems, [])
      assert.deepEqual(customerTab.problems, [])
    } finally {
      await agentTab.close()
      await customerTab.close()
    }
  }).timeout(60_000)

  test('open ticket pages show replies and status changes live; customers get public ones only', async ({
    assert,
  }) => {
    const people = await createTeam({ name: 'Acme' })
    const ticket = await startTicket(
      await createTicket(people.customer.membership, { subject: 'Printer jammed' }),
      people.manager.membership,
      people.agent.membership
    )
    const agentTab = await openPage()
    const customerTab = await openPage()
    try {
      const desk = agentTab.page
      await signIn(desk, people.agent.user.email)
      let ready = liveReady(desk, 1)
      await desk.goto(`/desk/tickets/${ticket.reference}`)
      await ready
      await markDocument(desk)

      const portal = customerTab.page
      await signIn(portal, people.customer.user.email)
      ready = liveReady(portal, 1)
      await portal.goto(`/tickets/${ticket.reference}`)
      await ready
      await markDocument(portal)

      // The customer replies: the agent's page shows it.
      await portal.getByLabel('Your reply').fill('Tray 2 is empty too.')
      await portal.getByRole('button', { name: 'Send reply' }).click()
      await desk.locator('[data-comment]', { hasText: 'Tray 2 is empty too.' }).waitFor()

      // Half a reply typed on the desk survives the live refresh.
      await desk.getByLabel('Message').fill('Half-written answer')

      // An internal note never reaches the customer's page; a public reply does.
      await AddComment.handle(Actor.forMember(people.manager.membership), {
        ticket,
        body: 'Vendor ticket 7781 (internal)',
        internal: true,
      })
      await desk.locator('[data-comment]', { hasText: 'Vendor ticket 7781' }).waitFor()
      await AddComment.handle(Actor.forMember(people.manager.membership), {
        ticket,
        body: 'A technician is on the way.',
      })
      await portal.locator('[data-comment]', { hasText: 'A technician is on the way.' }).waitFor()
      await desk.locator('[data-comment]', { hasText: 'A technician is on the way.' }).waitFor()
      assert.notInclude(await portal.content(), 'Vendor ticket 7781')
      assert.equal(await desk.getByLabel('Message').inputValue(), 'Half-written answer')

      // A status change shows on both.
      await TransitionTicket.handle(Actor.forMember(people.agent.membership), {
        ticket,
        transition: 'wait',
      })
      await portal.locator('[data-state="waiting"]').waitFor()
      await desk.locator('#ticket header [data-status="waiting_customer"]').waitFor()
      // The lifecycle buttons follow: no more "Wait for customer".
      await desk.getByRole('button', { name: 'Wait for customer' }).waitFor({ state: 'detached' })

      assert.isTrue(await sameDocument(desk))
      assert.isTrue(await sameDocument(portal))
      assert.deepEqual(await accessibilityViolations(desk), [])
      assert.deepEqual(await accessibilityViolations(portal), [])
      assert.deepEqual(agentTab.problems, [])
      assert.deepEqual(customerTab.problems, [])
    } finally {
      await agentTab.close()
      await customerTab.close()
    }
  }).timeout(60_000)

  test('staff see who else has the ticket open, who is writing, and a reply sent meanwhile holds theirs back', async ({
    assert,
  }) => {
    const people = await createTeam({ name: 'Acme' })
    const olive = await createMember(people.organization, 'agent', { fullName: 'Olive Agent' })
    const ticket = await startTicket(
      await createTicket(people.customer.membership),
      people.manager.membership,
      people.agent.membership
    )
    const alexTab = await openPage()
    const oliveTab = await openPage({ colorScheme: 'dark' })
    try {
      const alex = alexTab.page
      await signIn(alex, people.agent.user.email)
      let ready = liveReady(alex, 1)
      await alex.goto(`/desk/tickets/${ticket.reference}`)
      await ready

      const oliveDesk = oliveTab.page
      await signIn(oliveDesk, olive.user.email)
      ready = liveReady(oliveDesk, 1)
      await oliveDesk.goto(`/desk/tickets/${ticket.reference}`)
      await ready

      await alex.locator('#ticket-presence [data-viewers]', { hasText: 'Olive Agent' }).waitFor()
      await oliveDesk
        .locator('#ticket-presence [data-viewers]', { hasText: 'Alex Agent' })
        .waitFor()
      assert.notInclude(await alex.locator('#ticket-presence').innerText(), 'Alex Agent')

      // Olive types: Alex sees it.
      await oliveDesk.getByLabel('Message').pressSequentially('Looking at it')
      await alex
        .locator('#ticket-presence [data-typing]', { hasText: 'Olive Agent is writing a reply' })
        .waitFor()

      // Olive sends first; Alex's reply is held back until Alex sends anyway.
      await oliveDesk.getByRole('button', { name: 'Send', exact: true }).click()
      await oliveDesk.locator('[data-comment]', { hasText: 'Looking at it' }).waitFor()
      await alex.getByLabel('Message').fill('I will call the customer.')
      await alex.getByRole('button', { name: 'Send', exact: true }).click()
      const warning = alex.locator('[data-collision]')
      await warning.waitFor()
      assert.include(await warning.innerText(), 'Olive Agent wrote a reply')
      assert.equal(await alex.getByLabel('Message').inputValue(), 'I will call the customer.')
      assert.deepEqual(await accessibilityViolations(alex), [])
      await alex.getByRole('button', { name: 'Send anyway' }).click()
      await alex.locator('[data-comment]', { hasText: 'I will call the customer.' }).waitFor()
      await oliveDesk.locator('[data-comment]', { hasText: 'I will call the customer.' }).waitFor()

      // Leaving the page: the other sees nobody else.
      await oliveTab.close()
      await alex.locator('#ticket-presence [data-viewers]').waitFor({ state: 'detached' })
      // The held-back reply answered 409 (the browser logs that status).
      assert.deepEqual(
        alexTab.problems.filter((problem) => !problem.includes('409 (Conflict)')),
        []
      )
      assert.deepEqual(oliveTab.problems, [])
    } finally {
      await alexTab.close()
      await oliveTab.close()
    }
  }).timeout(60_000)

  test('with the event stream blocked, the inbox says so and refreshes every 15 s', async ({
    assert,
  }) => {
    const { customer, agent } = await createTeam({ name: 'Acme' })
    const agentTab = await openPage()
    try {
      const inbox = agentTab.page
      await inbox.route('**/__transmit/events**', (route) => route.abort('blockedbyclient'))
      await signIn(inbox, agent.user.email)
      await inbox.goto('/desk/tickets')
      await markDocument(inbox)
      const notice = inbox.locator('[data-live-status]')
      await notice.waitFor({ state: 'visible', timeout: 10_000 })
      assert.equal(await notice.innerText(), 'Live updates paused — refreshing every 15 s')

      await createTicket(customer.membership, { subject: 'Found by polling' })
      await inbox.locator('[data-ticket]', { hasText: 'Found by polling' }).waitFor({
        timeout: 20_000,
      })
      assert.isTrue(await sameDocument(inbox))
      assert.isTrue(await notice.isVisible(), 'still paused after the refresh')
      assert.deepEqual(await accessibilityViolations(inbox), [])
    } finally {
      await agentTab.close()
    }
  }).timeout(60_000)
})

function refs(rows: Element[]) {
  return rows.map((row) => row.getAttribute('data-ticket'))
}
