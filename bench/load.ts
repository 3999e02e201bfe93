/*
|--------------------------------------------------------------------------
| Benchmark: the desk and the API under concurrent load
|--------------------------------------------------------------------------
|
| npm run bench:load -- [options]
| (node --import ts-node-maintained/register/esm bench/load.ts [options])
|
| Drives the production build (`node build/bin/server.js`, built first
| when build/ is missing or with --build) with autocannon: a signed-in
| agent's desk pages, an agent's and a customer's API token, at fixed
| numbers of connections for a fixed time, after a warm-up. Prints req/s,
| p50/p95/p99, non-2xx, errors and timeouts, the web processes' RSS, and
| whether the target of issue #12 for the organization's size is met.
| See bench/README.md.
|
*/
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import {
  APP_ROOT,
  benchAccounts,
  percentile,
  printColumns,
  readOptions,
  signIn,
  startApp,
  startWebProcess,
} from './boot.js'

const WORKLOADS = [
  'inbox',
  'search-common',
  'search-rare',
  'ticket',
  'api-list',
  'api-create',
  'inbox-steps',
] as const
type Workload = (typeof WORKLOADS)[number]

/** Search words of the generated vocabulary (database/generators/ticket_vocabulary.ts). */
const COMMON_WORD = 'vpn'
const RARE_WORD = 'plotter'
const TICKET_COMMENTS = 20

const options = readOptions(
  'bench/load.ts',
  {
    org: { type: 'string', value: 'slug', default: 'bench', help: 'the organization to load' },
    workloads: {
      type: 'string',
      value: 'names',
      default: WORKLOADS.join(','),
      help: 'comma-separated workloads to run, in this order',
    },
    connections: {
      type: 'string',
      value: 'n,…',
      default: '10',
      help: 'concurrent connections: each workload runs once per number',
    },
    steps: {
      type: 'string',
      value: 'n,…',
      default: '50,100,200',
      help: 'connections of the inbox-steps workload (the desk inbox again)',
    },
    duration: { type: 'number', default: 20, max: 3600, help: 'seconds measured per run' },
    warmup: {
      type: 'number',
      default: 5,
      min: 0,
      max: 600,
      help: 'seconds of the same load before each run, not measured',
    },
    timeout: {
      type: 'number',
      default: 30,
      max: 600,
      help: 'seconds before a request counts as timed out',
    },
    web: {
      type: 'number',
      default: 1,
      max: 64,
      help: 'web processes (WEB_CONCURRENCY of bin/server.ts)',
    },
    build: {
      type: 'boolean',
      help: 'run `node ace build` first (also done when build/ is missing)',
    },
    only: {
      type: 'string',
      value: 'text',
      help: 'only the workloads whose name contains this text',
    },
  },
  `Workloads: ${WORKLOADS.join(', ')}.
Runs against DB_DATABASE (use a bench database: bench/README.md); the organization
needs tickets first (node ace atum:generate). api-create adds tickets to it.`
)

/** "10,50" → [10, 50]; exits on anything but whole numbers from 1 to 10,000. */
function numberList(name: string, text: string) {
  const values = text.split(',').map((part) => Number(part.trim()))
  if (values.some((value) => !Number.isInteger(value) || value < 1 || value > 10_000)) {
    console.error(`--${name} must list whole numbers from 1 to 10000, comma-separated`)
    process.exit(1)
  }
  return values
}

const connectionCounts = numberList('connections', options.connections)
const stepCounts = numberList('steps', options.steps)
const chosen = options.workloads.split(',').map((name) => name.trim())
const unknown = chosen.filter((name) => !WORKLOADS.includes(name as Workload))
if (unknown.length > 0) {
  console.error(`Unknown workload(s): ${unknown.join(', ')}. Known: ${WORKLOADS.join(', ')}`)
  process.exit(1)
}
const workloads = (chosen as Workload[]).filter(
  (name) => !options.only || name.includes(options.only)
)
if (workloads.length === 0) {
  console.error(`No workload's name contains "${options.only}"`)
  process.exit(1)
}

/* ----------------------------------------------------------------- build */

const ROOT = fileURLToPath(APP_ROOT)
const SERVER = join(ROOT, 'build/bin/server.js')

