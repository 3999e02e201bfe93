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
|   access tokens' names, its tickets' subjects, descriptions and
|   categories, its replies' and internal notes' bodies, its attachments'
|   file names and contents);
| - (b) a request after which B's rows are not what they were (a digest of
|   every row of every table with an `organization_id` column, of B's
|   organization row, of the users that belong to B only and of every row
|   pointing at them through `user_id` / `tokenable_id`).
|
| Answers that refuse with 403 where the parameters point at B's records
| are observations, not violations: docs/architecture.md wants 404, but a 403
| given before any lookup (a customer refused the desk) tells nothing.
|
| Tables are found in information_schema, so the records of tables added
| by later issues are candidates and are fingerprinted as soon as
| `seedTenant` (below) gives both organizations some of them (tickets,
| comments, attachments, audit events and ticket counters already are).
|
| Tickets are addressed by their per-organization number ("ATUM-12" or
| "12"), which A has too: `:number` parameters get only numbers of B that
| no other organization has (B gets more tickets than A, and A's counter
| is moved past B's numbers), so a 200 can only be B's ticket.
|
| Routes without parameters (inboxes, lists, the audit trail) are also
| asked with filters that name B: a word of its name as search term and
| actor, its agent as assignee, one of its ticket numbers as subject.
|
*/
import { randomUUID } from 'node:crypto'
import { mkdir, rm, rmdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import drive from '@adonisjs/drive/services/main'
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
import CreateTicket from '#actions/tickets/create_ticket'
import TransitionTicket from '#actions/tickets/transition_ticket'
import AddComment from '#actions/tickets/add_comment'
import AttachFiles from '#actions/attachments/attach_files'
import Ticket, { type TicketStatus } from '#models/ticket'
import type TicketComment from '#models/ticket_comment'
import { TRANSITION_NAMES, type TransitionName } from '#domain/lifecycle'
import plugins from '#services/plugins/main'
import { newSecretToken } from '#domain/secret_token'
import { PASSWORD } from '#tests/helpers/factories'
import { mailbox } from '#tests/helpers/mailbox'
import { storageFolder, uploadedFile } from '#tests/helpers/attachments'
import ActionActor from '#actions/actor'

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
  /** Its tickets, by number (as they ended up, after their story). */
  tickets: Ticket[]
  /** The strings its tickets, comments and files carry (all start with the label). */
  markers: string[]
  /** Where its attachments' files are stored (deleteStoredFiles). */
  storageKeys: string[]
}

/**
 * What the seeded tickets go through, one story per ticket, in turn: every
 * status of the lifecycle, with public replies, internal notes and files
 * on the ticket, on replies and on notes along the way.
 */
export const TICKET_STORIES = [
  'new',
  'accepted',
  'assigned',
  'in_progress',
  'waiting_customer',
  'resolved',
  'closed',
] as const satisfies readonly TicketStatus[]

let sequence = 0

/**
 * An organization with one member of each role and a record in every
 * table the core has: pending invitation, API and "remember me" tokens,
 * password reset links, plugin choices (whose listeners add their own
 * rows), and `tickets` tickets (one story of TICKET_STORIES each, through
 * the real actions, so comments, attachments, audit events and the ticket
 * counter are there too). Every name and text starts with `label`, so the
 * label is a marker.
 *
 * When an issue adds a tenant-owned table, create a few of its rows here:
 * both organizations get them, the walker then uses B's ids as route
 * parameters and fingerprints them, unchanged.
 */
export async function seedTenant(
  label: string,
  options: { tickets?: number } = {}
): Promise<SeededTenant> {
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
    // As ctx.membership has it (visibleTickets reads the organization's settings).
    membership.$setRelated('organization', organization)
    members[role] = { user, membership }
    tokens[role] = await CreateAccessToken.handle(ActionActor.system(), {
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
    await SetPluginEnabled.handle(ActionActor.system(organization), { plugin, enabled: true })
  }

  const { tickets, markers, storageKeys } = await seedTickets(
    label,
    tag,
    members,
    options.tickets ?? TICKET_STORIES.length
  )
  return { organization, members, tokens, tickets, markers, storageKeys }
}

/**
 * `count` tickets of the organization, each through its story with the
 * real actions (CreateTicket, TransitionTicket, AddComment, AttachFiles),
 * as its customer (portal) and its staff. Each text and file name starts
 * with a marker `<label>-<kind>-<tag>-<ordinal>`.
 */
async function seedTickets(
  label: string,
  tag: string,
  members: SeededTenant['members'],
  count: number
) {
  const markers = new Set<string>()
  const secret = (kind: string, ordinal: number) => {
    const marker = `${label}-${kind}-${tag}-${ordinal}`
    markers.add(marker)
    return marker
  }
  const as = (role: Role) => ActionActor.forMember(members[role].membership, members[role].user)

  const uploads = app.tmpPath(`route-walker-uploads-${tag}`)
  await mkdir(uploads, { recursive: true })
  let files = 0
  const storageKeys: string[] = []
  const attach = async (ticket: Ticket, comment: TicketComment | null, role: Role, n: number) => {
    const contents = Buffer.from(`${secret('content', n)} printer log line ${++files}\n`)
    const path = join(uploads, randomUUID())
    await writeFile(path, contents)
    const filename = `${secret('file', n)}-${files}.txt`
    const attachments = await AttachFiles.handle(as(role), {
      ticket,
      comment,
      files: [uploadedFile(path, filename, contents.length)],
    })
    storageKeys.push(...attachments.map((attachment) => attachment.storageKey))
  }

  const tickets: Ticket[] = []
  try {
    for (let index = 0; index < count; index++) {
      const n = index + 1
      const story = TICKET_STORIES[index % TICKET_STORIES.length]
      const reached = (status: TicketStatus) =>
        TICKET_STORIES.indexOf(story) >= TICKET_STORIES.indexOf(status)
      const opener: Role = story === 'accepted' ? 'agent' : 'customer'
      let ticket = await CreateTicket.handle(as(opener), {
        subject: `${secret('subject', n)} printer on floor 2 jammed`,
        description: `${secret('description', n)} It shows error 42 since this morning.`,
        source: opener === 'customer' ? 'portal' : 'desk',
        priority: 'high',
        category: secret('category', n),
      })
      const step = async (transition: TransitionName, role: Role = 'manager') => {
        const assignee = transition === 'assign' ? { assigneeId: members.agent.user.id } : {}
        ticket = await TransitionTicket.handle(as(role), {
          ticket,
          transition,
          ...assignee,
        })
      }
      const comment = (role: Role, kind: 'reply' | 'note' | 'customer-reply') =>
        AddComment.handle(as(role), {
          ticket,
          body: `${secret(kind, n)} We are looking into it.`,
          internal: kind === 'note',
        })

      if (story === 'new') await attach(ticket, null, 'customer', n)
      if (reached('accepted')) await step('accept')
      if (story === 'accepted') await comment('agent', 'note')
      if (reached('assigned')) {
        await step('assign')
        await comment('agent', 'reply')
      }
      if (reached('in_progress')) {
        await step('start', 'agent')
        const note = await comment('agent', 'note')
        await comment('customer', 'customer-reply')
        if (story === 'in_progress') {
          await attach(ticket, note, 'agent', n)
          await attach(ticket, await comment('agent', 'reply'), 'agent', n)
        }
        if (story === 'resolved') await attach(ticket, note, 'agent', n)
        if (story === 'closed') await attach(ticket, await comment('agent', 'reply'), 'agent', n)
      }
      if (story === 'waiting_customer') await step('wait', 'agent')
      if (reached('resolved')) await step('resolve', 'agent')
      if (story === 'closed') await step('close')
      tickets.push(await Ticket.findOrFail(ticket.id))
    }
  } catch (error) {
    // Nobody will be told where they are: the files go now.
    await Promise.all(
      storageKeys.map((key) =>
        drive
          .use()
          .delete(key)
          .catch(() => {})
      )
    )
    throw error
  } finally {
    await rm(uploads, { recursive: true, force: true })
  }
  return { tickets, markers: [...markers], storageKeys }
}

/**
 * Organization A (whose people act) and organization B (whose records they
 * must never reach). Every id sequence is moved past every existing id
 * before and after B is made, so B's ids are taken by no row of A, in any
 * table, not even by rows the walk itself creates: a route that finds
 * "record 42" of A when given B's 42 would only blur the walk.
 *
 * Ticket numbers are per organization: B gets a round of stories more
 * than A, so its numbers above A's highest are its own, and every other
 * organization's counter is moved past B's highest number, so tickets the
 * walk opens in A do not take them either.
 */
export async function seedTenantPair() {
  const a = await seedTenant('Aurora', { tickets: TICKET_STORIES.length })
  await moveSequencesPastEveryId()
  const b = await seedTenant('Borealis-Secret', { tickets: 2 * TICKET_STORIES.length })
  await moveSequencesPastEveryId()
  await moveTicketCountersPast(b.organization.id)
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

/** The counters of every other organization continue after B's highest number. */
async function moveTicketCountersPast(organizationId: number) {
  await db.rawQuery(
    `UPDATE ticket_counters
        SET last_number = GREATEST(last_number,
              (SELECT coalesce(max(number), 0) FROM tickets WHERE organization_id = ?))
      WHERE organization_id <> ?`,
    [organizationId, organizationId]
  )
}

/**
 * Deletes the stored files of the tenants' attachments, those seeded and
 * any the walk added (the rows go with the test's transaction, the files
 * on the disk would stay). Call it before the rollback: the cleanup of a
 * later group.setup runs first. The seeded ones are known without a query,
 * so they go even when a failed query aborted the transaction.
 */
export async function deleteStoredFiles(tenants: SeededTenant[]) {
  const keys = new Set(tenants.flatMap((tenant) => tenant.storageKeys))
  try {
    const rows: Array<{ storage_key: string }> = await db
      .from('attachments')
      .whereIn(
        'organization_id',
        tenants.map((tenant) => tenant.organization.id)
      )
      .select('storage_key')
    for (const { storage_key: key } of rows) keys.add(key)
  } catch {
    // An aborted transaction: the seeded files are still deleted.
  }
  const disk = drive.use()
  const folders = new Set<string>()
  for (const key of keys) {
    await disk.delete(key)
    folders.add(key.split('/')[0])
  }
  // The fs driver leaves the emptied organization folders behind.
  for (const folder of folders) {
    await rmdir(join(storageFolder(), folder)).catch(() => {})
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
  /**
   * Candidate values for route parameters, by source (a table, or
   * "organizations.slug", or "tickets.reference": B's ticket numbers that
   * no other organization has, as "ATUM-n" and "n").
   */
  sources: Array<{ source: string; values: string[] }>
  /** Ticket numbers of the other organizations: never a candidate for a `:number`. */
  takenNumbers: Set<number>
  /** Query strings that point list pages (inbox, search, audit) at B's records. */
  listQueries: string[]
  fingerprintSql: string
  firstIds: Partial<
    Record<'membership' | 'user' | 'agent' | 'ticket' | 'comment' | 'attachment', string>
  >
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
  // What B wrote: pages show it rendered (the markers of seedTenant, at
  // the start of each text, survive that), the API as written.
  const { rows: texts } = await db.rawQuery(
    `SELECT subject AS text FROM tickets WHERE organization_id = ${orgId}
     UNION SELECT description FROM tickets WHERE organization_id = ${orgId}
     UNION SELECT category FROM tickets WHERE organization_id = ${orgId}
     UNION SELECT body FROM ticket_comments WHERE organization_id = ${orgId}
     UNION SELECT filename FROM attachments WHERE organization_id = ${orgId}`
  )
  const markers = [
    ...new Set(
      [
        organization.name,
        ...ownOnlyUsers.flatMap((user) => [user.email, user.full_name]),
        ...invitations.map((invitation) => invitation.email),
        ...tokens.map((token) => token.name),
        ...(texts as Array<{ text: string | null }>).map((row) => row.text),
        ...extraMarkers,
      ].filter((marker): marker is string => typeof marker === 'string' && marker.length >= 8)
    ),
  ]

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

  const taken = await db
    .from('tickets')
    .whereNot('organization_id', organizationId)
    .distinct('number')
  const takenNumbers = new Set(taken.map((row) => Number(row.number)))
  const own = await db
    .from('tickets')
    .where('organization_id', organizationId)
    .orderBy('number')
    .select('number')
  const free = own.map((row) => Number(row.number)).filter((n) => !takenNumbers.has(n))
  // Both forms, alternating, so the first few cover both and many tickets.
  const forms = (n: number) => [Ticket.reference(n), String(n)]
  sources.push({
    source: 'tickets.reference',
    values: [
      ...free.map((n, index) => forms(n)[index % 2]),
      ...free.map((n, index) => forms(n)[(index + 1) % 2]),
    ],
  })

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

  const first = (source: string) => sources.find((entry) => entry.source === source)?.values[0]
  const agent = await db
    .from('memberships')
    .where('organization_id', organizationId)
    .where('role', 'agent')
    .orderBy('id')
    .first()
  // A word of B's name (its texts carry it too, seedTenant): searched
  // for, it is no marker, but any of B's tickets it found would show some.
  const word = /[A-Za-z]{5,}/.exec(String(organization.name))?.[0]
  const listQueries = [
    ...(word ? [new URLSearchParams({ view: 'all', q: word, actor: word }).toString()] : []),
    new URLSearchParams({
      view: 'all',
      assignee: agent ? String(agent.user_id) : (userIds[0] ?? ''),
      subject: free.length > 0 ? Ticket.reference(free[0]) : '',
    }).toString(),
  ]

  const state: TargetState = {
    organizationId,
    markers,
    sources,
    takenNumbers,
    listQueries,
    fingerprintSql: parts.join('\nUNION ALL\n'),
    firstIds: {
      membership: first('memberships'),
      user: userIds[0],
      agent: agent ? String(agent.user_id) : userIds[0],
      ticket: first('tickets'),
      comment: first('ticket_comments'),
      attachment: first('attachments'),
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
  'ticket_comments',
  'attachments',
  'tickets',
  'auth_access_tokens',
  'invitations',
]

/** Parameters that hold a ticket's number, "ATUM-12" or "12". */
const TICKET_NUMBER_PARAMS = new Set(['number', 'reference', 'ticket_number', 'ticket_reference'])

/** Values taken from other sources after those the parameter points at. */
const EXTRA_CANDIDATES = 2

const snake = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase()

/**
 * The sources a parameter points at, most telling first:
 * - a ticket number (`:number`) → B's numbers no other organization has,
 *   in both forms, then B's ticket ids; nothing else, since a number of
 *   A's would legitimately answer;
 * - `:ticketId`, `:ticket_id`, `:ticket` → tickets (also `.slug` columns);
 * - `:id` → the table the path segment before it names
 *   (`/attachments/:id` → attachments, `/comments/:id` →
 *   ticket_comments, `/members/:id` → memberships).
 */
function hintedSources(param: string, previousSegment: string | undefined, state: TargetState) {
  const names = state.sources.map((entry) => entry.source)
  if (TICKET_NUMBER_PARAMS.has(snake(param))) {
    return { hinted: ['tickets.reference', 'tickets'], exclusive: true }
  }
  if (param !== 'id') {
    const stem = snake(param).replace(/_id$/, '')
    const wanted = [stem, `${stem}s`, `${stem}es`]
    return {
      hinted: names.filter((source) => wanted.includes(source.replace(/\.slug$/, ''))),
      exclusive: false,
    }
  }
  const segment = snake(previousSegment ?? '').replaceAll('-', '_')
  if (!segment || segment.startsWith(':')) return { hinted: [], exclusive: false }
  const singular = segment.replace(/s$/, '')
  return {
    hinted: names.filter(
      (source) =>
        source === segment || source.endsWith(`_${segment}`) || source === `${singular}ships`
    ),
    exclusive: false,
  }
}

/**
 * Distinct values of B for one route parameter: first up to `limit` values
 * of the sources the parameter points at (hintedSources), then, up to
 * EXTRA_CANDIDATES more (or `limit` when it points at none), values taken
 * in turn from every other source: memberships, users, the organization's
 * id and slug, comments, attachments, tickets, tokens,
 * invitations, and every other table with an organization_id. Values a
 * route matcher refuses are left out, and so is, for a ticket number, any
 * number another organization has.
 */
function candidatesFor(route: WalkableRoute, param: string, state: TargetState, limit: number) {
  const matcher = route.matchers[param]
  const segments = route.pattern.split('/')
  const position = segments.findIndex(
    (segment) => segment.startsWith(':') && segment.slice(1).replace(/\?$/, '') === param
  )
  const { hinted, exclusive } = hintedSources(param, segments[position - 1], state)
  const numberParam = TICKET_NUMBER_PARAMS.has(snake(param))

  const picked: string[] = []
  const fits = (value: string | undefined): value is string => {
    if (value === undefined || picked.includes(value)) return false
    if (matcher?.match && !matcher.match.test(value)) return false
    if (numberParam) {
      const number = Ticket.parseReference(value)
      if (number !== null && state.takenNumbers.has(number)) return false
    }
    return true
  }
  const valuesOf = (source: string) =>
    state.sources.find((entry) => entry.source === source)?.values ?? []

  for (const source of hinted) {
    for (const value of valuesOf(source)) {
      if (picked.length >= limit) break
      if (fits(value)) picked.push(value)
    }
  }

  const rank = (source: string) => {
    const index = hinted.indexOf(source)
    if (index !== -1) return index - hinted.length
    const preferred = PREFERRED_SOURCES.indexOf(source)
    return preferred === -1 ? PREFERRED_SOURCES.length : preferred
  }
  // Ticket numbers are no ids: they go to the parameters that hold one.
  const others = state.sources
    .filter((entry) =>
      exclusive || entry.source === 'tickets.reference' ? hinted.includes(entry.source) : true
    )
    .sort(
      (left, right) =>
        rank(left.source) - rank(right.source) || left.source.localeCompare(right.source)
    )
  const total = picked.length + (hinted.length > 0 ? EXTRA_CANDIDATES : limit)
  const longest = Math.max(0, ...others.map((entry) => entry.values.length))
  for (let round = 0; round < longest && picked.length < total; round++) {
    for (const { values } of others) {
      if (!fits(values[round])) continue
      picked.push(values[round])
      if (picked.length >= total) break
    }
  }
  return picked
}

/**
 * A form a mutating route would accept if it were unscoped, so a missing
 * scope would really change something. Values are neutral (no marker of
 * B), so a page that echoes its input does not look like a leak; the
 * identifiers in it are B's. The lifecycle step and the kind of comment
 * change from one round to the next, so B's tickets in every status get
 * a step they would allow.
 */
function probeBody(state: TargetState, value: string | undefined, round: number) {
  return {
    id: value ?? state.firstIds.membership ?? '',
    organization_id: String(state.organizationId),
    membership_id: state.firstIds.membership ?? '',
    user_id: state.firstIds.user ?? '',
    ticket_id: state.firstIds.ticket ?? '',
    comment_id: state.firstIds.comment ?? '',
    attachment_id: state.firstIds.attachment ?? '',
    assignee_id: state.firstIds.agent ?? '',
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
    description: 'Walker probe',
    body: 'Walker probe',
    internal: round % 2 === 0 ? 'true' : 'false',
    action: TRANSITION_NAMES[round % TRANSITION_NAMES.length],
    priority: 'low',
    category: 'Walker probe',
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
  /** Requests at B's records answered 403 (docs/architecture.md wants 404). */
  forbidden: WalkRequest[]
  /** Requests at B's records answered with neither 404, 405, 410, 401 (API) nor a redirect to sign in. */
  otherStatuses: WalkRequest[]
  markers: string[]
  /** The values each parameter of each walked route was given, by route. */
  candidates: Record<string, Record<string, string[]>>
  /** Mails sent during the walk (all checked for B's markers). */
  mails: number
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
  /**
   * Values tried per route parameter from the sources it points at (a
   * ticket number: B's tickets; `/attachments/:id`: B's attachments), plus
   * EXTRA_CANDIDATES from others; or values in all, when it points at none.
   */
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
  const limit = options.candidatesPerParam ?? 8
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
    candidates: {},
    mails: 0,
    durationMs: 0,
  }

  const inTransaction = db.connectionGlobalTransactions.size > 0
  let baseline = await fingerprint(state)
  // Mails the seeding queued (listeners, sendLater) belong to no request.
  await mailbox.settled()
  const mailsBefore = mailbox.all().length
  let mailsSeen = mailsBefore
  const checkMails = async (violation: (reason: string) => void) => {
    await mailbox.settled()
    const mails = mailbox.all()
    const newMails = mails.slice(Math.min(mailsSeen, mails.length))
    mailsSeen = mails.length
    const mailText = JSON.stringify(
      newMails.map((mail) => [mail.to, mail.cc, mail.subject, mail.text, mail.html])
    )
    const mailed = state.markers.filter((marker) => mailText.includes(marker))
    if (mailed.length > 0) {
      violation(`a mail it sent shows B's ${mailed.map((marker) => `"${marker}"`).join(', ')}`)
    }
  }

  for (const route of routes) {
    const candidates = Object.fromEntries(
      route.params.map((param) => [param, candidatesFor(route, param, state, limit)])
    )
    report.candidates[`${route.methods.join('|')} ${route.pattern}`] = candidates
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
      // A list is also asked for B's records through its filters.
      const filters = method === 'GET' && route.params.length === 0 ? state.listQueries : []
      for (const actor of options.actors) {
        if (actor.kind === 'api' && !isApiRoute(route.pattern)) continue
        for (let round = 0; round < rounds + filters.length; round++) {
          const values = Object.fromEntries(
            route.params.map((param) => [
              param,
              candidates[param][round % candidates[param].length],
            ])
          )
          const filter = round < rounds ? '' : filters[round - rounds]
          const path = urlFor(route.pattern, values) + (filter ? `?${filter}` : '')
          const url = `${path}${filter ? '&' : '?'}organization_id=${state.organizationId}`
          let request = actor.sign(options.client.request(url, method)).redirects(0)
          if (MUTATING.has(method)) {
            const body = probeBody(state, Object.values(values)[0], round)
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

          await checkMails(violation)

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

  // A mail sent after its answer (a listener, a queue) is still checked.
  await new Promise((resolve) => setTimeout(resolve, 200))
  await checkMails((reason) =>
    report.violations.push({ method: '-', url: '-', actor: '-', status: 0, reason })
  )
  report.mails = mailbox.all().length - mailsBefore

  // Had the walk given A one of the numbers it tried, A's own ticket would
  // have answered: the walk would prove nothing for that number.
  const tried = new Set<number>()
  for (const params of Object.values(report.candidates)) {
    for (const [param, values] of Object.entries(params)) {
      if (!TICKET_NUMBER_PARAMS.has(snake(param))) continue
      for (const value of values) {
        const number = Ticket.parseReference(value)
        if (number !== null) tried.add(number)
      }
    }
  }
  if (tried.size > 0) {
    const clashes = await db
      .from('tickets')
      .whereNot('organization_id', state.organizationId)
      .whereIn('number', [...tried])
      .select('organization_id', 'number')
    for (const clash of clashes) {
      report.violations.push({
        method: '-',
        url: '-',
        actor: '-',
        status: 0,
        reason: `organization ${clash.organization_id} has a ticket ${Ticket.reference(clash.number)} too: the walk at B's number proves nothing (move the counters past B's numbers)`,
      })
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
    `${report.markers.length} markers of B, ${report.mails} mails checked, ` +
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
