import { test } from '@japa/runner'
import Membership from '#models/membership'
import { isolateEachTest } from '#tests/helpers/isolation'
import { mailbox } from '#tests/helpers/mailbox'
import { createMember, createTeam } from '#tests/helpers/factories'
import { postForm } from '#tests/helpers/forms'
import { inputErrors } from '#tests/helpers/responses'
import { createTicket } from '#tests/helpers/tickets'
import CsatRating from '../../models/csat_rating.js'
import {
  INTERNAL_NOTE,
  linkMailedTo,
  mailsTo,
  resolvedTicket,
  setCsat,
  storedRating,
  transition,
} from '../helpers.js'

const rateUrl = (reference: string) => `/tickets/${reference}/csat`

test.group('CSAT: rating from the portal ticket page', (group) => {
  isolateEachTest(group)
  group.each.setup(() => mailbox.clear())

  test('the requester rates a resolved ticket and changes it until it is closed', async ({
    client,
    assert,
  }) => {
    const team = await createTeam()
    let ticket = await resolvedTicket(team)
    const customer = team.customer.user

    const page = await client.get(`/tickets/${ticket.reference}`).loginAs(customer)
    page.assertStatus(200)
    assert.include(page.text(), 'How did we do?')
    assert.include(page.text(), `action="${rateUrl(ticket.reference)}"`)
    assert.notInclude(page.text(), INTERNAL_NOTE)

    // A plain form: redirect back to the ticket with a notice.
    const first = await postForm(client, customer, rateUrl(ticket.reference)).form({
      score: '2',
      comment: 'Took <script>alert(1)</script> three days.',
    })
    first.assertStatus(302)
    first.assertHeader('location', `/tickets/${ticket.reference}#csat`)
    first.assertFlashMessage('success', 'Thank you for your rating.')

    const rated = await client.get(`/tickets/${ticket.reference}`).loginAs(customer)
    assert.include(rated.text(), 'You rated this request <strong>2 of 5</strong>')
    assert.include(rated.text(), 'Took &lt;script&gt;alert(1)&lt;/script&gt; three days.')
    assert.notInclude(rated.text(), '<script>alert(1)')
    assert.include(rated.text(), 'Update rating')

    // htmx: the panel comes back in place; the rating is updated, not duplicated.
    const second = await postForm(client, customer, rateUrl(ticket.reference))
      .header('HX-Request', 'true')
      .form({ score: '5', comment: '' })
    second.assertStatus(200)
    assert.include(second.text(), 'id="csat"')
    assert.include(second.text(), 'Thank you for your rating.')
    assert.include(second.text(), '<strong>5 of 5</strong>')
    const ratings = await CsatRating.query().where('ticket_id', ticket.id)
    assert.lengthOf(ratings, 1)
    assert.equal(ratings[0].score, 5)
    assert.isNull(ratings[0].comment)

    // Closed: the rating is final.
    ticket = await transition(ticket, 'close', team)
    const late = await postForm(client, customer, rateUrl(ticket.reference))
      .header('HX-Request', 'true')
      .form({ score: '1' })
    late.assertStatus(409)
    assert.include(late.text(), 'This request is closed: its rating can no longer change.')
    const latePlain = await postForm(client, customer, rateUrl(ticket.reference))
      .header('referer', `/tickets/${ticket.reference}`)
      .form({ score: '1' })
    latePlain.assertStatus(302)
    assert.deepEqual(inputErrors(latePlain), {
      score: ['This request is closed: its rating can no longer change.'],
    })
    const final = await storedRating(ticket.id)
    assert.equal(final!.score, 5)

    const closedPage = await client.get(`/tickets/${ticket.reference}`).loginAs(customer)
    assert.include(closedPage.text(), 'the rating is final')
    assert.notInclude(closedPage.text(), `action="${rateUrl(ticket.reference)}"`)
  })

  test('after rating by link the link is spent, but the ticket page still changes it', async ({
    client,
    assert,
  }) => {
    const team = await createTeam()
    const ticket = await resolvedTicket(team)
    const link = await linkMailedTo(team.customer.user.email)
    const byLink = await client.post(link).withCsrfToken().form({ score: '3' })
    byLink.assertStatus(200)

    const changed = await postForm(client, team.customer.user, rateUrl(ticket.reference)).form({
      score: '4',
    })
    changed.assertStatus(302)
    const rating = await storedRating(ticket.id)
    assert.equal(rating!.score, 4)
    const spent = await client.get(link)
    spent.assertStatus(410)
  })

  test('scores outside 1–5 are refused with the form filled in', async ({ client, assert }) => {
    const team = await createTeam()
    const ticket = await resolvedTicket(team)
    const customer = team.customer.user

    for (const score of ['0', '6', '2.5', 'great']) {
      const plain = await postForm(client, customer, rateUrl(ticket.reference))
        .header('referer', `/tickets/${ticket.reference}`)
        .form({ score, comment: 'Typed before the mistake' })
      plain.assertStatus(302)
      plain.assertHeader('location', `/tickets/${ticket.reference}`)
      assert.deepEqual(inputErrors(plain), { score: ['Choose a score from 1 to 5'] })
      plain.assertFlashMessage('comment', 'Typed before the mistake')
    }

    const htmx = await postForm(client, customer, rateUrl(ticket.reference))
      .header('HX-Request', 'true')
      .form({ comment: 'Typed before the mistake' })
    htmx.assertStatus(422)
    assert.include(htmx.text(), 'Choose a score from 1 to 5')
    assert.include(htmx.text(), 'Typed before the mistake')
    assert.include(htmx.text(), 'autofocus')
    assert.isNull(await storedRating(ticket.id))
  })

  test('only the requester rates, and only a resolved ticket', async ({ client, assert }) => {
    const team = await createTeam({ settings: { customersSeeAllTickets: true } })
    const colleague = await createMember(team.organization, 'customer')
    const ticket = await resolvedTicket(team)

    // A colleague may read the ticket but gets no form and cannot rate.
    const page = await client.get(`/tickets/${ticket.reference}`).loginAs(colleague.user)
    page.assertStatus(200)
    assert.notInclude(page.text(), 'How did we do?')
    const refused = await postForm(client, colleague.user, rateUrl(ticket.reference))
      .header('HX-Request', 'true')
      .form({ score: '1' })
    refused.assertStatus(403)
    assert.isNull(await storedRating(ticket.id))

    const open = await createTicket(team.customer.membership, { subject: 'Still open' })
    const early = await postForm(client, team.customer.user, rateUrl(open.reference))
      .header('HX-Request', 'true')
      .form({ score: '5' })
    early.assertStatus(409)
    assert.isNull(await storedRating(open.id))
    const openPage = await client.get(`/tickets/${open.reference}`).loginAs(team.customer.user)
    assert.notInclude(openPage.text(), 'How did we do?')
  })

  test("another organization's ticket answers 404", async ({ client, assert }) => {
    const home = await createTeam()
    const other = await createTeam()
    // The other organization gets more tickets, so its ATUM-3 exists only there.
    await createTicket(other.customer.membership)
    await createTicket(other.customer.membership)
    const theirs = await resolvedTicket(other)
    assert.equal(theirs.number, 3)

    for (const member of [home.customer, home.agent, home.admin]) {
      const response = await postForm(client, member.user, rateUrl(theirs.reference)).form({
        score: '1',
      })
      response.assertStatus(404)
    }
    assert.isNull(await storedRating(theirs.id))
  })

  test('staff see the rating on the desk ticket page', async ({ client, assert }) => {
    const team = await createTeam()
    const ticket = await resolvedTicket(team)
    const asked = await client.get(`/desk/tickets/${ticket.reference}`).loginAs(team.agent.user)
    assert.include(asked.text(), 'Customer satisfaction')
    assert.include(asked.text(), 'Not rated yet. The requester was asked on')

    await postForm(client, team.customer.user, rateUrl(ticket.reference)).form({
      score: '4',
      comment: 'Fast <img src=x onerror=alert(1)> fix',
    })
    const rated = await client.get(`/desk/tickets/${ticket.reference}`).loginAs(team.agent.user)
    assert.include(rated.text(), 'data-csat-score="4"')
    assert.include(rated.text(), 'Satisfied')
    assert.include(rated.text(), 'Fast &lt;img src=x onerror=alert(1)&gt; fix')
    assert.include(rated.text(), 'assigned to Alex Agent')
  })

  test('switched off: no panel, no sidebar, no nav entry, no routes', async ({
    client,
    assert,
  }) => {
    const team = await createTeam()
    const ticket = await resolvedTicket(team)
    await setCsat(team.organization, false)

    const portal = await client.get(`/tickets/${ticket.reference}`).loginAs(team.customer.user)
    portal.assertStatus(200)
    assert.notInclude(portal.text(), 'data-csat')
    const desk = await client.get(`/desk/tickets/${ticket.reference}`).loginAs(team.manager.user)
    desk.assertStatus(200)
    assert.notInclude(desk.text(), 'data-csat')
    assert.notInclude(desk.text(), 'href="/desk/csat"')

    const post = await postForm(client, team.customer.user, rateUrl(ticket.reference)).form({
      score: '5',
    })
    post.assertStatus(404)
    const report = await client.get('/desk/csat').loginAs(team.manager.user)
    report.assertStatus(404)
    assert.isNull(await storedRating(ticket.id))

    // Switched on again, everything is back.
    await setCsat(team.organization, true)
    const back = await client.get(`/desk/tickets/${ticket.reference}`).loginAs(team.manager.user)
    assert.include(back.text(), 'data-csat')
    assert.include(back.text(), 'href="/desk/csat"')
  })

  test('a requester who left the organization is not asked', async ({ assert }) => {
    const team = await createTeam()
    await Membership.query()
      .where('id', team.customer.membership.id)
      .update({ disabled_at: new Date() })
    await resolvedTicket(team)
    assert.lengthOf(await mailsTo(team.customer.user.email), 0)
  })
})
