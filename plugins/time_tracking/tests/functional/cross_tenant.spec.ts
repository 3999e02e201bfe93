import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import {
  actorsOf,
  deleteStoredFiles,
  formatRequests,
  formatViolations,
  registeredRoutes,
  seedTenantPair,
  summarize,
  walkRoutes,
  type SeededTenant,
} from '#tests/helpers/route_walker'
import TimeTimer from '../../models/time_timer.js'
import { createEntry } from '../helpers/time.js'

/** Time entries and a running timer in a seeded organization; the notes are markers. */
async function logTime(tenant: SeededTenant, label: string) {
  const notes: string[] = []
  for (const [index, ticket] of tenant.tickets.slice(0, 4).entries()) {
    const note = `${label}-time-note-${index} replaced the toner`
    notes.push(note)
    await createEntry(ticket, tenant.members.agent.membership, {
      minutes: 15 + index,
      billable: index % 2 === 0,
      note,
      workDate: DateTime.utc().toISODate()!,
    })
  }
  await TimeTimer.create({
    organizationId: tenant.organization.id,
    ticketId: tenant.tickets[0].id,
    userId: tenant.members.manager.user.id,
    startedAt: DateTime.now().minus({ minutes: 5 }),
  })
  return notes
}

/**
 * Every id sequence continues after the highest id of any table (as the
 * walker's seedTenantPair does), so none of B's ids is also one of A's
 * rows, in any table: a 200 at B's id could only be B's record.
 */
async function moveSequencesPastEveryId() {
  const { rows } = await db.rawQuery(
    `SELECT schemaname, sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema()`
  )
  const highest = Math.max(
    1,
    ...rows.map((row: { last_value: string | null }) => Number(row.last_value ?? 0))
  )
  for (const row of rows as Array<{ schemaname: string; sequencename: string }>) {
    await db.rawQuery('SELECT setval(?::regclass, ?)', [
      `"${row.schemaname}"."${row.sequencename}"`,
      highest,
    ])
  }
}

/**
 * The core's walk (tests/functional/tenancy) walks these routes too, but
 * its seeded organizations have no time entries; here both have some, so
 * `/desk/time-entries/:id` is given B's own entries and B's rows in
 * time_entries and time_timers are fingerprinted.
 */
test.group('Time tracking: every route, as every role of A, at the records of B', (group) => {
  let a: SeededTenant
  let b: SeededTenant
  let markers: string[]

  group.setup(() => testUtils.db().withGlobalTransaction())
  group.setup(async () => {
    await redis.flushdb()
    ;({ a, b } = await seedTenantPair())
    await logTime(a, 'Aurora')
    await moveSequencesPastEveryId()
    markers = await logTime(b, 'Borealis-Secret')
    await moveSequencesPastEveryId()
    return () => deleteStoredFiles([a, b])
  })

  test('nothing of B is shown or changed', async ({ client, assert }) => {
    const only = registeredRoutes()
      .walked.map((route) => route.name ?? '')
      .filter((name) => name.startsWith('time_tracking.'))
    assert.includeMembers(only, [
      'time_tracking.entries.edit',
      'time_tracking.entries.update',
      'time_tracking.entries.destroy',
      'time_tracking.entries.store',
      'time_tracking.timer.start',
      'time_tracking.timer.stop',
      'time_tracking.reports.index',
      'time_tracking.reports.export',
    ])

    const report = await walkRoutes({
      client,
      actors: actorsOf(a),
      target: { organizationId: b.organization.id, extraMarkers: [...b.markers, ...markers] },
      only,
    })
    console.log(summarize(report))
    assert.isEmpty(report.violations, `The walk reached B:\n${formatViolations(report.violations)}`)
    assert.includeMembers(report.markers, markers)

    // B's entries were the ones tried, and staff of A got 404 for each.
    const entryIds = report.candidates['GET /desk/time-entries/:id/edit'].id
    const { rows } = await db.rawQuery('SELECT id FROM time_entries WHERE organization_id = ?', [
      b.organization.id,
    ])
    assert.includeMembers(
      entryIds,
      rows.map((row: { id: number }) => String(row.id))
    )
    const atEntries = report.requests.filter(
      (request) =>
        request.route.startsWith('time_tracking.entries.') &&
        request.pointsAtOther &&
        ['agent', 'manager', 'admin'].includes(request.actor)
    )
    assert.isNotEmpty(atEntries)
    assert.isTrue(
      atEntries.every((request) => request.status === 404),
      formatRequests(atEntries)
    )
    // The reports of A were really shown (and held nothing of B).
    assert.isTrue(
      report.requests.some(
        (request) =>
          request.route === 'time_tracking.reports.index' &&
          request.actor === 'manager' &&
          request.status === 200
      )
    )
  }).timeout(120_000)
})
