import { test } from '@japa/runner'
import SetPluginEnabled from '#actions/plugins/set_plugin_enabled'
import SavePluginSettings from '#actions/plugins/save_plugin_settings'
import plugins from '#kit/plugins'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createTeam } from '#tests/helpers/factories'
import { postForm } from '#tests/helpers/forms'
import { createTicket } from '#tests/helpers/tickets'
import KbArticle from '../../models/kb_article.js'
import SaveCategory from '../../actions/save_category.js'
import { articleField, createArticle, statusIs } from '../helpers/kb.js'
import Actor from '#actions/actor'

/** One article of each visibility, and a draft, in a fresh organization. */
async function helpCenterWithArticles() {
  const team = await createTeam({ name: 'Acme Corporation', slug: `acme-${Date.now()}` })
  const author = team.manager.membership
  const category = await SaveCategory.handle(Actor.forMember(author), { name: 'Getting started' })
  const articles = {
    public: await createArticle(author, {
      title: 'Reset your password',
      body: 'Open **Forgot password** on the sign-in page and follow the mail.',
      categoryId: category.id,
    }),
    customers: await createArticle(author, {
      title: 'Customer VPN access',
      visibility: 'customers',
    }),
    internal: await createArticle(author, { title: 'Escalation runbook', visibility: 'internal' }),
    draft: await createArticle(author, { title: 'Unfinished printer guide', publish: false }),
  }
  return { team, category, articles, base: `/help/${team.organization.slug}` }
}

