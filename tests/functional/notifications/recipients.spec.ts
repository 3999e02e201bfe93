import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import emitter from '@adonisjs/core/services/emitter'
import Membership from '#models/membership'
import AddComment from '#actions/tickets/add_comment'
import CreateTicket from '#actions/tickets/create_ticket'
import TransitionTicket from '#actions/tickets/transition_ticket'
import UpdateTicket from '#actions/tickets/update_ticket'
import ScanSlaDeadlines from '#actions/sla/scan_sla_deadlines'
import { saveEmailPreferences } from '#services/notifications/preferences'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createTeam } from '#tests/helpers/factories'
import { createTicket, startTicket } from '#tests/helpers/tickets'
import { kindsFor, notificationsFor } from '#tests/helpers/notifications'
import Actor from '#actions/actor'

test.group('Notifications: who is told what', (group) => {
  isolateEachTest(group)

  test('a new ticket tells the staff, not the customer who opened it', async ({ assert }) => {
    const team = await createTeam()
    const ticket = await createTicket(team.customer.membership, { subject: 'Printer <b>jam</b>' })

    for (const staff of [team.agent, team.manager, team.admin]) {
      const [row] = await notificationsFor(staff.user)
      assert.equal(row.kind, 'ticket_created')
      assert.equal(row.ticketId, ticket.id)
      assert.equal(row.organizationId, team.organization.id)
      assert.deepInclude(row.data, { number: ticket.number, subject: 'Printer <b>jam</b>' })
      assert.isTrue(row.mailed, 'mailed by default')
    }
    assert.deepEqual(await kindsFor(team.customer.user), [])
  })

  test('staff opening a ticket are not told of their own ticket; others of another organization never', async ({
    assert,
  }) => {
    const team = await createTeam()
    const elsewhere = await createTeam()
    await createTicket(team.agent.membership)
    assert.deepEqual(await kindsFor(team.agent.user), [])
    assert.deepEqual(await kindsFor(team.manager.user), ['ticket_created'])
    for (const member of [elsewhere.agent, elsewhere.manager, elsewhere.admin]) {
      assert.deepEqual(await kindsFor(member.user), [])
    }
  })

  test('assignment tells the assignee (not a self-assigning agent); replies go to the other side', async ({
    assert,
  }) => {
    const team = await createTeam()
    const opened = await createTicket(team.customer.membership)
    const clear = () => db.from('notifications').delete()
    await clear()

    const ticket = await startTicket(opened, team.manager.membership, team.agent.membership)
    assert.deepEqual(await kindsFor(team.agent.user), ['ticket_assigned'])
    assert.deepEqual(await kindsFor(team.manager.user), [], 'the manager assigned it')

    // A customer reply: to the assignee only.
    await clear()
    await AddComment.handle(Actor.forMember(team.customer.membership), {
      ticket,
      body: 'Still jammed',
    })
    assert.deepEqual(await kindsFor(team.agent.user), ['customer_replied'])
    assert.deepEqual(await kindsFor(team.manager.user), [])
    assert.deepEqual(await kindsFor(team.customer.user), [])

    // A public staff reply: to the customer; an internal note: to no one.
    await clear()
    await AddComment.handle(Actor.forMember(team.agent.membership), { ticket, body: 'On my way' })
    await AddComment.handle(Actor.forMember(team.agent.membership), {
      ticket,
      body: 'SECRET-NOTE',
      internal: true,
    })
    assert.deepEqual(await kindsFor(team.customer.user), ['staff_replied'])
    const [reply] = await notificationsFor(team.customer.user)
    const comment = await db.from('ticket_comments').where('id', reply.data.commentId).first()
    assert.equal(comment.visibility, 'public')
    assert.deepEqual(await kindsFor(team.agent.user), [])
    assert.deepEqual(await kindsFor(team.manager.user), [])

    // Waiting and resolved: to the customer.
    await clear()
    const waiting = await TransitionTicket.handle(Actor.forMember(team.agent.membership), {
      ticket,
      transition: 'wait',
    })
    const started = await TransitionTicket.handle(Actor.forMember(team.agent.membership), {
      ticket: waiting,
      transition: 'start',
    })
    await TransitionTicket.handle(Actor.forMember(team.agent.membership), {
      ticket: started,
      transition: 'resolve',
    })
    assert.deepEqual(await kindsFor(team.customer.user), ['ticket_waiting', 'ticket_resolved'])
    assert.deepEqual(await kindsFor(team.agent.user), [])

    // Reassignment (UpdateTicket) tells the new assignee.
    await clear()
    const other = await createMember(team.organization, 'agent')
    await UpdateTicket.handle(Actor.forMember(team.manager.membership), {
      ticket: started,
      assigneeId: other.user.id,
    })
    assert.deepEqual(await kindsFor(other.user), ['ticket_assigned'])
    await UpdateTicket.handle(Actor.forMember(team.agent.membership), {
      ticket: started,
      assigneeId: team.agent.user.id,
    })
    assert.deepEqual(await kindsFor(team.agent.user), [], 'taking it yourself tells no one')
  })

  test('a customer reply on an unassigned ticket tells every staff member', async ({ assert }) => {
    const team = await createTeam()
    const ticket = await createTicket(team.customer.membership)
    await db.from('notifications').delete()
    await AddComment.handle(Actor.forMember(team.customer.membership), {
      ticket,
      body: 'Any news?',
    })
    for (const staff of [team.agent, team.manager, team.admin]) {
      assert.deepEqual(await kindsFor(staff.user), ['customer_replied'])
    }
  })

  test('customers never get staff events; disabled members get nothing', async ({ assert }) => {
    const team = await createTeam()
    const disabled = await createMember(team.organization, 'agent')
    await Membership.query().where('id', disabled.membership.id).update({ disabled_at: new Date() })
    const ticket = await createTicket(team.customer.membership)
    await startTicket(ticket, team.manager.membership, team.agent.membership)
    await AddComment.handle(Actor.forMember(team.customer.membership), { ticket, body: 'Hello' })
    assert.deepEqual(await kindsFor(disabled.user), [])
    assert.deepEqual(await kindsFor(team.customer.user), [])
  })

  test('SLA warnings and breaches tell the assignee and the managers and admins', async ({
    assert,
  }) => {
    const team = await createTeam()
    const bystander = await createMember(team.organization, 'agent')
    const opened = await createTicket(team.customer.membership, { subject: 'Slow' })
    const ticket = await startTicket(opened, team.manager.membership, team.agent.membership)
    await db.from('notifications').delete()

    // The first response at 80 % (still due in an hour), the resolution past due.
    const past = new Date(Date.now() - 60_000)
    const ahead = new Date(Date.now() + 3_600_000)
    await db.from('tickets').where('id', ticket.id).update({
      first_response_warn_at: past,
      first_response_due_at: ahead,
      resolution_due_at: past,
    })
    await ScanSlaDeadlines.handle(Actor.system())

    for (const member of [team.agent, team.manager, team.admin]) {
      const rows = await notificationsFor(member.user)
      assert.sameDeepMembers(
        rows.map((row) => ({ kind: row.kind, metric: row.data.metric })),
        [
          { kind: 'sla_breached', metric: 'resolution' },
          { kind: 'sla_warning', metric: 'first_response' },
        ]
      )
    }
    assert.deepEqual(await kindsFor(bystander.user), [])
    assert.deepEqual(await kindsFor(team.customer.user), [])
  })

  test('preferences decide the mail; the bell is always told', async ({ assert }) => {
    const team = await createTeam()
    await saveEmailPreferences(team.agent.user.id, { ticket_created: false })
    await saveEmailPreferences(team.customer.user.id, { staff_replied: false })
    const ticket = await createTicket(team.customer.membership)
    await AddComment.handle(Actor.forMember(team.manager.membership), { ticket, body: 'Looking' })

    const [agentRow] = await notificationsFor(team.agent.user)
    assert.equal(agentRow.kind, 'ticket_created')
    assert.isFalse(agentRow.mailed)
    const [managerRow] = await notificationsFor(team.manager.user)
    assert.isTrue(managerRow.mailed)
    const [customerRow] = await notificationsFor(team.customer.user)
    assert.equal(customerRow.kind, 'staff_replied')
    assert.isFalse(customerRow.mailed)
  })

  test('notification:created is emitted after the commit, once per recipient', async ({
    assert,
  }) => {
    const team = await createTeam()
    const events = emitter.fake(['notification:created'])
    try {
      await createTicket(team.customer.membership)
      const rows = await db.from('notifications').where('organization_id', team.organization.id)
      assert.lengthOf(rows, 3)
      for (const row of rows) {
        events.assertEmitted('notification:created', ({ data }) => {
          return (
            data.notificationId === Number(row.id) &&
            data.userId === row.user_id &&
            data.organizationId === team.organization.id
          )
        })
      }
    } finally {
      emitter.restore()
    }
  })

  test('a change that rolls back leaves no notification and no mail', async ({ assert }) => {
    const team = await createTeam()
    await db
      .transaction(async (trx) => {
        await CreateTicket.handle(
          Actor.forMember(team.customer.membership),
          { subject: 'Never', description: 'Rolled back', source: 'portal' },
          trx
        )
        assert.lengthOf(await trx.from('notifications'), 3, 'recorded inside the transaction')
        throw new Error('the change fails after recording')
      })
      .catch(() => null)
    assert.deepEqual(await kindsFor(team.manager.user), [])
    assert.lengthOf(await db.from('mail_deliveries'), 0)
  })
})
