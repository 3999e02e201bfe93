import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import AddComment from '#actions/tickets/add_comment'
import { accessibilityViolations, openPage, sidewaysOverflow, signIn } from '#tests/helpers/browser'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTeam } from '#tests/helpers/factories'
import { createTicket, startTicket } from '#tests/helpers/tickets'
import Actor from '#actions/actor'

/** How far the page scrolls sideways (0: not at all). */
async function overflowOf(page: Page) {
  const overflow = await sidewaysOverflow(page)
  return overflow.by
}

/**
 * The bell, the list and the settings in Chromium: at phone width in dark
 * mode and at desktop width, no axe violation, no sideways scrolling, no
 * console error; marking read with htmx updates the list and the bell.
 */
test.group('Notifications in the browser', (group) => {
  isolateEachTest(group)

  for (const [width, colorScheme] of [
    [360, 'dark'],
    [1280, 'light'],
  ] as const) {
    test(`a customer reads notifications at ${width}px in ${colorScheme} mode`, async ({
      assert,
    }) => {
      const team = await createTeam({ name: 'Acme' })
      const opened = await createTicket(team.customer.membership, { subject: 'Printer jam' })
      const ticket = await startTicket(opened, team.manager.membership, team.agent.membership)
      await AddComment.handle(Actor.forMember(team.agent.membership), {
        ticket,
        body: 'Answer one',
      })
      await AddComment.handle(Actor.forMember(team.agent.membership), {
        ticket,
        body: 'Answer two',
      })

      const { page, problems, close } = await openPage({ width, colorScheme })
      try {
        await signIn(page, team.customer.user.email)
        await page.goto('/notifications', { waitUntil: 'networkidle' })
        assert.equal(await page.locator('h1').innerText(), 'Notifications')
        assert.equal(await page.locator('#notification-bell [data-unread-count]').innerText(), '2')
        assert.deepEqual(await accessibilityViolations(page), [])
        assert.isAtMost(await overflowOf(page), 0)

        // htmx: the list and the bell change in place.
        await page
          .getByRole('button', { name: /^Mark read/ })
          .first()
          .click()
        await page.waitForFunction(
          () => document.querySelector('[data-unread-count]')?.textContent === '1'
        )
        assert.equal(page.url().endsWith('/notifications'), true)
        await page.getByRole('button', { name: 'Mark all read' }).click()
        await page.waitForFunction(() => !document.querySelector('[data-unread-count]'))
        assert.include(await page.locator('#notifications').innerText(), 'Nothing unread.')

        // Opening one leads to the request in the portal.
        await page.locator('[data-notification] form button').first().click()
        await page.waitForURL(`**/tickets/${ticket.reference}`)

        await page.goto('/profile/notifications', { waitUntil: 'networkidle' })
        assert.deepEqual(await accessibilityViolations(page), [])
        assert.isAtMost(await overflowOf(page), 0)
        assert.deepEqual(problems, [])
      } finally {
        await close()
      }
    })
  }

  test('the desk header shows the bell to staff', async ({ assert }) => {
    const team = await createTeam({ name: 'Acme' })
    await createTicket(team.customer.membership, { subject: 'New one' })
    const { page, problems, close } = await openPage({ width: 360, colorScheme: 'dark' })
    try {
      await signIn(page, team.agent.user.email)
      await page.goto('/desk', { waitUntil: 'networkidle' })
      assert.equal(
        await page.locator('#notification-bell').getAttribute('aria-label'),
        'Notifications, 1 unread'
      )
      await page.locator('#notification-bell').click()
      await page.waitForURL('**/notifications')
      assert.include(
        await page.locator('#notifications').innerText(),
        'Dana Customer opened ATUM-1'
      )
      assert.deepEqual(await accessibilityViolations(page), [])
      assert.isAtMost(await overflowOf(page), 0)
      assert.deepEqual(problems, [])
    } finally {
      await close()
    }
  })
})