if (options.build || !existsSync(SERVER)) {
  console.log('node ace build …')
  const built = spawnSync(process.execPath, ['ace.js', 'build'], { cwd: ROOT, stdio: 'inherit' })
  if (built.status !== 0) process.exit(built.status ?? 1)
} else {
  warnIfStale()
}

/** A build older than the sources measures the old code: say so. */
function warnIfStale() {
  const builtAt = statSync(SERVER).mtimeMs
  const newer = ['app', 'bin', 'config', 'database', 'plugins', 'providers', 'resources', 'start']
    .filter((folder) => existsSync(join(ROOT, folder)))
    .flatMap((folder) =>
      readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
        .filter(
          (entry) =>
            entry.isFile() && statSync(join(entry.parentPath, entry.name)).mtimeMs > builtAt
        )
        .map((entry) => join(entry.parentPath, entry.name).slice(ROOT.length))
    )
  if (newer.length > 0) {
    console.warn(
      `build/ is older than ${newer.length} source file(s) (${newer.slice(0, 3).join(', ')}…): add --build to measure them\n`
    )
  }
}

/* ------------------------------------------------------------------- app */

const app = await startApp()
const { default: db } = await import('@adonisjs/lucid/services/db')
const { default: env } = await import('#start/env')
const { default: Organization } = await import('#models/organization')
const { default: Membership } = await import('#models/membership')
const { default: Ticket, OPEN_STATUSES } = await import('#models/ticket')
const { default: AddComment } = await import('#actions/tickets/add_comment')
const { default: CreateAccessToken } = await import('#actions/tokens/create_access_token')
const { default: RevokeAccessToken } = await import('#actions/tokens/revoke_access_token')
const { default: Actor } = await import('#actions/actor')
const { listTickets } = await import('#services/search/ticket_list')
const { SLOTS, TOPICS } = await import('#database/generators/ticket_vocabulary')

type OrganizationRow = InstanceType<typeof Organization>
type MembershipRow = InstanceType<typeof Membership>

/* --------------------------------------------------------------- targets */

/** Issue #12's targets, for 100,000 and 1,000,000 tickets. */
interface Target {
  minRps?: number
  maxP95Ms?: number
  noErrors?: boolean
  /** RSS of each web process, MB. */
  maxRssMb?: number
}
type Size = '100k' | '1M'

const TARGETS: Record<Size, Partial<Record<Workload, Record<number, Target>>>> = {
  '100k': {
    'inbox': { 10: { minRps: 300, maxP95Ms: 60 } },
    'inbox-steps': { 200: { maxP95Ms: 1000, noErrors: true, maxRssMb: 400 } },
    'search-common': { 10: { minRps: 100, maxP95Ms: 150 } },
    'search-rare': { 10: { minRps: 100, maxP95Ms: 150 } },
    'ticket': { 10: { minRps: 300 } },
    'api-list': { 10: { minRps: 500 } },
    'api-create': { 10: { minRps: 200 } },
  },
  '1M': {
    'inbox': { 10: { minRps: 200, maxP95Ms: 100 } },
    'inbox-steps': { 200: { maxP95Ms: 1500, noErrors: true, maxRssMb: 400 } },
    'search-common': { 10: { maxP95Ms: 300 } },
    'search-rare': { 10: { maxP95Ms: 300 } },
    'ticket': { 10: { minRps: 300 } },
    'api-list': { 10: { minRps: 400 } },
    'api-create': { 10: { minRps: 200 } },
  },
}

/** The targets' column for the organization's ticket count (±25 %), or none. */
function sizeOf(tickets: number): Size | null {
  if (tickets >= 75_000 && tickets <= 125_000) return '100k'
  if (tickets >= 750_000 && tickets <= 1_250_000) return '1M'
  return null
}

function targetFor(size: Size | null, workload: Workload, connections: number) {
  if (!size) return null
  // The inbox at 200 connections has the same target whichever way it is asked for.
  const name = workload === 'inbox' && connections !== 10 ? 'inbox-steps' : workload
  return TARGETS[size][name]?.[connections] ?? null
}

function describe(target: Target) {
  return [
    target.minRps !== undefined && `≥ ${target.minRps}/s`,
    target.maxP95Ms !== undefined && `p95 < ${target.maxP95Ms}`,
    target.noErrors && '0 errors',
    target.maxRssMb !== undefined && `RSS < ${target.maxRssMb} MB`,
  ]
    .filter(Boolean)
    .join(', ')
}

