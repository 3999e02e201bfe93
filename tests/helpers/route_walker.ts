/*
|--------------------------------------------------------------------------
| Cross-tenant route walker
|--------------------------------------------------------------------------
|
| Walks every route the router knows (core and plugins, enumerated from
| `router.toJSON()`, so routes added later are walked without an edit here)
| as each actor of organization A, with every route parameter filled with
| identifiers of organization B's records, and reports what of B showed up
| or changed:
|
| - (a) a response (body, headers, session and flash messages), or a mail
|   sent while answering, that contains one of B's marker strings (its
|   name, its members' emails and names, its invitations' emails, its
|   access tokens' names);
| - (b) a request after which B's rows are not what they were (a digest of
|   every row of every table with an `organization_id` column, of B's
|   organization row, of the users that belong to B only and of every row
|   pointing at them through `user_id` / `tokenable_id`).
|
| Answers that refuse with 403 where the parameters point at B's records
| are observations, not violations: ARCHITECTURE.md wants 404, but a 403
| given before any lookup (a customer refused the desk) tells nothing.
|
| Tables are found in information_schema, so the records of tables added
| by later issues (tickets, comments, …) are candidates and are
| fingerprinted as soon as `seedTenant` (below) gives both organizations
| some of them.
|
*/
import { DateTime } from 'luxon'
import router from '@adonisjs/core/services/router'
import db from '@adonisjs/lucid/services/db'
import type { RouteJSON } from '@adonisjs/core/types/http'
import type { ApiClient, ApiRequest, ApiResponse } from '@japa/api-client'
import Organization from '#models/organization'
import User from '#models/user'
import Membership, { ROLES, type Role } from '#models/membership'
import Invitation from '#models/invitation'
import PasswordResetToken from '#models/password_reset_token'
import CreateAccessToken from '#actions/tokens/create_access_token'
import SetPluginEnabled from '#actions/plugins/set_plugin_enabled'
import { SYSTEM_ACTOR } from '#services/audit/audit_trail'
import plugins from '#services/plugins/main'
import { newSecretToken } from '#services/access/secret_token'
import { PASSWORD } from '#tests/helpers/factories'
import { mailbox } from '#tests/helpers/mailbox'

/* ------------------------------------------------------------------------
| Routes
*/

/**
 * Routes that cannot concern tenant data by construction. Everything else
 * is walked.
 */
export const SKIPPED_ROUTES: ReadonlyArray<{ pattern: RegExp; reason: string }> = [
  {
    pattern: /^\/health\//,
    reason: 'health probes: no session, no organization, only the state of PostgreSQL and Redis',
  },
  {
    pattern: /^\/(@vite|__vite|@fs|@id|node_modules\/|assets\/)/,
    reason: 'Vite and built assets: static files, the same for everybody',
  },
  {
    pattern: /^\/__transmit\//,
    reason: "Transmit's transport (stream, subscribe): channel access is authorized per channel",
  },
]

/** HEAD runs the GET handler and sends no body: walking GET covers it. */
const SKIPPED_METHODS = new Set(['HEAD', 'OPTIONS'])

export interface WalkableRoute {
  name: string | null
  pattern: string
  methods: string[]
  params: string[]
  matchers: RouteJSON['matchers']
}

/** Every registered route, with the reason when the walk skips it. */
export function registeredRoutes() {
  const walked: WalkableRoute[] = []
  const skipped: Array<{ pattern: string; reason: string }> = []
  for (const routes of Object.values(router.toJSON())) {
    for (const route of routes) {
      const rule = SKIPPED_ROUTES.find(({ pattern }) => pattern.test(route.pattern))
      if (rule) {
        skipped.push({ pattern: route.pattern, reason: rule.reason })
        continue
      }
      walked.push({
        name: route.name ?? null,
        pattern: route.pattern,
        methods: route.methods.filter((method) => !SKIPPED_METHODS.has(method)),
        params: paramsOf(route.pattern),
        matchers: route.matchers,
      })
    }
  }
  return { walked, skipped }
}

