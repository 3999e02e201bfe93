import { test } from '@japa/runner'
import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import type { Assert } from '@japa/assert'
import { accessibilityViolations, openPage, sidewaysOverflow, signIn } from '#tests/helpers/browser'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTeam } from '#tests/helpers/factories'
import { createTicket } from '#tests/helpers/tickets'
import TimeEntry from '../../models/time_entry.js'
import TimeTimer from '../../models/time_timer.js'
import { novemberFigures } from '../helpers/time.js'

async function pageIsClean(page: Page, assert: Assert, where: string) {
  assert.deepEqual(await accessibilityViolations(page), [], where)
  const overflow = await sidewaysOverflow(page)
  assert.isAtMost(overflow.by, 0, `${where} scrolls sideways: ${overflow.widest.join(' | ')}`)
}

const clock = (page: Page) => page.locator('#time-tracking [role=timer]')

/** "1:02:05" → 3725 */
function seconds(text: string | null) {
  const [h, m, s] = (text ?? '').trim().split(':').map(Number)
  return h * 3600 + m * 60 + s
}

test.group('Time tracking in the browser', (group) => {
  isolateEachTest(group)

  for (const width of [1280, 360]) {
    test(`an agent logs time and runs the timer across a reload at ${width}px`, async ({
      assert,
    }) => {
      const { agent, customer } = await createTeam()
      const ticket = await createTicket(customer.membership, { subject: 'Printer jammed' })
      const { page, problems, close } = await openPage({ width })
      try {
        await signIn(page, agent.user.email)
        await page.goto(`/desk/tickets/${ticket.reference}`, { waitUntil: 'networkidle' })
        await pageIsClean(page, assert, 'ticket page')

        // Logging by hand, from the keyboard-reachable form.
        await page.getByLabel('Minutes').fill('45')
        await page.getByLabel('Note (optional)', { exact: true }).fill('Cleared the paper path')
        await page.getByRole('button', { name: 'Log time' }).click()
        await page.waitForURL(`**/desk/tickets/${ticket.reference}#time-tracking`)
        assert.include(await page.getByRole('status').first().textContent(), 'Logged 45 min')
        assert.include(await page.locator('[data-time-total]').textContent(), '45 min')
        await page.locator('[data-time-entry]', { hasText: 'Cleared the paper path' }).waitFor()

        // A refused entry comes back with its message, filled in.
        await page.getByLabel('Minutes').fill('0')
        await page.getByRole('button', { name: 'Log time' }).click()
        await page.waitForLoadState('networkidle')
        assert.equal(
          await page.locator('#time-minutes-error').textContent(),
          'Log at least 1 minute'
        )
        assert.equal(await page.getByLabel('Minutes').inputValue(), '0')
        await pageIsClean(page, assert, 'refused form')

        // The timer: started, ticking, still running after a reload.
        await page.getByRole('button', { name: 'Start timer' }).click()
        await page.waitForURL(`**/desk/tickets/${ticket.reference}#time-tracking`)
        await clock(page).waitFor()
        const shown = seconds(await clock(page).textContent())
        await page.waitForFunction(
          (before) => {
            const text = document.querySelector('#time-tracking [role=timer]')?.textContent ?? ''
            const [h, m, s] = text.trim().split(':').map(Number)
            return h * 3600 + m * 60 + s > before
          },
          shown,
          { timeout: 5000 }
        )
        await page.reload({ waitUntil: 'networkidle' })
        await clock(page).waitFor()
        assert.isAtLeast(seconds(await clock(page).textContent()), shown + 1)
        assert.exists(await TimeTimer.findBy('user_id', agent.user.id))
        await pageIsClean(page, assert, 'running timer')

        await page.getByLabel('Note on the timed work').fill('Driver update')
        await page.getByRole('button', { name: 'Stop and log time' }).click()
        await page.waitForURL(`**/desk/tickets/${ticket.reference}#time-tracking`)
        assert.include(await page.getByRole('status').first().textContent(), 'Timer stopped')
        await page.getByRole('button', { name: 'Start timer' }).waitFor()
        await page.locator('[data-time-entry]', { hasText: 'Driver update' }).waitFor()

        const entries = await TimeEntry.query().where('ticket_id', ticket.id).orderBy('id')
        assert.deepEqual(
          entries.map((entry) => [entry.minutes, entry.note]),
          [
            [45, 'Cleared the paper path'],
            [1, 'Driver update'],
          ]
        )
        assert.deepEqual(problems, [])
      } finally {
        await close()
      }
    }).timeout(60_000)
  }

  test('with JavaScript off, logging and the timer work through plain forms', async ({
    assert,
  }) => {
    const { agent, customer } = await createTeam()
    const ticket = await createTicket(customer.membership)
    const { page, close } = await openPage({ javaScriptEnabled: false })
    try {
      await signIn(page, agent.user.email)
      await page.goto(`/desk/tickets/${ticket.reference}`)
      await page.getByLabel('Minutes').fill('20')
      await page.getByRole('button', { name: 'Log time' }).click()
      await page.waitForURL(`**/desk/tickets/${ticket.reference}#time-tracking`)
      assert.include(await page.locator('[data-time-total]').textContent(), '20 min')

      await page.getByRole('button', { name: 'Start timer' }).click()
      await page.waitForURL(`**/desk/tickets/${ticket.reference}#time-tracking`)
      // Without the script the clock shows the time at page load.
      assert.match((await clock(page).textContent()) ?? '', /^0:00:0\d$/)
      await page.getByRole('button', { name: 'Stop and log time' }).click()
      await page.waitForURL(`**/desk/tickets/${ticket.reference}#time-tracking`)
      await page.getByRole('button', { name: 'Start timer' }).waitFor()
      assert.lengthOf(await TimeEntry.query().where('ticket_id', ticket.id), 2)
    } finally {
      await close()
    }
  }).timeout(60_000)

  for (const width of [1280, 360]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      test(`the report page at ${width}px in ${colorScheme} mode, and its CSV`, async ({
        assert,
      }) => {
        const { manager } = await novemberFigures()
        const { page, problems, close } = await openPage({ width, colorScheme })
        try {
          await signIn(page, manager.user.email)
          await page.goto('/desk/time', { waitUntil: 'networkidle' })
          assert.equal(await page.locator('a[href="/desk/time"][aria-current=page]').count(), 1)
          await pageIsClean(page, assert, 'report page, this month')

          await page.getByLabel('From', { exact: true }).fill('2026-11-01')
          await page.getByLabel('To', { exact: true }).fill('2026-11-30')
          await page.getByRole('button', { name: 'Show report' }).click()
          await page.waitForURL('**/desk/time?from=2026-11-01&to=2026-11-30')
          assert.equal(await page.locator('[data-figure=total]').textContent(), '3 h')
          assert.equal(await page.locator('tr[data-agent]').count(), 3)
          await pageIsClean(page, assert, 'report page, November')

          const [download] = await Promise.all([
            page.waitForEvent('download'),
            page.getByRole('button', { name: 'Download CSV' }).click(),
          ])
          assert.match(download.suggestedFilename(), /^time-.+-2026-11-01-to-2026-11-30\.csv$/)
          const bytes = await readFile((await download.path())!)
          assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf])
          assert.lengthOf(bytes.toString('utf8').trim().split('\r\n'), 5)

          // A bad range: the form comes back with its message.
          await page.getByLabel('To', { exact: true }).fill('2026-10-01')
          await page.getByRole('button', { name: 'Show report' }).click()
          await page.waitForLoadState('networkidle')
          assert.equal(
            await page.locator('#report-to-error').textContent(),
            'The last day must be on or after the first day'
          )
          await pageIsClean(page, assert, 'report page, refused range')
          assert.deepEqual(
            problems.filter((problem) => !problem.includes('422')),
            []
          )
        } finally {
          await close()
        }
      }).timeout(60_000)
    }
  }
})
