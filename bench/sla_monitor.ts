/*
|--------------------------------------------------------------------------
| Benchmark: the SLA monitor's scan over many open tickets
|--------------------------------------------------------------------------
|
| node --import ts-node-maintained/register/esm bench/sla_monitor.ts [options]
|
| Gives every ticket of one organization (generated when missing) an open
| status and SLA instants, most of them in the future and exactly a share
| (1 % by default) already passed, then times ScanSlaDeadlines (the job the
| worker repeats every minute): once with nothing due (the scan alone) and
| once with the share due (scan + marking, timeline, audit trail,
| notifications, mails queued). Prints each case's tickets due, marks made,
| times per run and EXPLAIN ANALYZE of one candidate query.
| See bench/README.md.
|
*/
import { percentile, readOptions, startApp } from './boot.js'

/** The targets: < 2 s per run at 100,000 tickets, < 10 s at 1,000,000. */
const targetMs = (open: number) => (open > 100_000 ? 10_000 : 2_000)

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
const { default: Actor } = await import('#actions/actor')

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
   * Every ticket of the organization open and unanswered, with targets days
   * ahead, except exactly floor(share × tickets) of them, spread evenly over
   * the ids (the 100th, 200th… ticket at 1 %), whose warning and due instants
   * passed an hour ago. Marks of earlier runs are cleared (rows of the
   * timeline and trail stay). Only rows that change are written (the first
   * call writes them all), and VACUUM clears the dead rows: the autovacuum
   * is off on bench machines, and a table rewritten at every run would slow
   * the very scan this bench times.
   */
  async function arrange(share: number) {
    const { rowCount } = await db.rawQuery(
      `WITH ranked AS (
         SELECT id, row_number() OVER (ORDER BY id) AS n FROM tickets WHERE organization_id = ?
       ), picked AS (
         SELECT id, floor(n * CAST(? AS numeric)) > floor((n - 1) * CAST(? AS numeric)) AS due FROM ranked
       )
       UPDATE tickets t SET
       status = 'in_progress', first_response_at = NULL, sla_paused_at = NULL,
       first_response_target = 60, resolution_target = 480,
       first_response_warned_at = NULL, first_response_breached_at = NULL,
       resolution_warned_at = NULL, resolution_breached_at = NULL,
       first_response_warn_at = now() + (CASE WHEN p.due THEN interval '-2 hours' ELSE interval '3 days' END),
       first_response_due_at  = now() + (CASE WHEN p.due THEN interval '-1 hour'  ELSE interval '4 days' END),
       resolution_warn_at     = now() + (CASE WHEN p.due THEN interval '-2 hours' ELSE interval '5 days' END),
       resolution_due_at      = now() + (CASE WHEN p.due THEN interval '-1 hour'  ELSE interval '6 days' END)
      FROM picked p
     WHERE t.id = p.id
       AND (p.due OR t.status <> 'in_progress' OR t.first_response_at IS NOT NULL
            OR t.sla_paused_at IS NOT NULL
            OR t.first_response_target IS DISTINCT FROM 60 OR t.resolution_target IS DISTINCT FROM 480
            OR t.first_response_warned_at IS NOT NULL OR t.first_response_breached_at IS NOT NULL
            OR t.resolution_warned_at IS NOT NULL OR t.resolution_breached_at IS NOT NULL
            OR NOT (t.first_response_warn_at > now() + interval '1 day')
            OR NOT (t.resolution_warn_at > now() + interval '1 day'))`,
      [organization.id, share, share]
    )
    await db.rawQuery('VACUUM ANALYZE tickets')
    return rowCount as number
  }

  async function measure(name: string, share: number) {
    const times: number[] = []
    let marked = 0
    let due = 0
    for (let run = 0; run < runs; run++) {
      await arrange(share)
      const [{ total }] = await db
        .from('tickets')
        .where('organization_id', organization.id)
        .where('resolution_due_at', '<=', new Date())
        .count('* as total')
      due = Number(total)
      const started = performance.now()
      const result = await ScanSlaDeadlines.handle(Actor.system())
      times.push(performance.now() - started)
      marked = result.warnings + result.breaches
    }
    times.sort((a, b) => a - b)
    return {
      name,
      due,
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
  const target = targetMs(open)
  console.log(
    `\n${open} open tickets in ${organization.slug}; ${runs} runs per case; target < ${target} ms\n`
  )
  console.log('case                             due  marked   p50 ms   p95 ms   max ms   < target')
  for (const result of results) {
    console.log(
      `${result.name.padEnd(28)}  ${String(result.due).padStart(6)}  ${String(result.marked).padStart(6)}  ${result.p50.toFixed(1).padStart(7)}  ${result.p95.toFixed(1).padStart(7)}  ${result.max.toFixed(1).padStart(7)}   ${result.max < target ? 'yes' : 'NO'}`
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
