import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'
import { setTimeout as sleep } from 'node:timers/promises'
import AddComment from '#actions/tickets/add_comment'
import type Organization from '#models/organization'
import { createTeam } from '#tests/helpers/factories'
import { withToken } from '#tests/helpers/api'
import { createTicket, startTicket } from '#tests/helpers/tickets'
import { mailbox } from '#tests/helpers/mailbox'
import { freePort, startAppProcess, startRedisServer, waitFor } from '#tests/helpers/app_process'
import { startWorkerProcess } from '#tests/helpers/worker_process'
import { notificationsOfKind } from '#tests/helpers/notifications'
import Actor from '#actions/actor'

/*
| Real processes: a web process and a worker (`node ace queue:listen`) on a
| Redis server the test owns and stops. They have their own database
| connections, so what the test prepares is committed; forget() deletes
| it again afterwards.
*/

async function committedTicket() {
  const team = await createTeam()
  const opened = await createTicket(team.customer.membership, { subject: 'Outbox: printer' })
  const ticket = await startTicket(opened, team.manager.membership, team.agent.membership)
  return { team, ticket }
}

/**
 * Removes what other tests could count (tickets, their comments and
 * notifications, mail rows). The organization, its members and its audit
 * trail (append-only) stay, under names no other test uses.
 */
async function forget(organization: Organization) {
  await db.from('notifications').where('organization_id', organization.id).delete()
  await db.from('tickets').where('organization_id', organization.id).delete()
}