/* ------------------------------------------------------------------- setup */

async function organizationAndSize() {
  const organization = await Organization.findBy('slug', options.org)
  if (!organization) {
    console.error(
      `No organization has the slug "${options.org}": create it and run node ace atum:generate (bench/README.md)`
    )
    process.exit(1)
  }
  const count = async (table: string) => {
    const [{ total }] = await db
      .from(table)
      .where('organization_id', organization.id)
      .count('* as total')
    return Number(total)
  }
  return { organization, tickets: await count('tickets'), comments: await count('ticket_comments') }
}

/** The bench's agent and customer, signed-in members, and an API token each. */
async function people(organization: OrganizationRow) {
  const { password, users } = await benchAccounts(organization, ['agent', 'customer'])
  const member = (userId: number) =>
    Membership.query()
      .where('organization_id', organization.id)
      .where('user_id', userId)
      .preload('organization')
      .preload('user')
      .firstOrFail()
  const agent = await member(users.agent.id)
  const customer = await member(users.customer.id)
  const name = `bench:load ${new Date().toISOString()}`
  const agentToken = await CreateAccessToken.handle(Actor.system(), {
    user: users.agent,
    organization,
    name,
  })
  const customerToken = await CreateAccessToken.handle(Actor.system(), {
    user: users.customer,
    organization,
    name,
  })
  return { password, agent, customer, agentToken, customerToken }
}

/** Staff replies and notes of the vocabulary, slots filled. */
function commentBodies() {
  const fill = (text: string, index: number) =>
    text.replace(/\{(\w+)\}/g, (_, slot: string) => {
      const values = SLOTS[slot]
      return Array.isArray(values) ? values[index % values.length] : (values?.(0.5) ?? slot)
    })
  return TOPICS.flatMap((topic) => [...topic.replies, ...topic.notes]).map(fill)
}

/**
 * A ticket of the organization with exactly 20 comments: one found, or
 * the newest open generated ticket with fewer (in progress first), topped up through
 * AddComment as the bench's agent (replies and internal notes).
 */
async function ticketWithComments(
  organizationId: number,
  agent: MembershipRow,
  customer: MembershipRow
) {
  const found = await db
    .from('ticket_comments')
    .where('organization_id', organizationId)
    .groupBy('ticket_id')
    .havingRaw('count(*) = ?', [TICKET_COMMENTS])
    .select('ticket_id')
    .first()
  if (found) {
    const ticket = await Ticket.findOrFail(found.ticket_id)
    return ticket.number
  }

  const ticket = await Ticket.query()
    .where('organization_id', organizationId)
    .whereIn('status', [...OPEN_STATUSES])
    // A generated ticket, not one the bench opened.
    .whereNotIn('requester_id', [agent.userId, customer.userId])
    .whereRaw('(SELECT count(*) FROM ticket_comments c WHERE c.ticket_id = tickets.id) < ?', [
      TICKET_COMMENTS,
    ])
    .orderByRaw(`status = 'in_progress' DESC`)
    .orderBy('number', 'desc')
    .firstOrFail()
  const [{ total }] = await db
    .from('ticket_comments')
    .where('ticket_id', ticket.id)
    .count('* as total')
  const bodies = commentBodies()
  const actor = Actor.forMember(agent)
  for (let index = Number(total); index < TICKET_COMMENTS; index++) {
    await AddComment.handle(actor, {
      ticket,
      body: bodies[index % bodies.length],
      internal: index % 4 === 3,
    })
  }
  console.log(`Added ${TICKET_COMMENTS - Number(total)} comments to ATUM-${ticket.number}`)
  return ticket.number
}

/**
 * VACUUM ANALYZE of every table changed since its last ANALYZE (or never
 * analyzed): fresh statistics and visibility maps, as on a maintained
 * server (autovacuum may be off on bench machines).
 */
