import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTeam } from '#tests/helpers/factories'
import { postForm } from '#tests/helpers/forms'
import { createTicket } from '#tests/helpers/tickets'
import { articleField, createArticle } from '../helpers/kb.js'

test.group('Knowledge base: deflection and ticket suggestions', (group) => {
  isolateEachTest(group)

  test('the new-request form asks for suggestions as the subject is typed', async ({
    client,
    assert,
  }) => {
    const team = await createTeam()
    await createArticle(team.manager.membership, {
      title: 'Reset your password',
      body: 'Use the **Forgot password** link.',
    })
    await createArticle(team.manager.membership, {
      title: 'Password policy for staff',
      visibility: 'internal',
    })

    const form = await client.get('/tickets/new').loginAs(team.customer.user)
    form.assertStatus(200)
    // The slot listens to the subject field of the core form.
    assert.include(form.text(), 'id="field-subject"')
    assert.include(form.text(), 'hx-trigger="input changed delay:400ms from:#field-subject, load"')
    assert.include(form.text(), 'hx-include="#field-subject"')

    const fragment = await client
      .get('/kb/suggestions?subject=forgot%20my%20pasword')
      .loginAs(team.customer.user)
      .header('HX-Request', 'true')
    fragment.assertStatus(200)
    assert.include(fragment.text(), 'Reset your password')
    assert.notInclude(fragment.text(), 'Password policy for staff')
    assert.include(fragment.text(), 'This solved my problem')
    assert.notInclude(fragment.text(), '<!DOCTYPE')

    const short = await client.get('/kb/suggestions?subject=pa').loginAs(team.customer.user)
    assert.notInclude(short.text(), 'Reset your password')
    const tooLong = await client
      .get(`/kb/suggestions?subject=${'password '.repeat(40)}`)
      .loginAs(team.customer.user)
    tooLong.assertStatus(200)
    assert.notInclude(tooLong.text(), 'Reset your password')
  })

  test('"this solved my problem" is counted per article and shown to staff', async ({
    client,
    assert,
  }) => {
    const team = await createTeam()
    const article = await createArticle(team.manager.membership, { title: 'Reset your password' })
    const internal = await createArticle(team.manager.membership, {
      title: 'Internal reset procedure',
      visibility: 'internal',
    })
    const other = await createTeam()
    const theirs = await createArticle(other.manager.membership, { title: 'Their article' })
    const ticketsBefore = await db.from('tickets').where('organization_id', team.organization.id)

    const solved = await postForm(
      client,
      team.customer.user,
      `/kb/articles/${article.id}/solved`
    ).form({
      subject: 'I forgot my password',
      description: 'Help',
    })
    solved.assertStatus(302)
    solved.assertHeader('location', `/help/${team.organization.slug}/${article.slug}`)
    solved.assertFlashMessage(
      'success',
      'Glad this answered your question. Your request was not sent.'
    )

    const row = await db.from('kb_deflections').where('article_id', article.id).firstOrFail()
    assert.equal(row.subject, 'I forgot my password')
    assert.equal(row.user_id, team.customer.user.id)
    assert.equal(await articleField(article.id, 'deflectionCount'), 1)
    // No request was opened.
    const ticketsAfter = await db.from('tickets').where('organization_id', team.organization.id)
    assert.lengthOf(ticketsAfter, ticketsBefore.length)

    // An article the customer may not read, or of another organization: 404, nothing counted.
    for (const id of [internal.id, theirs.id]) {
      const refused = await postForm(client, team.customer.user, `/kb/articles/${id}/solved`).form({
        subject: 'x',
      })
      refused.assertStatus(404)
    }
    assert.equal(await articleField(theirs.id, 'deflectionCount'), 0)

    const desk = await client.get('/desk/kb').loginAs(team.agent.user)
    assert.match(desk.text(), /data-deflections>1</)
    const page = await client.get(`/desk/kb/articles/${article.id}`).loginAs(team.agent.user)
    assert.match(page.text(), /data-deflections>1</)
  })

  test('the desk ticket page suggests articles by subject, with links to insert', async ({
    client,
    assert,
  }) => {
    const team = await createTeam()
    const article = await createArticle(team.manager.membership, {
      title: 'Printer jams on floor 2',
      body: 'Open tray 2.',
    })
    await createArticle(team.manager.membership, {
      title: 'Printer vendor contacts',
      visibility: 'internal',
    })
    await createArticle(team.manager.membership, { title: 'Printer draft', publish: false })
    const ticket = await createTicket(team.customer.membership, {
      subject: 'The printer on floor 2 is jammed',
    })

    const page = await client.get(`/desk/tickets/${ticket.reference}`).loginAs(team.agent.user)
    page.assertStatus(200)
    const html = page.text()
    assert.include(html, 'Suggested articles')
    assert.include(html, 'Printer jams on floor 2')
    assert.include(html, 'Printer vendor contacts')
    assert.notInclude(html, 'Printer draft')
    const url = `http://127.0.0.1:${process.env.PORT}/help/${team.organization.slug}/${article.slug}`
    // The copyable link (works without JavaScript) and the Alpine button that inserts it.
    assert.include(html, `readonly value="${url}"`)
    assert.include(html, `data-text="[Printer jams on floor 2](${url})"`)
    assert.include(html, 'x-data="appendText" x-on:click="append" data-target="reply-body"')
    // Internal articles are listed for staff but offer no link to send.
    assert.equal((html.match(/x-data="appendText"/g) ?? []).length, 1)
  })
})
