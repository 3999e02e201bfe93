import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import emitter from '@adonisjs/core/services/emitter'
import logger from '@adonisjs/core/services/logger'
import { QueueEvents } from 'bullmq'
import type { EventsList } from '@adonisjs/core/types'
import ScanSlaDeadlines from '#actions/sla/scan_sla_deadlines'
import ScanSlaDeadlinesJob from '#jobs/scan_sla_deadlines_job'
import { WorkerPool, type QueueConfig } from '#services/queue/worker_pool'
import Membership from '#models/membership'
import { verifyChain } from '#services/audit/verify_chain'
import { saveEmailPreferences } from '#services/notifications/preferences'
import { broadcastsOf } from '#tests/helpers/broadcasts'
import { createMember, createTeam } from '#tests/helpers/factories'
import { createTicket } from '#tests/helpers/tickets'
import { ALWAYS, createSlaPolicy, restoreClock, travelTo } from '#tests/helpers/sla'
import Actor from '#actions/actor'

const TICKETS = 12

/**
 * The monitor runs on committed rows in concurrent transactions, as two
 * worker processes would: no global test transaction here. Its tickets
 * are deleted afterwards (with their timelines), so later tests see the
 * database as they expect; the append-only audit trail keeps its events.
 */
async function slaTeam(
  options: { firstResponseMinutes?: number; resolutionMinutes?: number; tickets?: number } = {}
) {
  const team = await createTeam()
  await createSlaPolicy(team.organization, {
    week: ALWAYS,
    firstResponseMinutes: options.firstResponseMinutes ?? 10,
    resolutionMinutes: options.resolutionMinutes ?? 60,
  })
  travelTo('2026-11-30T09:00:00')
  const tickets = []
  for (let index = 0; index < (options.tickets ?? TICKETS); index++)
    tickets.push(await createTicket(team.customer.membership))
  return { ...team, tickets, ids: tickets.map((ticket) => ticket.id) }
}

async function timelineCounts(ids: number[], kind: string) {
  const rows = await db
    .from('ticket_sla_events')
    .whereIn('ticket_id', ids)
    .where('kind', kind)
    .groupBy('ticket_id')
    .select('ticket_id', db.raw('count(*)::int AS total'))
  return rows.map((row) => Number(row.total))
}

async function auditCount(organizationId: number, action: string) {
  const [{ total }] = await db
    .from('audit_events')
    .where('organization_id', organizationId)
    .where('action', action)
    .count('* as total')
  return Number(total)
}

function countEvents(name: 'sla:warning' | 'sla:breached', ids: number[]) {
  const seen: number[] = []
  const listener = (event: EventsList['sla:warning']) => {
    if (ids.includes(event.ticketId)) seen.push(event.ticketId)
  }
  emitter.on(name, listener)
  return { seen, stop: () => emitter.off(name, listener) }
}

/** The monitor's audit events of an organization, in chain order. */
function slaAuditEvents(organizationId: number) {
  return db
    .from('audit_events')
    .where('organization_id', organizationId)
    .whereIn('action', [
      'sla.first_response_warning',
      'sla.first_response_breached',
      'sla.resolution_warning',
      'sla.resolution_breached',
    ])
    .orderBy('id')
    .select('id', 'action', 'actor_id', 'subject_type', 'subject_id', 'after', 'created_at')
}

/**
 * The SLA notifications of organizations, one line each, sorted:
 * "organization user ticket number kind metric bell|mail".
 */
async function slaNotifications(organizationIds: number[]) {
  const rows = await db
    .from('notifications')
    .leftJoin('mail_deliveries', 'mail_deliveries.notification_id', 'notifications.id')
    .whereIn('notifications.organization_id', organizationIds)
    .whereIn('notifications.kind', ['sla_warning', 'sla_breached'])
    .select(
      'notifications.organization_id',
      'notifications.user_id',
      'notifications.ticket_id',
      'notifications.kind',
      'notifications.data',
      'mail_deliveries.id as delivery_id'
    )
  return rows
    .map(
      (row) =>
        `${row.organization_id} ${row.user_id} ${row.ticket_id} ${row.data.number} ${row.kind} ${row.data.metric} ${row.delivery_id === null ? 'bell' : 'mail'}`
    )
    .sort()
}

