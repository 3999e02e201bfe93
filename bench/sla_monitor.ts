/*
|--------------------------------------------------------------------------
| Benchmark: the SLA monitor's scan over many open tickets
|--------------------------------------------------------------------------
|
| node --import ts-node-maintained/register/esm bench/sla_monitor.ts [options]
|
| Gives every ticket of one organization (generated when missing) an open
| status and SLA instants, most of them in the future and a share already
| passed, then times ScanSlaDeadlines.handle() (the job the worker repeats
| every minute): once with nothing due (the scan alone) and once with the
| share due (scan + marking, timeline, audit trail, notifications). Prints
| each run's time, rows marked and EXPLAIN ANALYZE of one candidate query.
| See bench/README.md.
|
*/
import { percentile, readOptions, startApp } from './boot.js'

const TARGET_MS = 2000

const options = readOptions(
  'bench/sla_monitor.ts',
  {
    'org': {
      type: 'string',
      value: 'slug',
      default: 'bench',
      help: 'the organization (created and filled when it has fewer tickets)',
    },
    'tickets': { type: 'number', default: 100_000, help: 'open tickets wanted' },
    'due-share': {
      type: 'number',
      default: 0.01,
      min: 0,
      max: 1,
      fraction: true,
      value: '0..1',
      help: 'share of tickets whose targets have passed in the "due" case',
    },
    'runs': { type: 'number', default: 5, help: 'timed runs per case' },
  },
  'Runs against DB_DATABASE: use a database of its own (bench/README.md).'
)
const { tickets: wanted, runs } = options
const dueShare = options['due-share']

const app = await startApp()
const { default: db } = await import('@adonisjs/lucid/services/db')
const { default: Organization } = await import('#models/organization')
const { generateTickets } = await import('#database/generators/ticket_generator')
const { default: ScanSlaDeadlines } = await import('#actions/sla/scan_sla_deadlines')

try {
  const organization =
    (await Organization.findBy('slug', options.org)) ??
    (await Organization.create({
      name: `Bench ${options.org}`,
      slug: options.org,
      timeZone: 'UTC',
    }))
  const count = async () => {
    const [{ total }] = await db
      .from('tickets')
      .where('organization_id', organization.id)
      .count('* as total')
    return Number(total)
  }
  const existing = await count()
  if (existing < wanted) {
    console.log(`Generating ${wanted - existing} tickets in ${organization.slug}…`)
    await generateTickets(organization, {
      tickets: wanted - existing,
      commentsPerTicket: { min: 0, max: 1 },
      seed: 7,
    })
  }

  /**
   * Every ticket of the organization open and unanswered, with targets in
   * the future, except `share` of them (chosen by id) whose targets passed.
   * Marks of earlier runs are cleared (rows of the timeline and trail stay).
   */
  async function arrange(share: number) {
    await db.rawQuery(
      `UPDATE tickets SET
       status = 'in_progress', first_response_at = NULL, sla_paused_at = NULL,
       first_response_target = 60, resolution_target = 480,
       first_response_warned_at = NULL, first_response_breached_at = NULL,
       resolution_warned_at = NULL, resolution_breached_at = NULL,
       first_response_warn_at = now() + (CASE WHEN (id % 10000) < ? THEN interval '-2 hours' ELSE interval '3 days' END),
       first_response_due_at  = now() + (CASE WHEN (id % 10000) < ? THEN interval '-1 hour'  ELSE interval '4 days' END),
       resolution_warn_at     = now() + (CASE WHEN (id % 10000) < ? THEN interval '-2 hours' ELSE interval '5 days' END),
       resolution_due_at      = now() + (CASE WHEN (id % 10000) < ? THEN interval '-1 hour'  ELSE interval '6 days' END)
     WHERE organization_id = ?`,
      [...Array(4).fill(Math.round(share * 10000)), organization.id]
    )
    await db.rawQuery('ANALYZE tickets')
  }

  async function measure(name: string, share: number) {
    const times: number[] = []
    let marked = 0
    for (let run = 0; run < runs; run++) {
      await arrange(share)
      const started = performance.now()
      const result = await ScanSlaDeadlines.handle()
      times.push(performance.now() - started)
      marked = result.warnings + result.breaches
    }
    times.sort((a, b) => a - b)
    return {
      name,
      marked,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      max: times[times.length - 1],
    }
  }

  const open = await count()
  const results = [
    await measure('nothing due (scan only)', 0),
    await measure(`${dueShare * 100} % due`, dueShare),
  ]
  console.log(
    `\n${open} open tickets in ${organization.slug}; ${runs} runs per case; target < ${TARGET_MS} ms\n`
  )
  console.log('case                          marked   p50 ms   p95 ms   max ms   < target')
  for (const result of results) {
    console.log(
      `${result.name.padEnd(28)}  ${String(result.marked).padStart(6)}  ${result.p50.toFixed(1).padStart(7)}  ${result.p95.toFixed(1).padStart(7)}  ${result.max.toFixed(1).padStart(7)}   ${result.max < TARGET_MS ? 'yes' : 'NO'}`
    )
  }

  await arrange(0)
  const plan = await db.rawQuery(
    `EXPLAIN ANALYZE SELECT id FROM tickets
    WHERE resolution_due_at <= now() AND resolution_breached_at IS NULL
      AND status IN ('new','accepted','assigned','in_progress')
    ORDER BY resolution_due_at LIMIT 500 FOR UPDATE SKIP LOCKED`
  )
  console.log('\nEXPLAIN ANALYZE of the resolution-breach candidates (nothing due):')
  for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`)
} finally {
  await app.terminate()
}
