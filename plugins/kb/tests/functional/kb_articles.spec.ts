import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { SYSTEM_ACTOR } from '#kit/audit'
import ActionError from '#exceptions/action_error'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTeam } from '#tests/helpers/factories'
import { postForm } from '#tests/helpers/forms'
import KbArticle from '../../models/kb_article.js'
import KbArticleRevision from '../../models/kb_article_revision.js'
import SaveArticle from '../../actions/save_article.js'
import PublishArticle from '../../actions/publish_article.js'
import RestoreRevision from '../../actions/restore_revision.js'
import SaveCategory from '../../actions/save_category.js'
import { articleField, createArticle } from '../helpers/kb.js'

test.group('Knowledge base: writing and publishing', (group) => {
  isolateEachTest(group)

  test('an agent writes a draft; only a manager publishes it', async ({ assert }) => {
    const team = await createTeam()
    const draft = await SaveArticle.create(
      team.agent.membership,
      { title: 'Reset your password', body: 'Use **Forgot password**.', visibility: 'public' },
      SYSTEM_ACTOR
    )
    assert.equal(draft.status, 'draft')
    assert.equal(draft.slug, 'reset-your-password')
    assert.include(draft.bodyHtml, '<strong>Forgot password</strong>')
    assert.equal(draft.bodyText, 'Use Forgot password.')

    await assert.rejects(
      () => PublishArticle.handle(draft, true, team.agent.membership, SYSTEM_ACTOR),
      'Only managers and admins publish articles.'
    )
    await assert.rejects(
      () =>
        SaveArticle.create(
          team.agent.membership,
          { title: 'Sneaky', body: 'x', visibility: 'public', publish: true },
          SYSTEM_ACTOR
        ),
      'Only managers and admins publish articles.'
    )
    await assert.rejects(
      () =>
        SaveArticle.create(
          team.customer.membership,
          { title: 'Customer note', body: 'x', visibility: 'public' },
          SYSTEM_ACTOR
        ),
      'Your role does not allow this.'
    )
    assert.equal(await articleField(draft.id, 'status'), 'draft')

    const published = await PublishArticle.handle(
      draft,
      true,
      team.manager.membership,
      SYSTEM_ACTOR
    )
    assert.equal(published.status, 'published')
    assert.isNotNull(published.publishedAt)

    // A published article is the managers' to change.
    await assert.rejects(
      () =>
        SaveArticle.update(
          published,
          team.agent.membership,
          { title: 'Changed', body: 'x', visibility: 'public' },
          SYSTEM_ACTOR
        ),
      'This article is published: only managers and admins change it.'
    )
    const admin = await PublishArticle.handle(published, false, team.admin.membership, SYSTEM_ACTOR)
    assert.equal(admin.status, 'draft')
  })

  test('the desk pages: agent saves a draft, cannot publish; manager publishes', async ({
    client,
    assert,
  }) => {
    const team = await createTeam()
    const saved = await postForm(client, team.agent.user, '/desk/kb/articles').form({
      title: 'Printer jams',
      body: 'Open tray 2.',
      visibility: 'customers',
      tags: 'printer, Floor 2',
      intent: 'draft',
    })
    saved.assertStatus(302)
    const article = await KbArticle.findByOrFail('title', 'Printer jams')
    saved.assertHeader('location', `/desk/kb/articles/${article.id}`)
    assert.deepEqual(article.tags, ['printer', 'floor-2'])
    assert.equal(article.organizationId, team.organization.id)

    const refused = await postForm(
      client,
      team.agent.user,
      `/desk/kb/articles/${article.id}/publish`
    )
      .header('referer', `/desk/kb/articles/${article.id}`)
      .form({})
    refused.assertStatus(302)
    refused.assertFlashMessage('error', 'Only managers and admins publish articles.')
    assert.equal(await articleField(article.id, 'status'), 'draft')

    const page = await client.get(`/desk/kb/articles/${article.id}`).loginAs(team.agent.user)
    page.assertStatus(200)
    assert.notInclude(page.text(), 'Save and publish')

    const published = await postForm(
      client,
      team.manager.user,
      `/desk/kb/articles/${article.id}/publish`
    ).form({})
    published.assertStatus(302)
    assert.equal(await articleField(article.id, 'status'), 'published')

    const list = await client.get('/desk/kb').loginAs(team.agent.user)
    list.assertStatus(200)
    assert.include(list.text(), 'Printer jams')
    assert.include(list.text(), 'data-status="published"')

    // Customers have no desk.
    const customer = await client.get('/desk/kb').loginAs(team.customer.user)
    customer.assertStatus(403)
  })

  test('bad input comes back in the form with its errors and changes nothing', async ({
    client,
    assert,
  }) => {
    const team = await createTeam()
    const response = await postForm(client, team.agent.user, '/desk/kb/articles')
      .header('referer', '/desk/kb/articles/new')
      .form({ title: 'No', body: '', visibility: 'everyone', slug: 'Not A Slug!', tags: 'ok' })
    response.assertStatus(302)
    response.assertHeader('location', '/desk/kb/articles/new')
    const errors = response.flashMessages().inputErrorsBag as Record<string, string[]>
    assert.properties(errors, ['title', 'body', 'visibility', 'slug'])
    response.assertFlashMessage('title', 'No')
    response.assertFlashMessage('tags', 'ok')
    const [{ total }] = await db
      .from('kb_articles')
      .where('organization_id', team.organization.id)
      .count('* as total')
    assert.equal(Number(total), 0)

    // The form shows them, filled in.
    const form = await client
      .get('/desk/kb/articles/new')
      .loginAs(team.agent.user)
      .withSession({})
      .withFlashMessages({
        title: 'No',
        tags: 'ok',
        inputErrorsBag: { title: ['The title must have at least 3 characters'] },
      })
    assert.include(form.text(), 'value="No"')
    assert.include(form.text(), 'The title must have at least 3 characters')

    // A category of another organization is refused by the action.
    const other = await createTeam()
    const foreign = await SaveCategory.handle(
      other.manager.membership,
      { name: 'Theirs' },
      SYSTEM_ACTOR
    )
    const withForeign = await postForm(client, team.agent.user, '/desk/kb/articles')
      .header('referer', '/desk/kb/articles/new')
      .form({ title: 'Mine', body: 'Text', visibility: 'public', category_id: String(foreign.id) })
    withForeign.assertStatus(302)
    withForeign.assertFlashMessage('inputErrorsBag', {
      category_id: ['Choose one of the categories.'],
    })
    assert.isNull(await KbArticle.findBy('title', 'Mine'))
  })

  test('every save is a revision; an old one can be restored', async ({ client, assert }) => {
    const team = await createTeam()
    const first = await SaveArticle.create(
      team.agent.membership,
      { title: 'VPN setup', body: 'Install the client.', tags: ['vpn'], visibility: 'customers' },
      SYSTEM_ACTOR
    )
    const second = await SaveArticle.update(
      first,
      team.agent.membership,
      { title: 'VPN setup (new client)', body: 'Install **v2**.', visibility: 'public' },
      SYSTEM_ACTOR
    )
    assert.equal(second.revision, 2)
    const revisions = await KbArticleRevision.query()
      .where('article_id', first.id)
      .orderBy('number')
    assert.deepEqual(
      revisions.map((revision) => [revision.number, revision.title]),
      [
        [1, 'VPN setup'],
        [2, 'VPN setup (new client)'],
      ]
    )

    // Restoring from the page: revision 1's content becomes revision 3.
    const restored = await postForm(
      client,
      team.agent.user,
      `/desk/kb/articles/${first.id}/restore`
    ).form({ revision: '1' })
    restored.assertStatus(302)
    restored.assertFlashMessage('success', 'Revision 1 restored as revision 3.')
    const article = await KbArticle.findOrFail(first.id)
    assert.equal(article.title, 'VPN setup')
    assert.equal(article.body, 'Install the client.')
    assert.equal(article.bodyHtml, '<p>Install the client.</p>\n')
    assert.deepEqual(article.tags, ['vpn'])
    assert.equal(article.visibility, 'customers')
    assert.equal(article.revision, 3)
    const latest = await KbArticleRevision.query()
      .where('article_id', first.id)
      .orderBy('number', 'desc')
      .firstOrFail()
    assert.equal(latest.restoredFrom, 1)

    const page = await client.get(`/desk/kb/articles/${first.id}`).loginAs(team.agent.user)
    assert.include(page.text(), 'restored 1')
    assert.include(page.text(), 'Install the client.')

    await assert.rejects(
      () => RestoreRevision.handle(article, 3, team.agent.membership, SYSTEM_ACTOR),
      'This is already the current revision.'
    )
    await assert.rejects(
      () => RestoreRevision.handle(article, 99, team.agent.membership, SYSTEM_ACTOR),
      'This revision does not exist.'
    )
    // Once published, agents no longer restore.
    await PublishArticle.handle(article, true, team.manager.membership, SYSTEM_ACTOR)
    const error = await RestoreRevision.handle(
      article,
      2,
      team.agent.membership,
      SYSTEM_ACTOR
    ).catch((caught) => caught)
    assert.instanceOf(error, ActionError)
    assert.equal(error.status, 403)
    const managerRestore = await RestoreRevision.handle(
      article,
      2,
      team.manager.membership,
      SYSTEM_ACTOR
    )
    assert.equal(managerRestore.title, 'VPN setup (new client)')
  })

  test("another organization's article or category is a 404 in the desk", async ({
    client,
    assert,
  }) => {
    const team = await createTeam()
    const other = await createTeam()
    const theirs = await createArticle(other.manager.membership, { title: 'Their secret article' })
    const category = await SaveCategory.handle(
      other.manager.membership,
      { name: 'Their area' },
      SYSTEM_ACTOR
    )

    for (const path of [`/desk/kb/articles/${theirs.id}`]) {
      const response = await client.get(path).loginAs(team.manager.user)
      response.assertStatus(404)
      assert.notInclude(response.text(), 'Their secret article')
    }
    for (const path of [
      `/desk/kb/articles/${theirs.id}`,
      `/desk/kb/articles/${theirs.id}/publish`,
      `/desk/kb/articles/${theirs.id}/unpublish`,
      `/desk/kb/articles/${theirs.id}/delete`,
      `/desk/kb/articles/${theirs.id}/restore`,
      `/desk/kb/categories/${category.id}`,
      `/desk/kb/categories/${category.id}/delete`,
    ]) {
      const response = await postForm(client, team.admin.user, path).form({
        title: 'Changed',
        body: 'Changed',
        visibility: 'public',
        revision: '1',
        name: 'Changed',
      })
      response.assertStatus(404)
    }
    const after = await KbArticle.findOrFail(theirs.id)
    assert.equal(after.title, 'Their secret article')
    assert.equal(after.status, 'published')
  })

  test('categories nest one level and only managers manage them', async ({ client, assert }) => {
    const team = await createTeam()
    const top = await SaveCategory.handle(
      team.manager.membership,
      { name: 'Accounts' },
      SYSTEM_ACTOR
    )
    const child = await SaveCategory.handle(
      team.manager.membership,
      { name: 'Passwords', parentId: top.id },
      SYSTEM_ACTOR
    )
    assert.equal(child.parentId, top.id)
    await assert.rejects(
      () =>
        SaveCategory.handle(
          team.manager.membership,
          { name: 'Too deep', parentId: child.id },
          SYSTEM_ACTOR
        ),
      'Categories nest one level: choose a top-level one.'
    )
    const other = await SaveCategory.handle(
      team.manager.membership,
      { name: 'Other' },
      SYSTEM_ACTOR
    )
    await assert.rejects(
      () =>
        SaveCategory.handle(
          team.manager.membership,
          { name: 'Accounts', parentId: other.id },
          SYSTEM_ACTOR,
          top
        ),
      'This category has subcategories, so it stays at the top level.'
    )

    const agent = await postForm(client, team.agent.user, '/desk/kb/categories')
      .header('referer', '/desk/kb/categories')
      .form({ name: 'By an agent' })
    agent.assertStatus(302)
    agent.assertFlashMessage('error', 'Only managers and admins manage categories.')

    const refusedDelete = await postForm(
      client,
      team.manager.user,
      `/desk/kb/categories/${top.id}/delete`
    )
      .header('referer', '/desk/kb/categories')
      .form({})
    refusedDelete.assertFlashMessage('error', 'Move or delete its subcategories first.')

    const page = await client.get('/desk/kb/categories').loginAs(team.manager.user)
    page.assertStatus(200)
    assert.include(page.text(), 'Passwords')
    assert.include(page.text(), 'Subcategories of Accounts')
  })
})