function paramsOf(pattern: string) {
  return pattern
    .split('/')
    .filter((segment) => segment.startsWith(':') || segment === '*')
    .map((segment) => (segment === '*' ? '*' : segment.slice(1).replace(/\?$/, '')))
}

function urlFor(pattern: string, values: Record<string, string>) {
  return pattern
    .split('/')
    .map((segment) => {
      if (segment === '*') return encodeURIComponent(values['*'])
      if (!segment.startsWith(':')) return segment
      return encodeURIComponent(values[segment.slice(1).replace(/\?$/, '')])
    })
    .join('/')
}

const isApiRoute = (pattern: string) => pattern === '/api' || pattern.startsWith('/api/')

/* ------------------------------------------------------------------------
| Tenants and actors
*/

export interface SeededTenant {
  organization: Organization
  members: Record<Role, { user: User; membership: Membership }>
  /** One API token per member, for this organization. */
  tokens: Record<Role, { id: number; name: string; value: string }>
}

let sequence = 0

/**
 * An organization with one member of each role and a record in every
 * table the core has: pending invitation, API and "remember me" tokens,
 * password reset links, plugin choices (whose listeners add their own
 * rows). Every name starts with `label`, so the label is a marker.
 *
 * When an issue adds a tenant-owned table (tickets, comments, …), create a
 * few of its rows here: both organizations get them, the walker then uses
 * B's ids as route parameters and fingerprints them, unchanged.
 */
export async function seedTenant(label: string): Promise<SeededTenant> {
  const tag = `${process.pid}-${++sequence}`
  const handle = label.toLowerCase().replace(/[^a-z0-9]+/g, '-')
  const organization = await Organization.create({
    name: `${label} Org ${tag}`,
    slug: `${handle}-tenant-${tag}`,
    timeZone: 'UTC',
  })

  const members = {} as SeededTenant['members']
  const tokens = {} as SeededTenant['tokens']
  for (const role of ROLES) {
    const user = await User.create({
      email: `${handle}-${role}-${tag}@example.test`,
      fullName: `${label} ${role[0].toUpperCase()}${role.slice(1)} ${tag}`,
      password: PASSWORD,
    })
    const membership = await Membership.create({
      userId: user.id,
      organizationId: organization.id,
      role,
    })
    members[role] = { user, membership }
    tokens[role] = await CreateAccessToken.handle({
      user,
      organization,
      name: `${label} token of the ${role} ${tag}`,
    })
    await User.rememberMeTokens.create(user, '30 days')
    await PasswordResetToken.create({
      userId: user.id,
      tokenHash: newSecretToken().hash,
      expiresAt: DateTime.now().plus({ hours: 1 }),
    })
  }

  await Invitation.create({
    organizationId: organization.id,
    email: `${handle}-invitee-${tag}@example.test`,
    role: 'agent',
    tokenHash: newSecretToken().hash,
    invitedById: members.admin.user.id,
    expiresAt: DateTime.now().plus({ days: 7 }),
  })

  for (const plugin of plugins.active()) {
    await SetPluginEnabled.handle(organization, plugin, true, SYSTEM_ACTOR)
  }

  return { organization, members, tokens }
}

/**
 * Organization A (whose people act) and organization B (whose records they
 * must never reach). Every id sequence is moved past every existing id
 * before and after B is made, so B's ids are taken by no row of A, in any
 * table, not even by rows the walk itself creates: a route that finds
 * "record 42" of A when given B's 42 would only blur the walk.
 */
export async function seedTenantPair() {
  const a = await seedTenant('Aurora')
  await moveSequencesPastEveryId()
  const b = await seedTenant('Borealis-Secret')
  await moveSequencesPastEveryId()
  return { a, b }
}

async function moveSequencesPastEveryId() {
  const { rows } = await db.rawQuery(
    `SELECT schemaname, sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema()`
  )
  const sequences = rows as Array<{
    schemaname: string
    sequencename: string
    last_value: string | null
  }>
  const highest = Math.max(1, ...sequences.map((row) => Number(row.last_value ?? 0)))
  for (const row of sequences) {
    await db.rawQuery('SELECT setval(?::regclass, ?)', [
      `"${row.schemaname}"."${row.sequencename}"`,
      highest,
    ])
  }
}

