import { test } from '@japa/runner'
import { accessibilityViolations, openPage, signIn } from '#tests/helpers/browser'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTeam } from '#tests/helpers/factories'
import { createTicket } from '#tests/helpers/tickets'
import SaveCategory from '../../actions/save_category.js'
import { SYSTEM_ACTOR } from '#kit/audit'
import { articleField, createArticle, overflowBy } from '../helpers/kb.js'

async function teamWithArticles() {
  const team = await createTeam({ name: 'Acme', slug: `acme-${Date.now()}` })
  const category = await SaveCategory.handle(
    team.manager.membership,
    { name: 'Accounts', description: 'Signing in and passwords.' },
    SYSTEM_ACTOR
  )
  const article = await createArticle(team.manager.membership, {
    title: 'Reset your password',
    body: 'Open **Forgot password** on the sign-in page.\n\n1. Type your email\n2. Follow the link we mail you',
    tags: ['password', 'login'],
    categoryId: category.id,
  })
  await createArticle(team.manager.membership, {
    title: 'Printer jams on floor 2',
    body: 'Open tray 2 and remove the paper.',
    visibility: 'customers',
  })
  return { team, article }
}

test.group('Knowledge base in the browser', (group) => {
  isolateEachTest(group)

  test('a customer typing a subject sees a matching article and says it solved the problem', async ({
    assert,
  }) => {
    const { team, article } = await teamWithArticles()
    const { page, problems, close } = await openPage()
    try {
      await signIn(page, team.customer.user.email)
      await page.goto('/tickets/new', { waitUntil: 'networkidle' })
      await page.getByLabel('Subject').pressSequentially('I forgot my pasword', { delay: 20 })
      const suggestion = page.locator('[data-kb-suggestions] [data-article="reset-your-password"]')
      await suggestion.waitFor()
      assert.include(await suggestion.textContent(), 'Reset your password')
      assert.deepEqual(await accessibilityViolations(page), [])

      await suggestion.getByRole('button', { name: /This solved my problem/ }).click()
      await page.waitForURL(`**/help/${team.organization.slug}/${article.slug}`)
      assert.include(
        await page.locator('[role=status]').first().textContent(),
        'Your request was not sent'
      )
      assert.equal(await articleField(article.id, 'deflectionCount'), 1)
      assert.deepEqual(problems, [])
    } finally {
      await close()
    }
  })

  test('the public help center reads without signing in, at 1280 and 360 px, light and dark', async ({
    assert,
  }) => {
    const { team, article } = await teamWithArticles()
    for (const [width, colorScheme] of [
      [1280, 'light'],
      [360, 'dark'],
    ] as const) {
      const { page, problems, close } = await openPage({ width, colorScheme })
      try {
        await page.goto(`/help/${team.organization.slug}`, { waitUntil: 'networkidle' })
        assert.equal(await page.title(), 'Help center · ATUM DESK')
        assert.equal(
          await page
            .locator('[data-category="accounts"] a', { hasText: 'Reset your password' })
            .count(),
          1
        )
        assert.equal(await page.getByText('Printer jams on floor 2').count(), 0)
        assert.deepEqual(await accessibilityViolations(page), [], `home at ${width}px`)
        assert.isAtMost(await overflowBy(page), 0)

        await page.getByLabel('Search articles').fill('password')
        await page.getByRole('button', { name: 'Search', exact: true }).click()
        await page.waitForURL('**/search?q=password')
        await page.locator('[data-snippet] mark').first().waitFor()
        assert.deepEqual(await accessibilityViolations(page), [], `search at ${width}px`)

        await page.getByRole('link', { name: 'Reset your password' }).click()
        await page.waitForURL(`**/${article.slug}`)
        assert.equal(await page.title(), 'Reset your password · Help center · ATUM DESK')
        assert.equal(
          await page.locator('meta[name="description"]').getAttribute('content'),
          'Open Forgot password on the sign-in page. Type your email Follow the link we mail you'
        )
        assert.deepEqual(await accessibilityViolations(page), [], `article at ${width}px`)
        assert.isAtMost(await overflowBy(page), 0)
        assert.deepEqual(problems, [])
      } finally {
        await close()
      }
    }

    // Voting by keyboard, swapped in place by htmx.
    const { page, close } = await openPage()
    try {
      await page.goto(`/help/${team.organization.slug}/${article.slug}`, {
        waitUntil: 'networkidle',
      })
      await page.getByRole('button', { name: 'Yes' }).focus()
      await page.keyboard.press('Enter')
      await page.locator('[data-voted="yes"]').waitFor()
      assert.equal(await articleField(article.id, 'helpfulYes'), 1)
    } finally {
      await close()
    }
  })

  test('staff insert a suggested article link into the reply; desk pages are axe-clean', async ({
    assert,
  }) => {
    const { team, article } = await teamWithArticles()
    const ticket = await createTicket(team.customer.membership, {
      subject: 'Cannot reset my password',
    })
    const { page, problems, close } = await openPage()
    try {
      await signIn(page, team.agent.user.email)
      await page.goto(`/desk/tickets/${ticket.reference}`, { waitUntil: 'networkidle' })
      await page.getByRole('button', { name: 'Start work' }).count()
      await page.getByLabel('Message').fill('Hello,')
      await page.getByRole('button', { name: /Insert link in reply/ }).click()
      const reply = await page.getByLabel('Message').inputValue()
      assert.match(
        reply,
        new RegExp(
          `^Hello,\\n\\n\\[Reset your password\\]\\(http://[^)]+/help/${team.organization.slug}/${article.slug}\\)$`
        )
      )
      assert.deepEqual(await accessibilityViolations(page), [])

      await page.goto('/desk/kb', { waitUntil: 'networkidle' })
      assert.deepEqual(await accessibilityViolations(page), [], 'desk list')
      await page.goto(`/desk/kb/articles/${article.id}`, { waitUntil: 'networkidle' })
      assert.deepEqual(await accessibilityViolations(page), [], 'article form')
      await page.goto('/desk/kb/categories', { waitUntil: 'networkidle' })
      assert.deepEqual(await accessibilityViolations(page), [], 'categories')
      assert.deepEqual(problems, [])
    } finally {
      await close()
    }

    // Without JavaScript the link is there to copy, and the button stays hidden.
    const plain = await openPage({ javaScriptEnabled: false })
    try {
      await signIn(plain.page, team.agent.user.email)
      await plain.page.goto(`/desk/tickets/${ticket.reference}`)
      assert.isFalse(
        await plain.page.getByRole('button', { name: /Insert link in reply/ }).isVisible()
      )
      assert.match(
        await plain.page.getByLabel('Link to “Reset your password”').inputValue(),
        new RegExp(`/help/${team.organization.slug}/${article.slug}$`)
      )
    } finally {
      await plain.close()
    }
  })
})
