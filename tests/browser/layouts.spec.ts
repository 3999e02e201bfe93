import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import type { Assert } from '@japa/assert'
import { accessibilityViolations, openPage, sidewaysOverflow, signIn } from '#tests/helpers/browser'
import { isolateEachTest } from '#tests/helpers/isolation'
import { PASSWORD, createMember, createOrganization } from '#tests/helpers/factories'

/**
 * Every layout (portal, sign-in, desk, account, error page) at desktop and
 * phone widths, in light and dark mode: no serious or critical axe-core
 * violation, no console error (CSP violations included), no sideways
 * scrolling.
 */
const GUEST_PAGES = [
  { path: '/', layout: 'portal', heading: 'How can we help?' },
  { path: '/login', layout: 'sign-in', heading: 'Sign in' },
  { path: '/no-such-page', layout: 'error', heading: 'Page not found' },
]
const ADMIN_PAGES = [
  { path: '/desk', layout: 'desk', heading: 'Dashboard' },
  { path: '/desk/members', layout: 'desk members', heading: 'Members' },
  { path: '/profile', layout: 'account', heading: 'Your profile' },
]
const WIDTHS = [1280, 360]
const SCHEMES = ['light', 'dark'] as const

async function assertWellFormed(assert: Assert, page: Page, problems: string[], heading: string) {
  const title = await page.locator('h1').first().textContent()
  assert.equal(title?.trim(), heading)
  assert.deepEqual(await accessibilityViolations(page), [])
  // An Edge tag not on a line of its own is printed as text instead of rendered.
  const text = await page.locator('body').innerText()
  assert.notMatch(text, /@!?[a-zA-Z.]+\(|\{\{/, `${page.url()} shows template code`)
  const overflow = await sidewaysOverflow(page)
  assert.isAtMost(overflow.by, 0, `${page.url()} scrolls sideways: ${overflow.widest.join(' | ')}`)
  // A 404 page is itself reported by Chromium as a failed resource load.
  assert.deepEqual(
    problems.filter((problem) => !problem.includes('404')),
    []
  )
}

test.group('Layouts', (group) => {
  isolateEachTest(group)

  for (const width of WIDTHS) {
    for (const colorScheme of SCHEMES) {
      test(`guest pages at ${width}px in ${colorScheme} mode`, async ({ assert }) => {
        const { page, problems, close } = await openPage({ width, colorScheme })
        try {
          for (const { path, heading } of GUEST_PAGES) {
            await page.goto(path, { waitUntil: 'networkidle' })
            await assertWellFormed(assert, page, problems, heading)
          }
        } finally {
          await close()
        }
      })

      test(`desk and account pages at ${width}px in ${colorScheme} mode`, async ({ assert }) => {
        const organization = await createOrganization({ name: 'Acme' })
        const { user } = await createMember(organization, 'admin')
        await createMember(organization, 'agent')
        const { page, problems, close } = await openPage({ width, colorScheme })
        try {
          await signIn(page, user.email)
          for (const { path, heading } of ADMIN_PAGES) {
            await page.goto(path, { waitUntil: 'networkidle' })
            await assertWellFormed(assert, page, problems, heading)
          }
        } finally {
          await close()
        }
      })
    }
  }
})

test.group('Using the pages', (group) => {
  isolateEachTest(group)

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
      assert.isTrue(await page.getByRole('link', { name: 'Sign in' }).isVisible())
    } finally {
      await close()
    }
  })

  test('an agent signs in from the keyboard and lands in the desk', async ({ assert }) => {
    const organization = await createOrganization({ name: 'Acme' })
    const { user } = await createMember(organization, 'agent')
    const { page, close } = await openPage()
    try {
      await page.goto('/login', { waitUntil: 'networkidle' })
      await page.keyboard.press('Tab')
      assert.equal(
        await page.evaluate(() => document.activeElement?.textContent),
        'Skip to content'
      )
      await page.getByLabel('Email').focus()
      await page.keyboard.type(user.email)
      await page.keyboard.press('Tab')
      await page.keyboard.type(PASSWORD)
      await page.keyboard.press('Enter')
      await page.waitForURL('**/desk')
      assert.include(await page.locator('header').first().textContent(), 'Acme')

      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.waitForURL('**/login')
      assert.include(await page.locator('[role=status]').textContent(), 'You are signed out.')
    } finally {
      await close()
    }
  })

  test('a wrong password shows the message beside the field and keeps the email', async ({
    assert,
  }) => {
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'customer')
    const { page, close } = await openPage()
    try {
      await page.goto('/login')
      await page.getByLabel('Email').fill(user.email)
      await page.getByLabel('Password').fill('not the password')
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForLoadState('networkidle')
      assert.equal(await page.getByLabel('Email').inputValue(), user.email)
      assert.include(
        await page.locator('#field-email-error').textContent(),
        'The email or password is not correct.'
      )
      assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), 'true')
    } finally {
      await close()
    }
  })
})