export interface Actor {
  name: string
  kind: 'guest' | 'web' | 'api'
  sign(request: ApiRequest): ApiRequest
}

/**
 * A visitor, each member of the organization signed in (session), and each
 * member's API token (walked on /api routes only).
 */
export function actorsOf(tenant: SeededTenant): Actor[] {
  return [
    { name: 'guest', kind: 'guest', sign: (request) => request },
    ...ROLES.map(
      (role): Actor => ({
        name: role,
        kind: 'web',
        sign: (request) => request.loginAs(tenant.members[role].user),
      })
    ),
    ...ROLES.map(
      (role): Actor => ({
        name: `${role} (API token)`,
        kind: 'api',
        sign: (request) => request.bearerToken(tenant.tokens[role].value),
      })
    ),
  ]
}

/* ------------------------------------------------------------------------
| What organization B has: candidates, markers, fingerprint
*/

interface TableColumn {
  table_name: string
  column_name: string
}

async function columns(names: string[]) {
  const { rows } = await db.rawQuery(
    `SELECT c.table_name, c.column_name
       FROM information_schema.columns c
       JOIN information_schema.tables t
         ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema()
        AND t.table_type = 'BASE TABLE'
        AND c.column_name IN (${names.map(() => '?').join(', ')})
      ORDER BY c.table_name, c.column_name`,
    names
  )
  return rows as TableColumn[]
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`
const integers = (values: Array<number | string>) =>
  values.map((value) => {
    if (!/^\d+$/.test(String(value))) throw new Error(`not an id: ${value}`)
    return String(value)
  })

interface TargetState {
  organizationId: number
  markers: string[]
  /** Candidate values for route parameters, by source (a table, or "organizations.slug"). */
  sources: Array<{ source: string; values: string[] }>
  fingerprintSql: string
  firstIds: { membership?: string; user?: string }
}

async function describeTarget(organizationId: number, extraMarkers: string[]) {
  const [orgId] = integers([organizationId])
  const organization = await db.from('organizations').where('id', organizationId).first()
  if (!organization) throw new Error(`organization ${organizationId} does not exist`)

  const ownOnlyUsers = await db
    .from('users')
    .whereIn(
      'id',
      db.from('memberships').where('organization_id', organizationId).select('user_id')
    )
    .whereNotIn(
      'id',
      db.from('memberships').whereNot('organization_id', organizationId).select('user_id')
    )
    .orderBy('id')
    .select('id', 'email', 'full_name')
  const userIds = integers(ownOnlyUsers.map((user) => user.id))
  const userList = userIds.length > 0 ? userIds.join(', ') : 'NULL'

  const invitations = await db.from('invitations').where('organization_id', organizationId)
  const tokens = await db
    .from('auth_access_tokens')
    .where('organization_id', organizationId)
    .whereNotNull('name')
  const markers = [
    organization.name,
    ...ownOnlyUsers.flatMap((user) => [user.email, user.full_name]),
    ...invitations.map((invitation) => invitation.email),
    ...tokens.map((token) => token.name),
    ...extraMarkers,
  ].filter((marker): marker is string => typeof marker === 'string' && marker.length >= 8)

  const tenantColumns = await columns(['organization_id'])
  const tablesWithId = await columns(['id'])
  const idColumns = new Set(tablesWithId.map((column) => column.table_name))
  const userColumns = await columns(['user_id', 'tokenable_id'])

  const sources: TargetState['sources'] = []
  for (const { table_name: table } of tenantColumns) {
    if (!idColumns.has(table)) continue
    const rows = await db
      .from(table)
      .where('organization_id', organizationId)
      .orderBy('id')
      .limit(50)
      .select('id')
    sources.push({ source: table, values: rows.map((row) => String(row.id)) })
  }
  sources.push({ source: 'users', values: userIds })
  sources.push({ source: 'organizations', values: [orgId] })
  sources.push({ source: 'organizations.slug', values: [String(organization.slug)] })

  const digest = `md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest`
  const parts = [
    `SELECT 'organizations' AS source, ${digest} FROM "organizations" t WHERE t.id = ${orgId}`,
    ...tenantColumns.map(
      ({ table_name: table }) =>
        `SELECT '${table}' AS source, ${digest} FROM ${quote(table)} t WHERE t.organization_id = ${orgId}`
    ),
    `SELECT 'users' AS source, ${digest} FROM "users" t WHERE t.id IN (${userList})`,
    ...userColumns.map(
      ({ table_name: table, column_name: column }) =>
        `SELECT '${table}.${column}' AS source, ${digest} FROM ${quote(table)} t WHERE t.${quote(column)} IN (${userList})`
    ),
  ]

  const state: TargetState = {
    organizationId,
    markers,
    sources,
    fingerprintSql: parts.join('\nUNION ALL\n'),
    firstIds: {
      membership: sources.find((entry) => entry.source === 'memberships')?.values[0],
      user: userIds[0],
    },
  }
  return state
}

type Fingerprint = Record<string, string>

async function fingerprint(state: TargetState): Promise<Fingerprint> {
  const { rows } = await db.rawQuery(state.fingerprintSql)
  return Object.fromEntries(
    (rows as Array<{ source: string; digest: string }>).map((row) => [row.source, row.digest])
  )
}

/**
 * A digest of every row of organization B, by table: the walker compares it
 * before and after each request. Exported so a test can show it notices a
 * change.
 */
export async function fingerprintOf(organizationId: number) {
  return fingerprint(await describeTarget(organizationId, []))
}

function changedSources(before: Fingerprint, after: Fingerprint) {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  return [...keys].filter((key) => before[key] !== after[key]).sort()
}

/** Preferred order of candidate sources; the other tables follow by name. */
const PREFERRED_SOURCES = [
  'memberships',
  'users',
  'organizations',
  'organizations.slug',
  'auth_access_tokens',
  'invitations',
]

/**
 * At most `limit` distinct values of B for one route parameter, taken in
 * turn from each source: the table the parameter's name points at first
 * (`ticketId`, `ticket_id`, `ticket` → tickets), then memberships, users,
 * the organization's id and slug, tokens, invitations, and every other
 * table with an organization_id. Values a route matcher refuses are left
 * out.
 */
function candidatesFor(
  param: string,
  state: TargetState,
  matcher: RouteJSON['matchers'][string] | undefined,
  limit: number
) {
  const stem = param
    .replace(/(_id|Id)$/, '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
  const hinted = (source: string) =>
    param !== 'id' && [stem, `${stem}s`, `${stem}es`].includes(source.replace(/\.slug$/, ''))
  const rank = (source: string) => {
    if (hinted(source)) return -1
    const index = PREFERRED_SOURCES.indexOf(source)
    return index === -1 ? PREFERRED_SOURCES.length : index
  }
  const ordered = [...state.sources].sort(
    (left, right) =>
      rank(left.source) - rank(right.source) || left.source.localeCompare(right.source)
  )

  const picked: string[] = []
  const longest = Math.max(0, ...ordered.map((entry) => entry.values.length))
  for (let round = 0; round < longest && picked.length < limit; round++) {
    for (const { values } of ordered) {
      const value = values[round]
      if (value === undefined || picked.includes(value)) continue
      if (matcher?.match && !matcher.match.test(value)) continue
      picked.push(value)
      if (picked.length >= limit) break
    }
  }
  return picked
}

/**
 * A form a mutating route would accept if it were unscoped, so a missing
 * scope would really change something. Values are neutral (no marker of
 * B), so a page that echoes its input does not look like a leak; the
 * identifiers in it are B's.
 */
function probeBody(state: TargetState, value: string | undefined) {
  return {
    id: value ?? state.firstIds.membership ?? '',
    organization_id: String(state.organizationId),
    membership_id: state.firstIds.membership ?? '',
    user_id: state.firstIds.user ?? '',
    role: 'admin',
    enabled: 'false',
    name: 'Walker probe',
    full_name: 'Walker Probe',
    email: 'walker-probe@example.test',
    locale: 'en',
    time_zone: 'UTC',
    current_password: PASSWORD,
    password: 'walker probe password',
    password_confirmation: 'walker probe password',
    subject: 'Walker probe',
    body: 'Walker probe',
    message: 'Walker probe',
    greeting: 'Walker probe',
  }
}

/* ------------------------------------------------------------------------
| The walk
*/

export interface WalkViolation {
  method: string
  url: string
  actor: string
  status: number
  reason: string
}

export interface WalkRequest {
  route: string
  method: string
  url: string
  actor: string
  status: number
  location?: string
  /** The route has parameters, all filled with B's identifiers. */
  pointsAtOther: boolean
  /** A query of the request failed (the walker undid the request's writes to go on). */
  queryError?: boolean
}

export interface WalkReport {
  routes: WalkableRoute[]
  skipped: Array<{ pattern: string; reason: string }>
  requests: WalkRequest[]
  violations: WalkViolation[]
  /** Requests at B's records answered 403 (ARCHITECTURE.md wants 404). */
  forbidden: WalkRequest[]
  /** Requests at B's records answered with neither 404, 405, 410, 401 (API) nor a redirect to sign in. */
  otherStatuses: WalkRequest[]
  markers: string[]
  durationMs: number
}

export interface WalkOptions {
  client: ApiClient
  actors: Actor[]
  /** Organization B: the one nobody of the actors' organization may reach. */
  target: { organizationId: number; extraMarkers?: string[] }
  /** Walk only these route names. */
  only?: string[]
  /** Route names left out (absent names are fine). */
  exclude?: string[]
  /** Distinct values tried per route parameter. */
  candidatesPerParam?: number
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const SAVEPOINT = 'route_walker_request'

function expectedAtOthersRecord(request: WalkRequest, actor: Actor) {
  if ([404, 405, 410].includes(request.status)) return true
  if (request.status === 401 && isApiRoute(request.url)) return true
  return (
    actor.kind === 'guest' &&
    request.status === 302 &&
    /^\/login(\?|$)/.test(request.location ?? '')
  )
}

function textOf(response: ApiResponse) {
  let session = ''
  try {
    session = JSON.stringify(response.sessionBag ?? {})
  } catch {
    session = ''
  }
  return [response.text(), JSON.stringify(response.headers()), session].join('\n')
}

export async function walkRoutes(options: WalkOptions): Promise<WalkReport> {
  const started = performance.now()
  const limit = options.candidatesPerParam ?? 6
  const state = await describeTarget(
    options.target.organizationId,
    options.target.extraMarkers ?? []
  )
  const { walked, skipped } = registeredRoutes()
  const routes = walked.filter(
    (route) =>
      (!options.only || options.only.includes(route.name ?? '')) &&
      !(options.exclude ?? []).includes(route.name ?? '')
  )

  const report: WalkReport = {
    routes,
    skipped,
    requests: [],
    violations: [],
    forbidden: [],
    otherStatuses: [],
    markers: state.markers,
    durationMs: 0,
  }

  const inTransaction = db.connectionGlobalTransactions.size > 0
  let baseline = await fingerprint(state)
  let mailsSeen = mailbox.all().length
  for (const route of routes) {
    const candidates = Object.fromEntries(
      route.params.map((param) => [
        param,
        candidatesFor(param, state, route.matchers[param], limit),
      ])
    )
    const rounds = Math.max(1, ...Object.values(candidates).map((values) => values.length))
    const pointsAtOther = route.params.length > 0
    if (route.params.some((param) => candidates[param].length === 0)) {
      report.violations.push({
        method: route.methods.join('|'),
        url: route.pattern,
        actor: '-',
        status: 0,
        reason: 'no identifier of B fits its parameters, so the walk could not test it',
      })
      continue
    }

    for (const method of route.methods) {
      for (const actor of options.actors) {
        if (actor.kind === 'api' && !isApiRoute(route.pattern)) continue
        for (let round = 0; round < rounds; round++) {
          const values = Object.fromEntries(
            route.params.map((param) => [
              param,
              candidates[param][round % candidates[param].length],
            ])
          )
          const path = urlFor(route.pattern, values)
          const url = `${path}?organization_id=${state.organizationId}`
          let request = actor.sign(options.client.request(url, method)).redirects(0)
          if (MUTATING.has(method)) {
            const body = probeBody(state, Object.values(values)[0])
            request = isApiRoute(route.pattern)
              ? request.json(body)
              : request.withCsrfToken().form(body)
          }
          if (inTransaction) await db.rawQuery(`SAVEPOINT ${SAVEPOINT}`)
          const response = await request

          const entry: WalkRequest = {
            route: route.name ?? route.pattern,
            method,
            url: path,
            actor: actor.name,
            status: response.status(),
            location: response.header('location'),
            pointsAtOther,
          }
          report.requests.push(entry)
          const violation = (reason: string) =>
            report.violations.push({
              method,
              url: path,
              actor: actor.name,
              status: entry.status,
              reason,
            })

          const text = textOf(response)
          const shown = state.markers.filter((marker) => text.includes(marker))
          if (shown.length > 0) {
            violation(`the response shows B's ${shown.map((marker) => `"${marker}"`).join(', ')}`)
          }

          const mails = mailbox.all()
          const newMails = mails.slice(Math.min(mailsSeen, mails.length))
          mailsSeen = mails.length
          const mailText = JSON.stringify(
            newMails.map((mail) => [mail.to, mail.cc, mail.subject, mail.text, mail.html])
          )
          const mailed = state.markers.filter((marker) => mailText.includes(marker))
          if (mailed.length > 0) {
            violation(
              `a mail it sent shows B's ${mailed.map((marker) => `"${marker}"`).join(', ')}`
            )
          }

          // A query error of the request (an id that is not an integer, …)
          // aborts the test's global transaction: undo that request alone.
          let after: Fingerprint
          try {
            after = await fingerprint(state)
            if (inTransaction) await db.rawQuery(`RELEASE SAVEPOINT ${SAVEPOINT}`)
          } catch (error) {
            if (!inTransaction || (error as { code?: string }).code !== '25P02') throw error
            await db.rawQuery(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`)
            await db.rawQuery(`RELEASE SAVEPOINT ${SAVEPOINT}`)
            entry.queryError = true
            after = await fingerprint(state)
          }
          const changed = changedSources(baseline, after)
          if (changed.length > 0) {
            violation(`B's rows changed in ${changed.join(', ')}`)
            baseline = after
          }

          if (pointsAtOther && !expectedAtOthersRecord(entry, actor)) {
            if (entry.status === 403) report.forbidden.push(entry)
            else report.otherStatuses.push(entry)
          }
        }
      }
    }
  }

  report.durationMs = Math.round(performance.now() - started)
  return report
}