test.group('Notifications: the outbox across processes', () => {
  test('a reply while Redis is stopped succeeds, and its mail arrives once Redis is back, exactly once', async ({
    assert,
  }) => {
    const { team, ticket } = await committedTicket()
    const agent = await withToken(team.agent)
    let redis = await startRedisServer()
    const env = { REDIS_PORT: String(redis.port), REDIS_DB: '0' }
    const web = await startAppProcess({ ...env, LOG_LEVEL: 'info' })
    const worker = await startWorkerProcess(env, ['--relay-every', '1'])
    const address = team.customer.user.email

    try {
      await redis.stop()
      const started = Date.now()
      const response = await fetch(`${web.url}/api/v1/tickets/${ticket.reference}/comments`, {
        method: 'POST',
        headers: {
          'Authorization': `Bearer ${agent.token}`,
          'Content-Type': 'application/json',
          'Accept': 'application/json',
        },
        body: JSON.stringify({ body: 'Replied while Redis was away' }),
      })
      assert.equal(response.status, 201, await response.text())
      assert.isBelow(Date.now() - started, 10_000, 'the request did not hang on Redis')

      const [reply] = await notificationsOfKind(team.customer.user, 'staff_replied')
      assert.exists(reply, 'the notification committed with the reply')
      const pending = await db.from('mail_deliveries').where('id', reply.deliveryId!).first()
      assert.equal(pending.status, 'pending')
      assert.isNull(pending.dispatched_at, 'it could not be queued')
      assert.isTrue(
        web.logLines().some((line) => String(line.msg).includes('mail deliveries not queued')),
        'the web process logged the failed dispatch'
      )

      await sleep(1500)
      assert.isEmpty(mailbox.to(address), 'nothing is sent while Redis is down')

      // Redis returns empty (no persistence): the relay queues the row again.
      redis = await startRedisServer(redis.port)
      await waitFor(
        async () => mailbox.to(address).length > 0,
        'the mail after Redis returned',
        60_000
      )
      await sleep(3000)
      const mails = mailbox.to(address)
      assert.lengthOf(mails, 1)
      assert.include(mails[0].text!, 'Replied while Redis was away')
      const sent = await db.from('mail_deliveries').where('id', reply.deliveryId!).first()
      assert.equal(sent.status, 'sent')
    } finally {
      await worker.stop()
      await web.stop()
      await redis.stop()
      await forget(team.organization)
    }
  }).timeout(150_000)

  test('SIGTERM lets the mail in flight finish before the worker exits', async ({ assert }) => {
    const { team, ticket } = await committedTicket()
    await AddComment.handle(Actor.forMember(team.agent.membership), { ticket, body: 'Slow mail' })
    const [reply] = await notificationsOfKind(team.customer.user, 'staff_replied')
    // Left to the relay of the worker below (this process queued it elsewhere).
    await db
      .from('mail_deliveries')
      .where('id', reply.deliveryId!)
      .update({ dispatched_at: null, created_at: new Date(Date.now() - 60_000) })

    // An SMTP server that takes 3 s to accept a message.
    const received: ParsedMail[] = []
    let dataStarted = false
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        dataStarted = true
        simpleParser(stream)
          .then(async (mail) => {
            await sleep(3000)
            received.push(mail)
            callback()
          })
          .catch(callback)
      },
    })
    const smtpPort = await freePort()
    await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', () => resolve()))
    const redis = await startRedisServer()
    const worker = await startWorkerProcess(
      { REDIS_PORT: String(redis.port), REDIS_DB: '0', SMTP_PORT: String(smtpPort) },
      ['--relay-every', '0.5']
    )

    try {
      await waitFor(async () => dataStarted, 'the worker to be sending', 30_000)
      const signalled = Date.now()
      worker.signal('SIGTERM')
      const code = await worker.exited
      assert.equal(code, 0)
      assert.isAbove(Date.now() - signalled, 1500, 'it waited for the mail in flight')
      const forCustomer = received.filter((mail) =>
        [mail.to].flat().some((to) => to?.value.some((e) => e.address === team.customer.user.email))
      )
      assert.lengthOf(forCustomer, 1)
      const delivery = await db.from('mail_deliveries').where('id', reply.deliveryId!).first()
      assert.equal(delivery.status, 'sent')
      assert.include(worker.output.join(''), 'worker stopped')
    } finally {
      await worker.stop()
      await redis.stop()
      await new Promise<void>((resolve) => smtp.close(() => resolve()))
      await forget(team.organization)
    }
  }).timeout(120_000)

  test('SIGTERM while tickets keep coming: the web process finishes what it started and exits', async ({
    assert,
  }) => {
    const team = await createTeam()
    const customer = await withToken(team.customer)
    const redis = await startRedisServer()
    const web = await startAppProcess({
      REDIS_PORT: String(redis.port),
      REDIS_DB: '0',
      LOG_LEVEL: 'info',
    })
    let created = 0
    // Six clients open tickets back to back (each notifies the staff by
    // mail) until the server stops answering.
    const clients = Array.from({ length: 6 }, async () => {
      while (web.process.exitCode === null) {
        const response = await fetch(`${web.url}/api/v1/tickets`, {
          method: 'POST',
          headers: {
            'Authorization': `Bearer ${customer.token}`,
            'Content-Type': 'application/json',
            'Accept': 'application/json',
          },
          body: JSON.stringify({ subject: 'Shutdown under load', description: 'Opened.' }),
        }).catch(() => null)
        if (!response) return
        if (response.status === 201) created++
        await response.arrayBuffer()
      }
    })

    try {
      await waitFor(async () => created >= 20, 'tickets being created')
      const exited = new Promise<number | null>((resolve) => web.process.once('exit', resolve))
      web.process.kill('SIGTERM')
      const code = await Promise.race([exited, sleep(30_000).then(() => 'still running')])
      assert.equal(code, 0, web.output.join('').slice(-2000))
      await Promise.all(clients)
      // Each ticket's mails were queued or stay pending for the relay: none lost.
      const tickets = await db.from('tickets').where('organization_id', team.organization.id)
      assert.isAtLeast(tickets.length, created)
      const deliveries = await db
        .from('mail_deliveries')
        .where('organization_id', team.organization.id)
        .count('* as total')
      assert.isAbove(Number(deliveries[0].total), 0)
    } finally {
      await web.stop()
      await redis.stop()
      await forget(team.organization)
    }
  }).timeout(120_000)
})
