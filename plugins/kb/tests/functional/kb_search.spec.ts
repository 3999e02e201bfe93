import { test } from '@japa/runner'
import ace from '@adonisjs/core/services/ace'
import db from '@adonisjs/lucid/services/db'
import SavePluginSettings from '#actions/plugins/save_plugin_settings'
import plugins from '#kit/plugins'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTeam } from '#tests/helpers/factories'
import { XSS_PAYLOADS, executableMarkup } from '#tests/fixtures/xss_payloads'
import { searchArticles } from '../../services/search.js'
import { visibilitiesFor } from '../../services/audience.js'
import ReindexArticles from '../../actions/reindex_articles.js'
import { articleField, createArticle } from '../helpers/kb.js'
import Actor from '#actions/actor'

async function search(organizationId: number, q: string, language = 'english') {
  const { hits } = await searchArticles({
    organizationId,
    q,
    language,
    visibilities: visibilitiesFor('staff'),
    snippets: true,
  })
  return hits
}

test.group('Knowledge base: search', (group) => {
  isolateEachTest(group)

  test('ranks a title match above a tag match above a body match', async ({ assert }) => {
    const team = await createTeam()
    const author = team.manager.membership
    // Created body-first, so the ranking is not the insertion order.
    await createArticle(author, {
      title: 'Office opening hours',
      body: 'The front desk can also help with a printer that is stuck.',
    })
    await createArticle(author, {
      title: 'Floor 2 equipment',
      body: 'Everything on the second floor.',
      tags: ['printer', 'scanner'],
    })
    await createArticle(author, { title: 'Printer troubleshooting', body: 'Turn it off and on.' })
    await createArticle(author, { title: 'Holiday calendar', body: 'Nothing relevant here.' })

    const hits = await search(team.organization.id, 'printer')
    // Its planner setting does not outlive the search (tests run inside a transaction).
    const { rows } = await db.rawQuery(`SELECT current_setting('enable_seqscan') AS value`)
    assert.equal(rows[0].value, 'on')
    assert.deepEqual(
      hits.map((hit) => hit.title),
      ['Printer troubleshooting', 'Floor 2 equipment', 'Office opening hours']
    )
    // English stemming: "printers" finds "printer".
    assert.lengthOf(await search(team.organization.id, 'printers'), 3)
  })

  test('tolerates typos in titles (trigrams)', async ({ assert }) => {
    const team = await createTeam()
    await createArticle(team.manager.membership, {
      title: 'Reset your password',
      body: 'Use the link on the sign-in page.',
    })
    await createArticle(team.manager.membership, {
      title: 'Configure the VPN client',
      body: 'Steps.',
    })
    const hits = await search(team.organization.id, 'pasword')
    assert.deepEqual(
      hits.map((hit) => hit.title),
      ['Reset your password']
    )
    const typo = await search(team.organization.id, 'vpn clinet')
    assert.deepEqual(
      typo.map((hit) => hit.title),
      ['Configure the VPN client']
    )
    assert.lengthOf(await search(team.organization.id, 'zzyzx'), 0)
  })

  test('finds only published articles of the organization the reader may see', async ({
    assert,
  }) => {
    const team = await createTeam()
    const other = await createTeam()
    await createArticle(team.manager.membership, { title: 'Printer public' })
    await createArticle(team.manager.membership, {
      title: 'Printer internal',
      visibility: 'internal',
    })
    await createArticle(team.manager.membership, { title: 'Printer draft', publish: false })
    await createArticle(other.manager.membership, { title: 'Printer elsewhere' })

    const found = async (audience: 'public' | 'customer' | 'staff') => {
      const { hits } = await searchArticles({
        organizationId: team.organization.id,
        q: 'printer',
        language: 'english',
        visibilities: visibilitiesFor(audience),
      })
      return hits.map((hit) => hit.title)
    }
    assert.sameMembers(await found('public'), ['Printer public'])
    assert.sameMembers(await found('staff'), ['Printer public', 'Printer internal'])
  })

  test('snippets highlight the words found and escape everything written', async ({
    client,
    assert,
  }) => {
    const team = await createTeam()
    const article = await createArticle(team.manager.membership, {
      title: 'Printer <img src=x onerror=alert(1)>',
      body: [
        'The printer shows <script>alert("x")</script> and <mark>fake</mark> on screen.',
        'Control \u0001characters\u0002 are dropped.',
        ...XSS_PAYLOADS.slice(0, 20),
      ].join('\n\n'),
    })
    assert.notInclude(article.body, '\u0001')

    const [hit] = await search(team.organization.id, 'printer')
    assert.deepInclude(hit.snippet, { text: 'printer', highlighted: true })
    // ts_headline keeps some markup-like text as it was written: it is text.
    assert.isTrue(hit.snippet.some((part) => part.text.includes('<img src=x onerror')))

    const page = await client.get(`/help/${team.organization.slug}/search?q=printer`)
    page.assertStatus(200)
    const html = page.text()
    assert.include(html, '<mark class="rounded-sm bg-sun-200 px-0.5 text-nile-950">printer</mark>')
    assert.notInclude(html, '<script>alert')
    assert.notInclude(html, '<img src=x')
    assert.notInclude(html, '<mark>fake')
    assert.match(html, /&lt;img src=x onerror=alert\(/)
    assert.include(html, 'Printer &lt;img src=x onerror=alert(1)&gt;')
    // Only the server's own highlight tags.
    assert.equal(
      (html.match(/<mark/g) ?? []).length,
      (html.match(/<mark class="rounded-sm bg-sun-200 px-0.5 text-nile-950">/g) ?? []).length
    )

    const results = html.slice(html.indexOf('aria-label="Results"'), html.indexOf('</main>'))
    assert.deepEqual(executableMarkup(results), [])

    const articlePage = await client.get(`/help/${team.organization.slug}/${article.slug}`)
    const shown = articlePage.text()
    const start = shown.indexOf('data-user-content>')
    const content = shown.slice(start, shown.indexOf('</div>', start))
    assert.include(content, 'alert')
    assert.deepEqual(executableMarkup(content), [])
  })

  test('the search page paginates and needs no sign-in', async ({ client, assert }) => {
    const team = await createTeam()
    for (let n = 1; n <= 12; n++) {
      await createArticle(team.manager.membership, { title: `Printer guide ${n}` })
    }
    const first = await client.get(`/help/${team.organization.slug}/search?q=printer`)
    assert.include(first.text(), 'data-total="12"')
    assert.include(first.text(), 'Page 1 of 2')
    const second = await client.get(`/help/${team.organization.slug}/search?q=printer&page=2`)
    assert.equal((second.text().match(/data-article=/g) ?? []).length, 2)
    const empty = await client.get(`/help/${team.organization.slug}/search?q=${'x'.repeat(500)}`)
    empty.assertStatus(200)
  })

  test('the language of the settings applies; re-indexing brings older articles along', async ({
    client,
    assert,
  }) => {
    const team = await createTeam()
    const before = await createArticle(team.manager.membership, {
      title: 'Bourrage papier',
      body: 'Les imprimantes du deuxième étage.',
    })
    assert.equal(before.language, 'english')
    await SavePluginSettings.handle(Actor.system(team.organization), {
      plugin: plugins.find('kb')!,
      form: { language: 'french', title: 'Aide' },
    })
    // French stemming: "imprimante" finds "imprimantes", once the article is indexed in French.
    assert.lengthOf(await search(team.organization.id, 'imprimante', 'french'), 0)
    const desk = await client.get('/desk/kb').loginAs(team.manager.user)
    assert.include(desk.text(), 'data-outdated="1"')

    ace.ui.switchMode('raw')
    const bad = await ace.exec('kb:reindex', ['--org', 'no-such-org'])
    bad.assertFailed()
    const command = await ace.exec('kb:reindex', ['--org', team.organization.slug])
    command.assertSucceeded()
    command.assertLog(`[ blue(info) ] 1 article of ${team.organization.slug} re-indexed`)
    assert.equal(await articleField(before.id, 'language'), 'french')
    assert.lengthOf(await search(team.organization.id, 'imprimante', 'french'), 1)
    assert.equal(await ReindexArticles.outdated(team.organization.id), 0)

    const after = await createArticle(team.manager.membership, {
      title: 'Écrans',
      body: 'Les écrans.',
    })
    assert.equal(after.language, 'french')
  })
})
