import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import AddComment from '#actions/tickets/add_comment'
import SendMailDelivery from '#actions/notifications/send_mail_delivery'
import { dispatchDeliveries } from '#services/notifications/mail_outbox'
import { WorkerPool, type QueueConfig } from '#services/queue/worker_pool'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTeam } from '#tests/helpers/factories'
import { createTicket, startTicket } from '#tests/helpers/tickets'
import { mailbox } from '#tests/helpers/mailbox'
import { waitFor } from '#tests/helpers/app_process'
import { notificationsFor, notificationsOfKind } from '#tests/helpers/notifications'
import { setTimeout as sleep } from 'node:timers/promises'
import Actor from '#actions/actor'

/** A team with a ticket in progress: Dana's, assigned to Alex. */
async function workedTicket() {
  const team = await createTeam()
  const opened = await createTicket(team.customer.membership, {
    subject: 'Printer <b>jammed</b> & stuck',
  })
  const ticket = await startTicket(opened, team.manager.membership, team.agent.membership)
  return { team, ticket }
}

test.group('Notifications: mail through the queue and a real worker', (group) => {
  isolateEachTest(group)
  let pool: WorkerPool

  // A real BullMQ worker on the `mail` queue, in this process (it shares
  // the test's database transaction, so it sees the uncommitted rows).
  group.setup(async () => {
    pool = new WorkerPool(app, app.config.get<QueueConfig>('queue'), logger).start(['mail'])
    await pool.waitUntilReady()
    return () => pool.close()
  })
  group.each.setup(() => mailbox.clear())

  test("a staff reply's mail reaches the customer: subject, HTML and text, no internal note", async ({
    assert,
  }) => {
    const { team, ticket } = await workedTicket()
    await AddComment.handle(Actor.forMember(team.agent.membership), {
      ticket,
      body: 'Cleared the **jam** <script>alert(1)</script>, try again.',
    })
    await AddComment.handle(Actor.forMember(team.agent.membership), {
      ticket,
      body: 'SECRET-NOTE vendor contract expired',
      internal: true,
    })

    const address = team.customer.user.email
    await waitFor(async () => mailbox.to(address).length > 0, 'the reply mail', 15_000)
    await sleep(500)
    const mails = mailbox.to(address)
    assert.lengthOf(mails, 1)
    const [message] = mails
    assert.equal(
      message.subject,
      `[${ticket.reference}] New reply to your request: Printer <b>jammed</b> & stuck`
    )
    const html = String(message.html)
    assert.include(html, '<strong>jam</strong>')
    assert.include(html, 'Printer &lt;b&gt;jammed&lt;/b&gt; &amp; stuck')
    assert.notInclude(html, '<script>')
    assert.include(html, `/tickets/${ticket.reference}`)
    assert.notInclude(html, `/desk/tickets/`)
    assert.include(message.text!, 'Cleared the **jam**')
    assert.include(message.text!, 'Alex Agent wrote:')
    assert.include(message.text!, `/tickets/${ticket.reference}`)
    for (const part of [html, message.text!]) {
      assert.notInclude(part, 'SECRET-NOTE')
    }

    // The internal note mailed no one, staff included.
    assert.isFalse(mailbox.all().some((mail) => String(mail.text).includes('SECRET-NOTE')))

    const [notification] = await notificationsOfKind(team.customer.user, 'staff_replied')
    const delivery = await db.from('mail_deliveries').where('id', notification.deliveryId!).first()
    assert.equal(delivery.status, 'sent')
    assert.isNotNull(delivery.sent_at)
    assert.equal(delivery.attempts, 1)
  })

  test('staff mails link to the desk; the agent gets the customer reply', async ({ assert }) => {
    const { team, ticket } = await workedTicket()
    await AddComment.handle(Actor.forMember(team.customer.membership), {
      ticket,
      body: 'Still stuck',
    })
    const address = team.agent.user.email
    await waitFor(
      async () => mailbox.to(address).some((mail) => mail.subject?.includes('Customer reply')),
      'the customer reply mail',
      15_000
    )
    const mail = mailbox.to(address).find((item) => item.subject?.includes('Customer reply'))!
    assert.include(mail.text!, `/desk/tickets/${ticket.reference}`)
    assert.include(mail.text!, 'Still stuck')
    assert.isEmpty(
      mailbox.to(team.customer.user.email),
      'the customer is not told of their own reply'
    )
  })

  test('a delivery is sent once, however often it is queued or run', async ({ assert }) => {
    const { team, ticket } = await workedTicket()
    await AddComment.handle(Actor.forMember(team.agent.membership), { ticket, body: 'Once only' })
    const address = team.customer.user.email
    await waitFor(async () => mailbox.to(address).length > 0, 'the mail', 15_000)
    const [row] = await notificationsFor(team.customer.user)

    // Queued again (the relay, a second web process) and run again (a retry).
    await dispatchDeliveries([row.deliveryId!])
    assert.equal(
      await SendMailDelivery.handle(Actor.system(), { deliveryId: row.deliveryId! }),
      'already_handled'
    )
    await sleep(1000)
    assert.lengthOf(mailbox.to(address), 1)

    // A delivery another worker holds is left to it.
    await db
      .from('mail_deliveries')
      .where('id', row.deliveryId!)
      .update({ status: 'sending', sent_at: null, claimed_at: new Date() })
    assert.equal(
      await SendMailDelivery.handle(Actor.system(), { deliveryId: row.deliveryId! }),
      'claimed_elsewhere'
    )
    assert.lengthOf(mailbox.to(address), 1)
  })

  test('a mail never carries an internal note, even when a notification points at one', async ({
    assert,
  }) => {
    const { team, ticket } = await workedTicket()
    const note = await AddComment.handle(Actor.forMember(team.agent.membership), {
      ticket,
      body: 'SECRET-NOTE',
      internal: true,
    })
    const [notification] = await db
      .table('notifications')
      .insert({
        organization_id: team.organization.id,
        user_id: team.customer.user.id,
        kind: 'staff_replied',
        ticket_id: ticket.id,
        actor_id: team.agent.user.id,
        data: JSON.stringify({ number: ticket.number, commentId: note.id }),
      })
      .returning('id')
    const content = await SendMailDelivery.content({
      notification_id: notification.id,
      user_id: team.customer.user.id,
      organization_id: team.organization.id,
    })
    assert.isNotNull(content)
    assert.isNull(content!.comment)
    assert.notInclude(JSON.stringify(content), 'SECRET-NOTE')

    // A staff kind for someone who is no longer staff is not sent at all.
    await db.from('memberships').where('id', team.agent.membership.id).update({ role: 'customer' })
    const [forAgent] = await notificationsOfKind(team.agent.user, 'ticket_assigned')
    assert.isNull(
      await SendMailDelivery.content({
        notification_id: forAgent.id,
        user_id: team.agent.user.id,
        organization_id: team.organization.id,
      })
    )
  })
})
