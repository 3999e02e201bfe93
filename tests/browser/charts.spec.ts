import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import type { Assert } from '@japa/assert'
import AddComment from '#actions/tickets/add_comment'
import { SYSTEM_ACTOR } from '#services/audit/audit_trail'
import { accessibilityViolations, openPage, sidewaysOverflow, signIn } from '#tests/helpers/browser'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTeam } from '#tests/helpers/factories'
import { createTicket, startTicket } from '#tests/helpers/tickets'
import { ALWAYS, createSlaPolicy, restoreClock, travelTo } from '#tests/helpers/sla'

/**
 * The chart components (resources/views/components/chart) on the core's
 * pages, as a browser draws them: each chart is a table with a caption,
 * its bars are as long as their figures say, drawn in the theme's colours
 * of the light or dark scheme, and the page stays clean (axe-core, no
 * sideways scrolling, no console error).
 */

/** Each chart row's key and the drawn width of its bar's segments, as a share of the track. */
function drawnBars(page: Page, attribute: string) {
  return page.evaluate((name) => {
    return [...document.querySelectorAll(`tr[${name}]`)].map((row) => {
      const svg = row.querySelector('svg')!
      const track = svg.getBoundingClientRect().width
      const segments = [...svg.querySelectorAll('rect')].slice(1).map((rect) => ({
        share: Math.round((rect.getBoundingClientRect().width / track) * 100) / 100,
        fill: getComputedStyle(rect).fill,
      }))
      return { key: row.getAttribute(name)!, segments }
    })
  }, attribute)
}

async function captions(page: Page) {
  return page.locator('table caption').allTextContents()
}

test.group('Charts', (group) => {
  isolateEachTest(group)
  group.each.teardown(() => restoreClock())

  for (const width of [1280, 360]) {
    test(`dashboard and SLA compliance charts at ${width}px, light and dark`, async ({
      assert,
    }) => {
      const team = await createTeam({ name: 'Acme' })
      await createSlaPolicy(team.organization, {
        week: ALWAYS,
        firstResponseMinutes: 60,
        resolutionMinutes: 600,
      })
      travelTo('2026-11-30T09:00:00')
      const answered = await startTicket(
        await createTicket(team.customer.membership, { subject: 'Answered in time' }),
        team.manager.membership,
        team.agent.membership
      )
      await AddComment.handle(answered, { body: 'On it' }, team.agent.membership, SYSTEM_ACTOR)
      const late = await createTicket(team.customer.membership, { subject: 'Nobody answered' })
      travelTo('2026-11-30T10:30:00')
      await AddComment.handle(late, { body: 'Sorry!' }, team.manager.membership, SYSTEM_ACTOR)
      await createTicket(team.customer.membership, { subject: 'Still new' })
      restoreClock()

      const fills: Record<string, string> = {}
      for (const colorScheme of ['light', 'dark'] as const) {
        const { page, problems, close } = await openPage({ width, colorScheme })
        try {
          await signIn(page, team.manager.user.email)

          await page.goto('/desk', { waitUntil: 'networkidle' })
          assert.include(await captions(page), 'Tickets of this organization by status')
          const statuses = await drawnBars(page, 'data-status-bar')
          // Two new tickets are the longest bar, one in progress half of it, none closed.
          const byStatus = Object.fromEntries(statuses.map((row) => [row.key, row.segments]))
          assert.equal(byStatus.new[0].share, 1)
          assert.equal(byStatus.in_progress[0].share, 0.5)
          assert.deepEqual(byStatus.closed, [])
          fills[colorScheme] = byStatus.new[0].fill
          await assertClean(assert, page, problems)

          await page.goto('/desk/sla/compliance?from=2026-11-01&to=2026-11-30', {
            waitUntil: 'networkidle',
          })
          assert.includeMembers(await captions(page), [
            'First response within target, per priority',
            'Resolution within target, per priority',
          ])
          const compliance = await drawnBars(page, 'data-compliance')
          const normal = compliance.find((row) => row.key === 'normal-firstResponse')!
          // One first response met, one missed: half the track.
          assert.equal(normal.segments[0].share, 0.5)
          const text = await page.locator('tr[data-compliance="normal-firstResponse"]').innerText()
          assert.include(text, '50 %')
          await assertClean(assert, page, problems)
        } finally {
          await close()
        }
      }
      // The bars follow the colour scheme.
      assert.notEqual(fills.light, fills.dark)
    }).timeout(60_000)
  }
})

async function assertClean(assert: Assert, page: Page, problems: string[]) {
  assert.deepEqual(await accessibilityViolations(page), [], page.url())
  const overflow = await sidewaysOverflow(page)
  assert.isAtMost(overflow.by, 0, `${page.url()} scrolls sideways: ${overflow.widest.join(' | ')}`)
  assert.deepEqual(problems, [])
}
