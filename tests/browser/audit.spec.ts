import { test } from '@japa/runner'
import { accessibilityViolations, openPage, sidewaysOverflow, signIn } from '#tests/helpers/browser'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createOrganization } from '#tests/helpers/factories'
import { runTicketLifecycle } from '#tests/helpers/audit'

/**
 * The audit trail page at desktop and phone widths, light and dark: no
 * serious or critical axe-core violation, no console error, no sideways
 * scrolling of the page (the table scrolls inside its card); filtering and
 * "Verify chain" work from the keyboard-reachable controls.
 */
test.group('Desk: audit trail in the browser', (group) => {
  isolateEachTest(group)

  for (const width of [1280, 360]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      test(`the audit page at ${width}px in ${colorScheme} mode`, async ({ assert }) => {
        const organization = await createOrganization({ name: 'Acme' })
        const { user } = await createMember(organization, 'admin')
        await runTicketLifecycle(organization)
        const { page, problems, close } = await openPage({ width, colorScheme })
        try {
          await signIn(page, user.email)

          await page.goto('/desk/audit', { waitUntil: 'networkidle' })
          const heading = await page.locator('h1').textContent()
          assert.equal(heading?.trim(), 'Audit trail')
          assert.deepEqual(await accessibilityViolations(page), [])
          const overflow = await sidewaysOverflow(page)
          assert.isAtMost(
            overflow.by,
            0,
            `the page scrolls sideways: ${overflow.widest.join(' | ')}`
          )

          await page.getByLabel('Action').selectOption('ticket.accept')
          await page.getByRole('button', { name: 'Filter' }).click()
          await page.waitForLoadState('networkidle')
          assert.equal(await page.locator('tbody tr[data-audit-event]').count(), 1)

          await page.getByRole('button', { name: 'Verify chain' }).click()
          await page.waitForLoadState('networkidle')
          const notice = await page.getByRole('status').first().textContent()
          assert.include(notice, 'chain OK')
          assert.deepEqual(await accessibilityViolations(page), [])
          assert.deepEqual(problems, [])
        } finally {
          await close()
        }
      }).timeout(60_000)
    }
  }
})