/* ------------------------------------------------------------------------
| Reporting
*/

export function summarize(report: WalkReport) {
  const actors = new Set(report.requests.map((request) => request.actor)).size
  return (
    `cross-tenant walk: ${report.routes.length} routes × ${actors} actors → ` +
    `${report.requests.length} requests in ${(report.durationMs / 1000).toFixed(1)} s, ` +
    `${report.violations.length} violations, ${report.forbidden.length} 403s at B's records, ` +
    `${report.requests.filter((request) => request.queryError).length} failed queries ` +
    `(${report.skipped.length} routes skipped)`
  )
}

export function formatViolations(violations: WalkViolation[], max = 40) {
  const lines = violations
    .slice(0, max)
    .map((v) => `  ${v.method} ${v.url} as ${v.actor} → ${v.status}: ${v.reason}`)
  if (violations.length > max) lines.push(`  … and ${violations.length - max} more`)
  return lines.join('\n')
}

/** Requests grouped by route, method, actor and status, one line each. */
export function formatRequests(requests: WalkRequest[]) {
  const groups = new Map<string, number>()
  for (const request of requests) {
    const location = request.location ? ` → ${request.location}` : ''
    const failed = request.queryError ? ' (query error)' : ''
    const key = `${request.method} ${request.route} as ${request.actor}: ${request.status}${location}${failed}`
    groups.set(key, (groups.get(key) ?? 0) + 1)
  }
  return [...groups].map(([key, count]) => `  ${key} (×${count})`).join('\n')
}