async function vacuumAnalyze() {
  const { rows } = await db.rawQuery<{ rows: Array<{ name: string }> }>(
    `SELECT relname AS name FROM pg_stat_user_tables
     WHERE schemaname = 'public'
       AND (n_mod_since_analyze > 0 OR coalesce(last_analyze, last_autoanalyze) IS NULL)
     ORDER BY n_live_tup DESC`
  )
  if (rows.length === 0) return
  const started = performance.now()
  const tables = rows.map((row) => `"${row.name}"`).join(', ')
  await db.rawQuery(`VACUUM (ANALYZE) ${tables}`)
  const names = rows.map((row) => row.name)
  const listed =
    names.length > 4
      ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`
      : names.join(', ')
  console.log(
    `VACUUM ANALYZE of the tables changed since their last ANALYZE (${listed}): ${((performance.now() - started) / 1000).toFixed(1)} s`
  )
}

/* ---------------------------------------------------------- web processes */

/** The pid, parent pid and CPU time (clock ticks) of every process, from /proc. */
function processes() {
  const all: Array<{ pid: number; ppid: number; cpu: number }> = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      // Fields after "pid (command)": state ppid … utime (14th) stime (15th).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      all.push({ pid: Number(name), ppid: Number(fields[1]), cpu: +fields[11] + +fields[12] })
    } catch {
      // Gone between the listing and the read.
    }
  }
  return all
}

/** A process and all its descendants: how many, RSS (MB) each and summed, CPU ticks. */
function webTree(rootPid: number) {
  const all = processes()
  const tree = new Set([rootPid])
  for (let grown = true; grown; ) {
    grown = false
    for (const entry of all) {
      if (!tree.has(entry.pid) && tree.has(entry.ppid)) {
        tree.add(entry.pid)
        grown = true
      }
    }
  }
  const members = all.filter((entry) => tree.has(entry.pid))
  const rss = members.map((entry) => {
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${entry.pid}/status`, 'utf8'))?.[1]
      return Number(kb ?? 0) / 1024
    } catch {
      return 0
    }
  })
  return {
    count: members.length,
    totalMb: rss.reduce((a, b) => a + b, 0),
    maxMb: Math.max(0, ...rss),
    cpu: members.reduce((sum, entry) => sum + entry.cpu, 0),
  }
}

/**
 * Waits until the web processes are idle (under 10 % of a core for half a
 * second, 60 s at most): requests of a run that ended are still being
 * served after autocannon closed their connections, and would load the
 * next run.
 */
async function settle(rootPid: number) {
  const ticksPerSecond = 100 // USER_HZ on Linux
  let before = webTree(rootPid).cpu
  for (let waited = 0; waited < 120; waited++) {
    await sleep(500)
    const now = webTree(rootPid).cpu
    if ((now - before) / ticksPerSecond < 0.05) return
    before = now
  }
}

/** Samples the tree's RSS every 500 ms until stopped; answers the highest. */
function sampleRss(rootPid: number) {
  let totalMb = 0
  let maxMb = 0
  const sample = () => {
    const rss = webTree(rootPid)
    totalMb = Math.max(totalMb, rss.totalMb)
    maxMb = Math.max(maxMb, rss.maxMb)
  }
  sample()
  const timer = setInterval(sample, 500)
  return () => {
    clearInterval(timer)
    sample()
    return { totalMb, maxMb }
  }
}

/* ------------------------------------------------------------------- load */

interface Request {
  method: 'GET' | 'POST'
  path: string
  headers: Record<string, string>
  /** A body per request (a unique subject per created ticket). */
  body?: () => string
}

interface Run {
  rps: number
  latencies: number[]
  non2xx: Map<number, number>
  errors: number
  timeouts: number
}

/** autocannon for `seconds` at `connections`; every response's latency. */
async function load(url: string, request: Request, connections: number, seconds: number) {
  const latencies: number[] = []
  const non2xx = new Map<number, number>()
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        timeout: options.timeout,
        requests: [
          {
            method: request.method,
            path: request.path,
            headers: request.headers,
            ...(request.body ? { setupRequest: (req) => ({ ...req, body: request.body!() }) } : {}),
          },
        ],
      },
      (error, finished) => (error ? reject(error) : resolve(finished))
    )
    // Every latency, for the p95 (autocannon's summary has p90 and p97.5).
    instance.on('response', (_client, status, _bytes, ms) => {
      latencies.push(ms)
      if (status < 200 || status > 299) non2xx.set(status, (non2xx.get(status) ?? 0) + 1)
    })
  })
  latencies.sort((a, b) => a - b)
  const run: Run = {
    rps: result.requests.average,
    latencies,
    non2xx,
    errors: result.errors - result.timeouts,
    timeouts: result.timeouts,
  }
  return run
}

