import { test } from '@japa/runner'
import { accessibilityViolations, openPage } from '#tests/helpers/browser'

/**
 * Every layout (portal, desk, error page) at desktop and phone widths, in
 * light and dark mode: no serious or critical axe-core violation, no
 * console error (CSP violations included), no sideways scrolling.
 */
const PAGES = [
  { path: '/', layout: 'portal', heading: 'How can we help?' },
  { path: '/desk', layout: 'desk', heading: 'Dashboard' },
  { path: '/no-such-page', layout: 'error', heading: 'Page not found' },
]
const WIDTHS = [1280, 360]
const SCHEMES = ['light', 'dark'] as const

test.group('Layouts', () => {
  for (const { path, layout, heading } of PAGES) {
    for (const width of WIDTHS) {
      for (const colorScheme of SCHEMES) {
        test(`${layout} layout at ${width}px in ${colorScheme} mode`, async ({ assert }) => {
          const { page, problems, close } = await openPage({ width, colorScheme })
          try {
            await page.goto(path, { waitUntil: 'networkidle' })
            assert.equal(await page.locator('h1').first().textContent(), heading)

            assert.deepEqual(await accessibilityViolations(page), [])

            const overflow = await page.evaluate(
              () => document.documentElement.scrollWidth - window.innerWidth
            )
            assert.isAtMost(overflow, 0, 'the page scrolls sideways')

            // The 404 itself is reported by Chromium as a failed resource load.
            assert.deepEqual(
              problems.filter((problem) => !problem.includes('404')),
              []
            )
          } finally {
            await close()
          }
        })
      }
    }
  }

  test('the scripts load: htmx, Alpine and the Transmit client', async ({ assert }) => {
    const { page, problems, close } = await openPage()
    try {
      await page.goto('/', { waitUntil: 'networkidle' })
      const loaded = await page.evaluate(() => ({
        htmx: typeof (window as any).htmx?.ajax,
        alpine: typeof (window as any).Alpine?.start,
        transmit: typeof (window as any).atumTransmit,
      }))
      assert.deepEqual(loaded, { htmx: 'function', alpine: 'function', transmit: 'function' })
      assert.deepEqual(problems, [])
    } finally {
      await close()
    }
  })

  test('on a phone the navigation opens from the menu button', async ({ assert }) => {
    const { page, close } = await openPage({ width: 360 })
    try {
      await page.goto('/', { waitUntil: 'networkidle' })
      const nav = page.locator('#portal-nav')
      assert.isFalse(await nav.isVisible())
      await page.getByRole('button', { name: 'Menu' }).click()
      assert.isTrue(await nav.isVisible())
      assert.isTrue(await page.getByRole('link', { name: 'Staff desk' }).isVisible())
    } finally {
      await close()
    }
  })

  test('the desk is usable from the keyboard: skip link, then the navigation', async ({
    assert,
  }) => {
    const { page, close } = await openPage()
    try {
      await page.goto('/desk', { waitUntil: 'networkidle' })
      await page.keyboard.press('Tab')
      assert.equal(
        await page.evaluate(() => document.activeElement?.textContent),
        'Skip to content'
      )
      await page.keyboard.press('Enter')
      assert.equal(await page.evaluate(() => location.hash), '#main')
    } finally {
      await close()
    }
  })
})