test.group('SLA monitor', (group) => {
  let organizationIds: number[] = []
  group.each.teardown(async () => {
    restoreClock()
    await db.from('tickets').whereIn('organization_id', organizationIds).delete()
    organizationIds = []
  })

  test('two scans at the same time warn and breach each ticket once', async ({ assert }) => {
    const team = await slaTeam()
    organizationIds.push(team.organization.id)
    const warnings = countEvents('sla:warning', team.ids)
    const breaches = countEvents('sla:breached', team.ids)
    try {
      // 8 of 10 minutes: the first-response warning.
      travelTo('2026-11-30T09:08:00')
      const [a, b] = await Promise.all([
        ScanSlaDeadlines.handle(Actor.system()),
        ScanSlaDeadlines.handle(Actor.system()),
      ])
      assert.equal(a.warnings + b.warnings, TICKETS)
      assert.equal(a.breaches + b.breaches, 0)
      assert.deepEqual(
        await timelineCounts(team.ids, 'first_response_warning'),
        Array(TICKETS).fill(1)
      )

      // A rerun (a retried job) finds nothing new.
      const again = await ScanSlaDeadlines.handle(Actor.system())
      assert.deepEqual(again, { warnings: 0, breaches: 0 })

      // Past 10 minutes: the breach, once, by whichever scan claims the ticket.
      travelTo('2026-11-30T09:10:00')
      const [c, d] = await Promise.all([
        ScanSlaDeadlines.handle(Actor.system()),
        ScanSlaDeadlines.handle(Actor.system()),
      ])
      assert.equal(c.breaches + d.breaches, TICKETS)
      assert.deepEqual(
        await timelineCounts(team.ids, 'first_response_breached'),
        Array(TICKETS).fill(1)
      )

      assert.equal(await auditCount(team.organization.id, 'sla.first_response_warning'), TICKETS)
      assert.equal(await auditCount(team.organization.id, 'sla.first_response_breached'), TICKETS)
      assert.sameMembers(warnings.seen, team.ids)
      assert.sameMembers(breaches.seen, team.ids)
    } finally {
      warnings.stop()
      breaches.stop()
    }
  })

  test('a ticket found past its due date gets the breach, not a late warning; paused tickets wait', async ({
    assert,
  }) => {
    const team = await slaTeam()
    organizationIds.push(team.organization.id)
    const [paused, ...running] = team.ids
    await db.from('tickets').where('id', paused).update({ status: 'waiting_customer' })

    travelTo('2026-11-30T10:30:00')
    const result = await ScanSlaDeadlines.handle(Actor.system())
    // Both targets are past: two breaches per running ticket, no warning sent.
    assert.deepEqual(result, { warnings: 0, breaches: 2 * running.length })
    const rows = await db.from('tickets').whereIn('id', team.ids).orderBy('id')
    assert.isNull(rows[0].resolution_breached_at)
    for (const row of rows.slice(1)) {
      assert.isNotNull(row.first_response_warned_at)
      assert.isNotNull(row.resolution_warned_at)
    }
    assert.deepEqual(await timelineCounts(team.ids, 'resolution_warning'), [])
  })

  test('two BullMQ workers running the monitor job at once mark each ticket once', async ({
    assert,
  }) => {
    const team = await slaTeam()
    organizationIds.push(team.organization.id)
    const config = app.config.get<QueueConfig>('queue')
    const pools = [
      new WorkerPool(app, config, logger).start(['sla']),
      new WorkerPool(app, config, logger).start(['sla']),
    ]
    const queue = await app.container.make('rlanz/queue')
    const events = new QueueEvents('sla', {
      connection: config.defaultConnection,
      prefix: config.queue.prefix,
    })
    try {
      await Promise.all([...pools.map((pool) => pool.waitUntilReady()), events.waitUntilReady()])
      // 48 of 60 minutes: the resolution warning (the first response is long breached).
      travelTo('2026-11-30T09:48:00')
      const jobs = await Promise.all([
        queue.dispatch(ScanSlaDeadlinesJob, {}, { queueName: 'sla' }),
        queue.dispatch(ScanSlaDeadlinesJob, {}, { queueName: 'sla' }),
      ])
      await Promise.all(jobs.map((job) => job.waitUntilFinished(events, 30_000)))

      assert.deepEqual(await timelineCounts(team.ids, 'resolution_warning'), Array(TICKETS).fill(1))
      assert.deepEqual(
        await timelineCounts(team.ids, 'first_response_breached'),
        Array(TICKETS).fill(1)
      )
      assert.equal(await auditCount(team.organization.id, 'sla.resolution_warning'), TICKETS)
    } finally {
      await Promise.all(pools.map((pool) => pool.close()))
      await events.close()
      await queue.getOrSet('sla').obliterate({ force: true })
    }
  }).timeout(60_000)

  test('a run over two organizations marks each ticket once, tells whom a single mark would, and appends each chain once', async ({
    assert,
  }) => {
    // A: both targets past at 10:30, two breaches per ticket.
    const a = await slaTeam({ tickets: 20 })
    // B: the first response past, the resolution at 80 %: a breach and a warning.
    const b = await slaTeam({ firstResponseMinutes: 60, resolutionMinutes: 100, tickets: 15 })
    // C: nothing due yet.
    const c = await slaTeam({ firstResponseMinutes: 600, resolutionMinutes: 1200, tickets: 3 })
    organizationIds.push(a.organization.id, b.organization.id, c.organization.id)

    // In A: a second agent who takes no mail for breaches, an agent with
    // nothing assigned and a manager whose access was removed.
    const second = await createMember(a.organization, 'agent')
    await saveEmailPreferences(second.user.id, { sla_breached: false })
    await createMember(a.organization, 'agent')
    const gone = await createMember(a.organization, 'manager')
    await Membership.query().where('id', gone.membership.id).update({ disabled_at: new Date() })
    const assigneeA = (index: number) => [a.agent.user.id, second.user.id, null][index % 3]
    const assigneeB = (index: number) => (index % 2 === 0 ? b.agent.user.id : null)
    for (const [index, id] of a.ids.entries())
      await db
        .from('tickets')
        .where('id', id)
        .update({ assignee_id: assigneeA(index) })
    for (const [index, id] of b.ids.entries())
      await db
        .from('tickets')
        .where('id', id)
        .update({ assignee_id: assigneeB(index) })
    const all = [...a.ids, ...b.ids, ...c.ids]

    travelTo('2026-11-30T10:30:00')
    const warnings = countEvents('sla:warning', all)
    const breaches = countEvents('sla:breached', all)
    let result = { warnings: 0, breaches: 0 }
    let sent: Awaited<ReturnType<typeof broadcastsOf>> = []
    try {
      sent = await broadcastsOf(async () => {
        result = await ScanSlaDeadlines.handle(Actor.system())
      })
    } finally {
      warnings.stop()
      breaches.stop()
    }
    assert.deepEqual(result, { warnings: 15, breaches: 2 * 20 + 15 })
    assert.deepEqual(breaches.seen.sort(), [...a.ids, ...a.ids, ...b.ids].sort())
    assert.sameMembers(warnings.seen, b.ids)

    // The marks and the timeline: once each, and nothing in C.
    for (const kind of ['first_response_breached', 'resolution_breached'])
      assert.deepEqual(await timelineCounts(a.ids, kind), Array(20).fill(1), kind)
    for (const kind of ['first_response_breached', 'resolution_warning'])
      assert.deepEqual(await timelineCounts(b.ids, kind), Array(15).fill(1), kind)
    for (const kind of ['first_response_warning', 'resolution_warning'])
      assert.deepEqual(await timelineCounts(a.ids, kind), [], kind)
    assert.deepEqual(await timelineCounts(b.ids, 'resolution_breached'), [])
    assert.deepEqual(await timelineCounts(c.ids, 'first_response_warning'), [])
    const rows = await db.from('tickets').whereIn('id', all)
    const byId = new Map(rows.map((row) => [Number(row.id), row]))
    for (const id of a.ids) assert.isNotNull(byId.get(id).resolution_breached_at)
    for (const id of b.ids) {
      assert.isNotNull(byId.get(id).first_response_breached_at)
      assert.isNotNull(byId.get(id).resolution_warned_at)
      assert.isNull(byId.get(id).resolution_breached_at)
    }
    for (const id of c.ids) assert.isNull(byId.get(id).first_response_warned_at)

    // The audit trail: one event per ticket and mark, as a single mark
    // writes it, all of one organization written by one append (one
    // instant, consecutive ids), and every chain still verifies.
    const expectedEvents = (team: typeof a, marks: Array<[string, string]>) =>
      team.ids.flatMap((id) =>
        marks.map(([metric, finding]) => {
          const row = byId.get(id)
          const instant = finding === 'warning' ? `${metric}_warn_at` : `${metric}_due_at`
          return {
            action: `sla.${metric}_${finding}`,
            actor_id: null,
            subject_type: 'ticket',
            subject_id: String(row.number),
            after: {
              metric,
              [finding === 'warning' ? 'warn_at' : 'due_at']: row[instant].toISOString(),
            },
          }
        })
      )
    for (const [team, marks] of [
      [
        a,
        [
          ['first_response', 'breached'],
          ['resolution', 'breached'],
        ],
      ],
      [
        b,
        [
          ['first_response', 'breached'],
          ['resolution', 'warning'],
        ],
      ],
    ] as Array<[typeof a, Array<[string, string]>]>) {
      const events = await slaAuditEvents(team.organization.id)
      assert.sameDeepMembers(
        events.map(({ id, created_at: createdAt, ...event }) => event),
        expectedEvents(team, marks)
      )
      assert.equal(new Set(events.map((event) => event.created_at.getTime())).size, 1)
      assert.equal(Number(events.at(-1).id) - Number(events[0].id), events.length - 1)
    }
    assert.lengthOf(await slaAuditEvents(c.organization.id), 0)
    for (const team of [a, b, c]) {
      const report = await verifyChain(team.organization.id)
      assert.isTrue(report.ok)
    }

    // The notifications: the assignee and the active managers and admins,
    // by mail unless they chose otherwise; nobody else, nothing for C.
    const expected: string[] = []
    const tell = (
      team: typeof a,
      assignee: (index: number) => number | null,
      kinds: string[][]
    ) => {
      for (const [index, ticket] of team.tickets.entries()) {
        const people = [team.manager.user.id, team.admin.user.id, assignee(index)]
        for (const userId of people.filter((id) => id !== null)) {
          for (const [kind, metric] of kinds) {
            const bell = userId === second.user.id && kind === 'sla_breached'
            expected.push(
              `${team.organization.id} ${userId} ${ticket.id} ${ticket.number} ${kind} ${metric} ${bell ? 'bell' : 'mail'}`
            )
          }
        }
      }
    }
    tell(a, assigneeA, [
      ['sla_breached', 'first_response'],
      ['sla_breached', 'resolution'],
    ])
    tell(b, assigneeB, [
      ['sla_breached', 'first_response'],
      ['sla_warning', 'resolution'],
    ])
    assert.deepEqual(
      await slaNotifications([a.organization.id, b.organization.id, c.organization.id]),
      expected.sort()
    )
    // The mails were handed to the queue after the commit.
    const [{ pending }] = await db
      .from('mail_deliveries')
      .whereIn('organization_id', [a.organization.id, b.organization.id])
      .whereNull('dispatched_at')
      .count('* as pending')
    assert.equal(Number(pending), 0)

    // Live: each inbox once with its organization's marks, each ticket's
    // page once per mark.
    const desks = sent.filter((item) => item.channel.endsWith('/desk'))
    assert.sameMembers(
      desks.map((item) => item.channel),
      [`orgs/${a.organization.id}/desk`, `orgs/${b.organization.id}/desk`]
    )
    const deskA = desks.find((item) => item.channel === `orgs/${a.organization.id}/desk`)!
    assert.equal(deskA.payload.kind, 'sla.marked')
    assert.sameDeepMembers(
      deskA.payload.tickets as unknown[],
      a.ids.flatMap((ticketId) => [
        { ticketId, metric: 'first_response', finding: 'breached' },
        { ticketId, metric: 'resolution', finding: 'breached' },
      ])
    )
    assert.deepEqual(
      sent
        .filter((item) => item.channel.endsWith('/staff'))
        .map((item) => item.channel)
        .sort(),
      [...a.ids, ...a.ids, ...b.ids, ...b.ids].map((id) => `tickets/${id}/staff`).sort()
    )
  })

  test('two runs at once over two organizations, in small rounds, mark and tell each ticket once', async ({
    assert,
  }) => {
    const a = await slaTeam({ tickets: 15 })
    const b = await slaTeam({ firstResponseMinutes: 60, resolutionMinutes: 100, tickets: 15 })
    organizationIds.push(a.organization.id, b.organization.id)

    travelTo('2026-11-30T10:30:00')
    const [x, y] = await Promise.all([
      ScanSlaDeadlines.handle(Actor.system(), { batchSize: 4 }),
      ScanSlaDeadlines.handle(Actor.system(), { batchSize: 4 }),
    ])
    assert.equal(x.breaches + y.breaches, 2 * 15 + 15)
    assert.equal(x.warnings + y.warnings, 15)

    for (const kind of ['first_response_breached', 'resolution_breached'])
      assert.deepEqual(await timelineCounts(a.ids, kind), Array(15).fill(1), kind)
    for (const kind of ['first_response_breached', 'resolution_warning'])
      assert.deepEqual(await timelineCounts(b.ids, kind), Array(15).fill(1), kind)

    for (const team of [a, b]) {
      const events = await slaAuditEvents(team.organization.id)
      const marks = events.map((event) => `${event.subject_id} ${event.action}`)
      assert.lengthOf(marks, 2 * 15)
      assert.equal(new Set(marks).size, marks.length, 'one event per ticket and mark')
      const report = await verifyChain(team.organization.id)
      assert.isTrue(report.ok)
    }

    // Unassigned tickets: the manager and the admin, once per mark.
    const told = await slaNotifications([a.organization.id, b.organization.id])
    assert.lengthOf(told, 2 * 2 * 15 * 2)
    assert.equal(new Set(told).size, told.length)
  })
})
