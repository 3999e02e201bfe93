import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import AuditEvent from '#models/audit_event'
import { isolateEachTest } from '#tests/helpers/isolation'
import { mailbox } from '#tests/helpers/mailbox'
import { createTeam } from '#tests/helpers/factories'
import CsatRating from '../../models/csat_rating.js'
import CsatLink from '../../models/csat_link.js'
import {
  INTERNAL_NOTE,
  PUBLIC_REPLY,
  linkCount,
  linkMailedTo,
  mailsTo,
  ratingLink,
  resolvedTicket,
  setCsat,
  transition,
} from '../helpers.js'

test.group('CSAT: the mailed rating link', (group) => {
  isolateEachTest(group)
  group.each.setup(() => mailbox.clear())

  test('resolving mails the requester a link that rates once, without signing in', async ({
    client,
    assert,
  }) => {
    const team = await createTeam({ name: 'Acme' })
    const ticket = await resolvedTicket(team)

    const [mail] = await mailsTo(team.customer.user.email)
    assert.equal(mail.subject, `How did we do? ${ticket.reference}: ${ticket.subject}`)
    assert.include(mail.text, ticket.reference)
    assert.include(mail.html || '', ticket.reference)
    // Nothing of the conversation travels in it, least of all an internal note.
    for (const part of [mail.text ?? '', mail.html || '']) {
      assert.notInclude(part, INTERNAL_NOTE)
      assert.notInclude(part, PUBLIC_REPLY)
    }
    const link = ratingLink(mail)
    assert.match(link, /^\/csat\/rate\/[\w-]{40,}$/)
    assert.include(mail.html || '', `${link}?score=5`)

    // Only the token's hash is stored, valid 14 days.
    const [stored] = await CsatLink.query().where('ticket_id', ticket.id)
    assert.notInclude(stored.tokenHash, link.split('/').pop()!)
    const days = stored.expiresAt.diff(DateTime.now(), 'days').days
    assert.closeTo(days, 14, 0.01)

    const form = await client.get(link)
    form.assertStatus(200)
    assert.include(form.text(), ticket.subject)
    assert.include(form.text(), 'name="score"')
    const preselected = await client.get(`${link}?score=2`)
    assert.match(preselected.text(), /value="2"[^>]*checked/)

    const done = await client
      .post(link)
      .withCsrfToken()
      .form({ score: '4', comment: 'Quick and <b>friendly</b>.' })
    done.assertStatus(200)
    assert.include(done.text(), 'Thank you')
    assert.include(done.text(), '4 of 5')

    const rating = await CsatRating.findByOrFail('ticket_id', ticket.id)
    assert.equal(rating.score, 4)
    assert.equal(rating.comment, 'Quick and <b>friendly</b>.')
    assert.equal(rating.organizationId, team.organization.id)
    assert.equal(rating.ratedById, team.customer.user.id)
    assert.equal(rating.agentId, team.agent.user.id)

    const audit = await AuditEvent.query()
      .where('organization_id', team.organization.id)
      .where('action', 'ticket.rated')
    assert.lengthOf(audit, 1)
    assert.equal(audit[0].actorId, team.customer.user.id)
    assert.equal(audit[0].subjectId, String(ticket.number))
    assert.deepEqual(audit[0].after, { score: 4, commented: true })

    // Single use: the link now only says so, and a second post changes nothing.
    const again = await client.get(link)
    again.assertStatus(410)
    assert.include(again.text(), 'This link was already used')
    assert.notInclude(again.text(), 'name="score"')
    const replay = await client.post(link).withCsrfToken().form({ score: '1' })
    replay.assertStatus(410)
    const kept = await CsatRating.findByOrFail('ticket_id', ticket.id)
    assert.equal(kept.score, 4)
  })

  test('a link expires after 14 days', async ({ client, assert }) => {
    const team = await createTeam()
    const ticket = await resolvedTicket(team)
    const link = await linkMailedTo(team.customer.user.email)

    // 13 days and 23 hours later it still works…
    await db
      .from('csat_links')
      .where('ticket_id', ticket.id)
      .update({ expires_at: DateTime.now().plus({ hours: 1 }).toSQL() })
    const status200 = await client.get(link)
    status200.assertStatus(200)

    // …a moment past 14 days it does not.
    await db
      .from('csat_links')
      .where('ticket_id', ticket.id)
      .update({ expires_at: DateTime.now().minus({ seconds: 1 }).toSQL() })
    const expired = await client.get(link)
    expired.assertStatus(410)
    assert.include(expired.text(), 'This link has expired')
    const post = await client.post(link).withCsrfToken().form({ score: '5' })
    post.assertStatus(410)
    assert.isNull(await CsatRating.findBy('ticket_id', ticket.id))
  })

  test('bad input comes back in the form with its message and changes nothing', async ({
    client,
    assert,
  }) => {
    const team = await createTeam()
    const ticket = await resolvedTicket(team)
    const link = await linkMailedTo(team.customer.user.email)

    for (const score of [undefined, '0', '6', '3.5', 'five', '-1']) {
      const response = await client
        .post(link)
        .withCsrfToken()
        .form({ ...(score === undefined ? {} : { score }), comment: 'Kept as typed' })
      response.assertStatus(422)
      assert.include(response.text(), 'Choose a score from 1 to 5', `score ${score}`)
      assert.include(response.text(), 'Kept as typed')
      assert.include(response.text(), 'aria-describedby="csat-score-error"')
    }
    const long = await client
      .post(link)
      .withCsrfToken()
      .form({ score: '3', comment: 'x'.repeat(2001) })
    long.assertStatus(422)
    assert.include(long.text(), 'The comment must have at most 2000 characters')
    assert.match(long.text(), /value="3"[^>]*checked/)

    assert.isNull(await CsatRating.findBy('ticket_id', ticket.id))
    // The link still works after refused attempts.
    const status200 = await client.get(link)
    status200.assertStatus(200)
    const ok = await client.post(link).withCsrfToken().form({ score: '3' })
    ok.assertStatus(200)
    const saved = await CsatRating.findByOrFail('ticket_id', ticket.id)
    assert.isNull(saved.comment)
  })

  test('unknown tokens answer 404, and so do links of an organization that switched CSAT off', async ({
    client,
    assert,
  }) => {
    const unknown = await client.get('/csat/rate/not-a-real-token-but-long-enough-to-match')
    unknown.assertStatus(404)
    const malformed = await client.get('/csat/rate/short')
    malformed.assertStatus(404)
    const unknownPost = await client
      .post('/csat/rate/not-a-real-token-but-long-enough-to-match')
      .withCsrfToken()
      .form({ score: '5' })
    unknownPost.assertStatus(404)

    const team = await createTeam()
    const ticket = await resolvedTicket(team)
    const link = await linkMailedTo(team.customer.user.email)
    await setCsat(team.organization, false)
    const switchedOff = await client.get(link)
    switchedOff.assertStatus(404)
    const post = await client.post(link).withCsrfToken().form({ score: '5' })
    post.assertStatus(404)
    assert.isNull(await CsatRating.findBy('ticket_id', ticket.id))
  })

  test('a link of a reopened ticket waits for the next resolution; a closed one is final', async ({
    client,
    assert,
  }) => {
    const team = await createTeam()
    let ticket = await resolvedTicket(team)
    const link = await linkMailedTo(team.customer.user.email)

    ticket = await transition(ticket, 'reopen', team)
    const reopened = await client.get(link)
    reopened.assertStatus(409)
    assert.include(reopened.text(), 'opened again')
    const refused = await client.post(link).withCsrfToken().form({ score: '2' })
    refused.assertStatus(409)

    ticket = await transition(ticket, 'resolve', team)
    ticket = await transition(ticket, 'close', team)
    const closed = await client.get(link)
    closed.assertStatus(409)
    assert.include(closed.text(), 'This request is closed')
    assert.isNull(await CsatRating.findBy('ticket_id', ticket.id))
  })

  test('re-resolving a reopened ticket asks again only while it is not rated', async ({
    client,
    assert,
  }) => {
    const team = await createTeam()
    const address = team.customer.user.email
    let ticket = await resolvedTicket(team)
    await mailsTo(address)

    ticket = await transition(ticket, 'reopen', team)
    ticket = await transition(ticket, 'resolve', team)
    const second = await mailsTo(address)
    assert.lengthOf(second, 2)
    // The newest link rates (the older one is spent by the rating too).
    const older = ratingLink(second[0])
    const newer = ratingLink(second[1])
    assert.notEqual(older, newer)
    const rated = await client.post(newer).withCsrfToken().form({ score: '5' })
    rated.assertStatus(200)
    const status410 = await client.get(older)
    status410.assertStatus(410)

    ticket = await transition(ticket, 'reopen', team)
    ticket = await transition(ticket, 'resolve', team)
    assert.lengthOf(await mailsTo(address), 2)
    assert.equal(await linkCount(ticket.id), 2)
  })

  test('no mail for an organization that switched CSAT off', async ({ assert }) => {
    const team = await createTeam()
    await setCsat(team.organization, false)
    const ticket = await resolvedTicket(team)
    assert.lengthOf(await mailsTo(team.customer.user.email), 0)
    assert.equal(await linkCount(ticket.id), 0)
  })
})