test.group('Knowledge base: the public help center', (group) => {
  isolateEachTest(group)

  test('a visitor reads public articles without signing in, with a title and description', async ({
    client,
    assert,
  }) => {
    const { articles, base } = await helpCenterWithArticles()
    const home = await client.get(base)
    home.assertStatus(200)
    assert.include(home.text(), '<title>Help center · ATUM DESK</title>')
    assert.match(home.text(), /<meta name="description" content="Help center: answers/)
    assert.include(home.text(), 'Reset your password')
    assert.include(home.text(), 'Getting started')
    for (const hidden of [
      'Customer VPN access',
      'Escalation runbook',
      'Unfinished printer guide',
    ]) {
      assert.notInclude(home.text(), hidden)
    }

    const page = await client.get(`${base}/${articles.public.slug}`)
    page.assertStatus(200)
    assert.include(page.text(), '<title>Reset your password · Help center · ATUM DESK</title>')
    assert.include(
      page.text(),
      '<meta name="description" content="Open Forgot password on the sign-in page and follow the mail.">'
    )
    assert.include(page.text(), '<strong>Forgot password</strong>')

    for (const hidden of [articles.customers, articles.internal, articles.draft]) {
      const response = await client.get(`${base}/${hidden.slug}`)
      response.assertStatus(404)
      assert.notInclude(response.text(), hidden.title)
    }

    const category = await client.get(`${base}/categories/getting-started`)
    category.assertStatus(200)
    assert.include(category.text(), 'Reset your password')
  })

  test('customers also read customer articles; staff every published one', async ({
    client,
    assert,
  }) => {
    const { team, articles, base } = await helpCenterWithArticles()
    const asCustomer = await client.get(base).loginAs(team.customer.user)
    assert.include(asCustomer.text(), 'Customer VPN access')
    assert.notInclude(asCustomer.text(), 'Escalation runbook')
    statusIs(
      await client.get(`${base}/${articles.customers.slug}`).loginAs(team.customer.user),
      200
    )
    statusIs(await client.get(`${base}/${articles.internal.slug}`).loginAs(team.customer.user), 404)

    const asAgent = await client.get(base).loginAs(team.agent.user)
    assert.include(asAgent.text(), 'Customer VPN access')
    assert.include(asAgent.text(), 'Escalation runbook')
    assert.notInclude(asAgent.text(), 'Unfinished printer guide')
    statusIs(await client.get(`${base}/${articles.internal.slug}`).loginAs(team.agent.user), 200)
    statusIs(await client.get(`${base}/${articles.draft.slug}`).loginAs(team.admin.user), 404)

    // Signed-in members go from /help (the portal's nav entry) to their own help center.
    const landing = await client.get('/help').loginAs(team.customer.user).redirects(0)
    landing.assertStatus(302)
    landing.assertHeader('location', base)
    const portal = await client.get('/').loginAs(team.customer.user)
    assert.include(portal.text(), 'href="/help"')
  })

  test('a member of another organization reads only its public articles; its article under our address is a 404', async ({
    client,
    assert,
  }) => {
    const { articles, base } = await helpCenterWithArticles()
    const other = await createTeam()
    const ownArticle = await createArticle(other.manager.membership, { title: 'Globex only guide' })

    const asOtherStaff = await client.get(base).loginAs(other.admin.user)
    assert.include(asOtherStaff.text(), 'Reset your password')
    assert.notInclude(asOtherStaff.text(), 'Customer VPN access')
    assert.notInclude(asOtherStaff.text(), 'Escalation runbook')
    statusIs(
      await client.get(`${base}/${articles.customers.slug}`).loginAs(other.customer.user),
      404
    )
    statusIs(await client.get(`${base}/${articles.internal.slug}`).loginAs(other.agent.user), 404)

    // The other organization's article, asked for under this organization's address.
    const crossed = await client.get(`${base}/${ownArticle.slug}`).loginAs(other.admin.user)
    crossed.assertStatus(404)
    assert.notInclude(crossed.text(), 'Globex only guide')
    statusIs(await client.get(`/help/no-such-organization`), 404)
  })

  test('switched off: help center, desk pages, nav entries and slots are gone', async ({
    client,
    assert,
  }) => {
    const { team, articles, base } = await helpCenterWithArticles()
    const ticket = await createTicket(team.customer.membership, { subject: 'Reset your password' })
    const deskTicket = await client
      .get(`/desk/tickets/${ticket.reference}`)
      .loginAs(team.agent.user)
    assert.include(deskTicket.text(), 'data-slot="kb"')
    const deskOn = await client.get('/desk').loginAs(team.agent.user)
    assert.include(deskOn.text(), 'href="/desk/kb"')

    await SetPluginEnabled.handle(Actor.system(team.organization), {
      plugin: plugins.find('kb')!,
      enabled: false,
    })
    statusIs(await client.get(base), 404)
    statusIs(await client.get(`${base}/${articles.public.slug}`), 404)
    statusIs(await client.get('/desk/kb').loginAs(team.agent.user), 404)
    statusIs(await client.get('/kb/suggestions?subject=password').loginAs(team.customer.user), 404)
    const desk = await client.get('/desk').loginAs(team.agent.user)
    assert.notInclude(desk.text(), 'href="/desk/kb"')
    const form = await client.get('/tickets/new').loginAs(team.customer.user)
    assert.notInclude(form.text(), 'data-slot="kb"')
    assert.notInclude(form.text(), 'kb-suggestions')
    const ticketPage = await client
      .get(`/desk/tickets/${ticket.reference}`)
      .loginAs(team.agent.user)
    assert.notInclude(ticketPage.text(), 'data-slot="kb"')
  })

  test('views are counted; a visitor votes once per article (cookie or account)', async ({
    client,
    assert,
  }) => {
    const { team, articles, base } = await helpCenterWithArticles()
    const url = `${base}/${articles.public.slug}`
    await client.get(url)
    await client.get(url).loginAs(team.customer.user)
    assert.equal(await articleField(articles.public.id, 'viewCount'), 2)

    // A visitor without an account: the first vote gives them a cookie.
    const first = await client
      .post(`${url}/vote`)
      .withCsrfToken()
      .form({ helpful: 'yes' })
      .redirects(0)
    first.assertStatus(302)
    first.assertFlashMessage('success', 'Thank you for your feedback.')
    const visitor = first.cookie('kb_visitor')
    assert.exists(visitor?.value)
    const again = await client
      .post(`${url}/vote`)
      .withCsrfToken()
      .withCookie('kb_visitor', visitor!.value)
      .form({ helpful: 'no' })
      .redirects(0)
    again.assertFlashMessage('success', 'You already told us, thank you.')

    // A signed-in customer, by htmx: the fragment says thanks; a second vote is ignored.
    const htmx = await postForm(client, team.customer.user, `${url}/vote`)
      .header('HX-Request', 'true')
      .form({ helpful: 'no' })
    htmx.assertStatus(200)
    assert.include(htmx.text(), 'data-voted="no"')
    await postForm(client, team.customer.user, `${url}/vote`).form({ helpful: 'yes' })

    const article = await KbArticle.findOrFail(articles.public.id)
    assert.equal(article.helpfulYes, 1)
    assert.equal(article.helpfulNo, 1)

    // Bad input: 422 fragment with its message (htmx), nothing counted.
    const bad = await client
      .post(`${url}/vote`)
      .withCsrfToken()
      .header('HX-Request', 'true')
      .form({ helpful: 'maybe' })
    bad.assertStatus(422)
    assert.include(bad.text(), 'Choose yes or no.')
    const unchanged = await KbArticle.findOrFail(articles.public.id)
    assert.equal(unchanged.helpfulYes + unchanged.helpfulNo, 2)

    // A vote on an article the visitor may not read is a 404.
    statusIs(
      await client
        .post(`${base}/${articles.internal.slug}/vote`)
        .withCsrfToken()
        .form({ helpful: 'yes' }),
      404
    )

    // Staff see the figures.
    const desk = await client.get('/desk/kb').loginAs(team.agent.user)
    assert.match(desk.text(), /data-views>2</)
  })

  test('the help center name comes from the settings; bad settings come back with errors', async ({
    client,
    assert,
  }) => {
    const { team, base } = await helpCenterWithArticles()
    await SavePluginSettings.handle(Actor.system(team.organization), {
      plugin: plugins.find('kb')!,
      form: { language: 'english', title: 'Acme Support' },
    })
    const home = await client.get(base)
    assert.include(home.text(), '<title>Acme Support · ATUM DESK</title>')

    const form = await client.get('/desk/plugins/kb/settings').loginAs(team.admin.user)
    form.assertStatus(200)
    assert.include(form.text(), 'value="Acme Support"')
    assert.include(form.text(), '<option value="french"')

    const invalid = await postForm(client, team.admin.user, '/desk/plugins/kb/settings')
      .header('referer', '/desk/plugins/kb/settings')
      .form({ language: 'klingon', title: 'A' })
    invalid.assertStatus(302)
    const errors = invalid.flashMessages().inputErrorsBag as Record<string, string[]>
    assert.properties(errors, ['language', 'title'])
    const stillThere = await client.get(base)
    assert.include(stillThere.text(), 'Acme Support')
  })

  test('a member without an organization has no suggestions; visitors are sent to sign in', async ({
    client,
  }) => {
    const { team } = await helpCenterWithArticles()
    const response = await client.get('/kb/suggestions?subject=password').redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/login')
    const { user } = await createMember(team.organization, 'customer')
    statusIs(await client.get('/kb/suggestions?subject=password').loginAs(user), 200)
  })
})
