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
import { createTeam } from '#tests/helpers/factories'
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
async function slaTeam() {
  const team = await createTeam()
  await createSlaPolicy(team.organization, {
    week: ALWAYS,
    firstResponseMinutes: 10,
    resolutionMinutes: 60,
  })
  travelTo('2026-11-30T09:00:00')
  const tickets = []
  for (let index = 0; index < TICKETS; index++)
    tickets.push(await createTicket(team.customer.membership))
  return { ...team, ids: tickets.map((ticket) => ticket.id) }
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
})