/** One request first: a workload that cannot answer 2xx stops the bench. */
async function preflight(web: Awaited<ReturnType<typeof startWebProcess>>, request: Request) {
  const answer = await fetch(`${web.url}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body?.(),
    redirect: 'manual',
  }).then(
    async (response) => {
      await response.arrayBuffer()
      return `${response.status} ${response.headers.get('location') ?? ''}`.trim()
    },
    (error: Error) => `${error.message} (${String(error.cause ?? '')})`
  )
  if (!/^2\d\d$/.test(answer)) {
    const state = web.running() ? `running, ${webTree(web.pid).count} process(es)` : 'exited'
    throw new Error(`${request.method} ${request.path}: ${answer}; the web process: ${state}`)
  }
}

function machineLine(when: string) {
  const [one, five, fifteen] = loadavg().map((value) => value.toFixed(2))
  return `${when}: ${availableParallelism()} cores, load average ${one} ${five} ${fifteen} (1, 5, 15 min)`
}

/* ------------------------------------------------------------------ main */

let server: Awaited<ReturnType<typeof startWebProcess>> | null = null
const tokens: Array<{ member: MembershipRow; id: number }> = []
try {
  const { organization, tickets, comments } = await organizationAndSize()
  const size = sizeOf(tickets)
  const { password, agent, customer, agentToken, customerToken } = await people(organization)
  tokens.push({ member: agent, id: agentToken.id }, { member: customer, id: customerToken.id })
  const ticketNumber = workloads.includes('ticket')
    ? await ticketWithComments(organization.id, agent, customer)
    : null
  await vacuumAnalyze()

  const matches = async (q: string) => {
    const page = await listTickets(agent, { q })
    return `${page.total.toLocaleString('en')}${page.totalCapped ? '+' : ''}`
  }
  const [common, rare] = [await matches(COMMON_WORD), await matches(RARE_WORD)]
  const commit = spawnSync('git', ['describe', '--always', '--dirty'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
  console.log(
    `\nDatabase ${env.get('DB_DATABASE')}, organization ${organization.slug}: ` +
      `${tickets.toLocaleString('en')} tickets, ${comments.toLocaleString('en')} comments ` +
      `(targets: ${size ? `the ${size} column` : 'none for this size'}); ` +
      `search "${COMMON_WORD}" finds ${common}, "${RARE_WORD}" ${rare}`
  )
  console.log(
    `Production build of ${commit.stdout.trim() || 'this checkout'}, ${options.web} web process(es), ` +
      `sessions in ${env.get('SESSION_DRIVER')}, ${options.duration} s per run after ${options.warmup} s of warm-up, ` +
      `Node ${process.version}`
  )
  console.log(machineLine('Start'))

  server = await startWebProcess({
    built: true,
    env: { WEB_CONCURRENCY: String(options.web), LOG_LEVEL: 'warn' },
  })
  // A primary and its workers: wait until they are all up (or say they are not).
  const expected = options.web > 1 ? options.web + 1 : 1
  for (let waited = 0; webTree(server.pid).count < expected && waited < 60; waited++) {
    await sleep(500)
  }
  const started = webTree(server.pid)
  console.log(
    `Web: ${started.count} process(es), ${started.totalMb.toFixed(0)} MB RSS at start` +
      (started.count < expected
        ? ` (expected ${expected}: does bin/server.ts read WEB_CONCURRENCY?)`
        : '')
  )

  const cookie = await signIn(server.url, agent.user.email, password)
  const desk = (path: string): Request => ({ method: 'GET', path, headers: { cookie } })
  const api = (token: string) => ({
    'authorization': `Bearer ${token}`,
    'accept': 'application/json',
    'content-type': 'application/json',
  })
  let created = 0
  const requests: Record<Workload, { label: string; request: Request }> = {
    'inbox': { label: 'desk inbox (default view)', request: desk('/desk/tickets') },
    'inbox-steps': { label: 'desk inbox (default view)', request: desk('/desk/tickets') },
    'search-common': {
      label: `desk search "${COMMON_WORD}"`,
      request: desk(`/desk/tickets?q=${COMMON_WORD}`),
    },
    'search-rare': {
      label: `desk search "${RARE_WORD}"`,
      request: desk(`/desk/tickets?q=${RARE_WORD}`),
    },
    'ticket': {
      label: `ticket page (${TICKET_COMMENTS} comments)`,
      request: desk(`/desk/tickets/ATUM-${ticketNumber}`),
    },
    'api-list': {
      label: 'API list (25 a page)',
      request: {
        method: 'GET',
        path: '/api/v1/tickets?per_page=25',
        headers: api(agentToken.value),
      },
    },
    'api-create': {
      label: 'API create (customer)',
      request: {
        method: 'POST',
        path: '/api/v1/tickets',
        headers: api(customerToken.value),
        body: () =>
          JSON.stringify({
            subject: `Load test ticket ${++created} (${process.pid})`,
            description: 'Opened by bench/load.ts: the printer on floor 2 shows a paper jam.',
          }),
      },
    },
  }

  const lines: string[][] = []
  const statuses: string[] = []
  const few: string[] = []
  for (const workload of workloads) {
    const { label, request } = requests[workload]
    await preflight(server, request)
    for (const connections of workload === 'inbox-steps' ? stepCounts : connectionCounts) {
      process.stdout.write(`${workload} at ${connections} connections… `)
      if (options.warmup > 0) {
        await load(server.url, request, connections, options.warmup)
        await settle(server.pid)
      }
      const stopSampling = sampleRss(server.pid)
      const run = await load(server.url, request, connections, options.duration)
      const rss = stopSampling()
      await settle(server.pid)

      const non2xx = [...run.non2xx.values()].reduce((a, b) => a + b, 0)
      const answered = run.latencies.length > 0
      // Requests still waiting when a run ends are not counted (one per connection
      // at most): with few answers per connection the percentiles are too low.
      const tooFew = run.latencies.length < 5 * connections
      const p95 = answered ? percentile(run.latencies, 95) : Number.POSITIVE_INFINITY
      const target = targetFor(size, workload, connections)
      const missed =
        target &&
        [
          target.minRps !== undefined && run.rps < target.minRps && 'req/s',
          target.maxP95Ms !== undefined && p95 >= target.maxP95Ms && 'p95',
          target.noErrors && non2xx + run.errors + run.timeouts > 0 && 'errors',
          target.maxRssMb !== undefined && rss.maxMb >= target.maxRssMb && 'RSS',
        ].filter((miss): miss is string => typeof miss === 'string')
      const latency = (p: number) => (answered ? percentile(run.latencies, p).toFixed(1) : '—')
      lines.push([
        label,
        String(connections),
        String(run.latencies.length),
        run.rps.toFixed(1),
        latency(50),
        latency(95),
        latency(99),
        String(non2xx),
        String(run.errors),
        String(run.timeouts),
        rss.totalMb.toFixed(0),
        rss.maxMb.toFixed(0),
        target ? describe(target) : '—',
        !missed
          ? '—'
          : missed.length > 0
            ? `NO (${missed.join(', ')})`
            : tooFew
              ? '? (run longer)'
              : 'yes',
      ])
      if (tooFew) few.push(`${label} at ${connections}`)
      if (non2xx > 0) {
        const codes = [...run.non2xx].map(([status, count]) => `${status} × ${count}`)
        statuses.push(`${label} at ${connections}: ${codes.join(', ')}`)
      }
      console.log(
        answered
          ? `${run.rps.toFixed(1)} req/s, p95 ${p95.toFixed(1)} ms`
          : `no answer within ${options.duration} s (a longer --duration?)`
      )
    }
  }

  console.log('')
  printColumns(
    [
      'workload',
      'conn',
      'answers',
      'req/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'non-2xx',
      'errors',
      'timeouts',
      'RSS MB',
      'RSS/proc',
      `target (${size ?? 'no size'})`,
      'met',
    ],
    lines
  )
  if (statuses.length > 0) console.log(`\nNon-2xx answers: ${statuses.join('; ')}`)
  if (few.length > 0) {
    console.log(
      `\nFewer than 5 answers per connection (${few.join('; ')}): the requests still ` +
        'waiting at the end are not counted, so p95 is too low; run longer (--duration).'
    )
  }
  if (created > 0) console.log(`\napi-create opened ${created} tickets in ${organization.slug}.`)
  console.log(
    `\nRSS MB: the highest sum over the web processes (sampled every 500 ms); RSS/proc: the largest one.`
  )
  console.log(machineLine('End'))
} finally {
  await server?.stop()
  for (const { member, id } of tokens) {
    await RevokeAccessToken.handle(Actor.forMember(member), { tokenId: id })
  }
  await app.terminate()
}
