import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Membership, { type Role } from '#models/membership'
import type Organization from '#models/organization'
import Ticket, {
  TICKET_STATUSES,
  type TicketPriority,
  type TicketSource,
  type TicketStatus,
} from '#models/ticket'
import CreateUser from '#actions/users/create_user'
import { renderMarkdown } from '#domain/markdown'
import { appendAuditEvent } from '#services/audit/audit_trail'
import Actor from '#actions/actor'
import {
  FIRST_NAMES,
  GENERIC_FOLLOW_UPS,
  GENERIC_NOTES,
  LAST_NAMES,
  SLOTS,
  TOPICS,
  type Topic,
} from '#database/generators/ticket_vocabulary'

/**
 * Fills an organization with realistic tickets and conversations, fast
 * enough for 100,000 tickets in a few minutes: rows are built in memory and
 * written with multi-row INSERTs, one transaction per batch of tickets that
 * also takes their numbers from the organization's ticket_counters (so
 * numbers stay gap-free and continue the existing ones, and a stopped run
 * leaves only whole batches). Used by `node ace atum:generate` and the demo
 * seed.
 *
 * It bypasses the actions on purpose: one audit event per generated ticket
 * through the hash chain would be slow, so a run appends ONE event
 * `tickets.generated` {count, comments, first, last}; and it emits no
 * `ticket:*` events, so generating sends no mail and no live updates.
 */

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** Rows per INSERT statement (well under PostgreSQL's 65,535 parameters). */
const ROWS_PER_STATEMENT = 1000

export interface TicketScript {
  /** Key of a topic of the vocabulary, for its replies and notes. */
  topic?: string
  subject: string
  description: string
  status?: TicketStatus
  priority?: TicketPriority
  category?: string | null
  tags?: string[]
  source?: TicketSource
  requesterId?: number
  createdAt?: Date
  /** Number of comments, instead of the run's. */
  comments?: number
}

export interface GenerateOptions {
  tickets: number
  /** Comments on each ticket, or a range to draw from. */
  commentsPerTicket: number | { min: number; max: number }
  /** Tickets are created over the last `days` days, oldest first. Default 180. */
  days?: number
  /**
   * Statuses in creation order (repeated when shorter than `tickets`).
   * Default: drawn by age, so old tickets are mostly closed and recent
   * ones still open.
   */
  statuses?: TicketStatus[]
  /** Tickets scripted in full, written first (the demo's ATUM-1). */
  scripted?: TicketScript[]
  /** Seed of the random choices, for a reproducible run. */
  seed?: number
  now?: Date
  /** Tickets per transaction. Default 1000. */
  batchSize?: number
  /** Who the run's audit event names; the system by default. */
  actor?: Actor
  onProgress?: (done: number, total: number) => void
}

export interface GenerateResult {
  tickets: number
  comments: number
  firstNumber: number | null
  lastNumber: number | null
  /** People created because the organization had no customers or staff. */
  createdUsers: string[]
  durationMs: number
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function createRandom(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let value = state
    value = Math.imul(value ^ (value >>> 15), value | 1)
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61)
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296
  }
}
type Random = () => number

const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]

function weighted<T>(random: Random, entries: ReadonlyArray<readonly [T, number]>): T {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0)
  let roll = random() * total
  for (const [value, weight] of entries) {
    roll -= weight
    if (roll < 0) return value
  }
  return entries[entries.length - 1][0]
}

const between = (random: Random, min: number, max: number) => min + random() * (max - min)

/**
 * A template with its {slots} filled. `chosen` keeps one ticket's values, so
 * its subject, description and replies name the same app, office, laptop.
 */
function fill(random: Random, template: string, chosen: Map<string, string>) {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const slot = SLOTS[name]
    if (!slot) return whole
    let value = chosen.get(name)
    if (value === undefined) {
      value = typeof slot === 'function' ? slot(random()) : pick(random, slot)
      chosen.set(name, value)
    }
    return value
  })
}

const TOPIC_WEIGHTS = TOPICS.map((topic) => [topic, topic.weight] as const)
const PRIORITY_WEIGHTS = [
  ['low', 20],
  ['normal', 55],
  ['high', 18],
  ['urgent', 7],
] as const satisfies ReadonlyArray<readonly [TicketPriority, number]>
const SOURCE_WEIGHTS = [
  ['portal', 50],
  ['email', 30],
  ['desk', 12],
  ['api', 8],
] as const satisfies ReadonlyArray<readonly [TicketSource, number]>
const EXTRA_TAGS = ['vip', 'follow-up', 'known-issue', 'remote', 'urgent-request']

/**
 * Status weights by the ticket's age (in the order of TICKET_STATUSES):
 * recent tickets are still being worked on, older ones mostly closed.
 */
const STATUS_BY_AGE: Array<{ maxAgeDays: number; weights: number[] }> = [
  { maxAgeDays: 1, weights: [30, 10, 15, 25, 10, 10, 0] },
  { maxAgeDays: 7, weights: [6, 4, 8, 20, 12, 30, 20] },
  { maxAgeDays: 30, weights: [1, 1, 2, 5, 5, 16, 70] },
  { maxAgeDays: Infinity, weights: [0.2, 0.2, 0.5, 1.5, 1.5, 2, 94] },
]

function statusForAge(random: Random, ageMs: number): TicketStatus {
  const { weights } = STATUS_BY_AGE.find((band) => ageMs <= band.maxAgeDays * DAY)!
  return weighted(
    random,
    TICKET_STATUSES.map((status, index) => [status, weights[index]] as const)
  )
}

/** Statuses in which an assignee works on the ticket (and answers publicly). */
const WORKED: readonly TicketStatus[] = ['in_progress', 'waiting_customer', 'resolved', 'closed']
const ASSIGNED: readonly TicketStatus[] = ['assigned', ...WORKED]

interface Person {
  id: number
  firstName: string
}

interface People {
  customers: Person[]
  /** Agents and managers: the assignees. */
  staff: Person[]
}

/** Rendered HTML per distinct text: templates repeat, renders need not. */
class HtmlCache {
  #cache = new Map<string, string>()

  render(markdown: string) {
    let html = this.#cache.get(markdown)
    if (html === undefined) {
      // Bounded: an organization with thousands of people makes many greetings.
      if (this.#cache.size > 50_000) this.#cache.clear()
      html = renderMarkdown(markdown)
      this.#cache.set(markdown, html)
    }
    return html
  }
}

type CommentRole = 'staff' | 'customer' | 'note'

interface PlannedComment {
  role: CommentRole
  authorId: number
  body: string
  at: number
}

interface PlannedTicket {
  subject: string
  description: string
  status: TicketStatus
  priority: TicketPriority
  category: string | null
  tags: string[]
  source: TicketSource
  requesterId: number
  assigneeId: number | null
  createdAt: number
  updatedAt: number
  firstResponseAt: number | null
  resolvedAt: number | null
  closedAt: number | null
  comments: PlannedComment[]
}

/**
 * Who writes each comment. Before anyone works on the ticket only the
 * customer (follow-ups) and staff (internal triage notes) write; once
 * worked on, the first comment is the first public staff reply, then the
 * conversation alternates with notes in between, and a ticket waiting on
 * the customer, resolved or closed ends on a staff reply (a customer's
 * reply would have reopened it).
 */
function commentRoles(random: Random, status: TicketStatus, count: number): CommentRole[] {
  const roles: CommentRole[] = []
  if (!WORKED.includes(status)) {
    for (let index = 0; index < count; index++) roles.push(random() < 0.5 ? 'note' : 'customer')
    return roles
  }
  let lastPublic: CommentRole = 'customer'
  for (let index = 0; index < count; index++) {
    if (index > 0 && random() < 0.25) {
      roles.push('note')
      continue
    }
    lastPublic = lastPublic === 'staff' ? 'customer' : 'staff'
    roles.push(lastPublic)
  }
  if (status !== 'in_progress' && lastPublic === 'customer') {
    roles[roles.lastIndexOf('customer')] = 'staff'
  }
  return roles
}

function planTicket(
  random: Random,
  people: People,
  createdAt: number,
  now: number,
  status: TicketStatus,
  commentCount: number,
  script?: TicketScript
): PlannedTicket {
  const topic: Topic =
    TOPICS.find((candidate) => candidate.key === script?.topic) ?? weighted(random, TOPIC_WEIGHTS)
  const chosen = new Map<string, string>()
  const subject = script?.subject ?? fill(random, pick(random, topic.subjects), chosen)
  const description = script?.description ?? fill(random, pick(random, topic.descriptions), chosen)
  const requester = script?.requesterId
    ? (people.customers.find((person) => person.id === script.requesterId) ?? {
        id: script.requesterId,
        firstName: 'there',
      })
    : pick(random, people.customers)
  const assignee = ASSIGNED.includes(status) ? pick(random, people.staff) : null
  const triager = pick(random, people.staff)

  // Offsets from creation; squeezed below if they would pass `now`.
  const acceptedAt = between(random, 5 * MINUTE, 4 * HOUR)
  const assignedAt = acceptedAt + between(random, MINUTE, 2 * HOUR)
  const roles = commentRoles(random, status, commentCount)
  const offsets: number[] = []
  let clock = WORKED.includes(status) ? assignedAt : 0
  for (const role of roles) {
    clock +=
      role === 'note'
        ? between(random, 5 * MINUTE, 3 * HOUR)
        : between(random, 20 * MINUTE, role === 'staff' ? 8 * HOUR : 30 * HOUR)
    offsets.push(clock)
  }
  const lastActivity = offsets.length > 0 ? offsets[offsets.length - 1] : 0
  let resolvedAt: number | null = null
  let closedAt: number | null = null
  if (status === 'resolved' || status === 'closed') {
    resolvedAt = Math.max(lastActivity, assignedAt) + between(random, 10 * MINUTE, 4 * HOUR)
    if (status === 'closed') closedAt = resolvedAt + between(random, DAY, 5 * DAY)
  }
  const transitionAt = status === 'new' ? 0 : status === 'accepted' ? acceptedAt : assignedAt
  const latest = Math.max(lastActivity, transitionAt, resolvedAt ?? 0, closedAt ?? 0)
  const budget = Math.max(now - createdAt - MINUTE, 0)
  // A young ticket's story is squeezed into part of its age, not up to `now`.
  const scale = latest > budget ? (budget * between(random, 0.2, 0.95)) / latest : 1
  const at = (offset: number) => Math.round(createdAt + offset * scale)

  const staffReplies = WORKED.includes(status) ? roles.filter((role) => role === 'staff').length : 0
  let staffSeen = 0
  const comments = roles.map((role, index): PlannedComment => {
    if (role === 'note') {
      const body = fill(
        random,
        random() < 0.7 ? pick(random, topic.notes) : pick(random, GENERIC_NOTES),
        chosen
      )
      return { role, authorId: (assignee ?? triager).id, body, at: at(offsets[index]) }
    }
    if (role === 'customer') {
      const source = random() < 0.7 ? topic.followUps : GENERIC_FOLLOW_UPS
      return {
        role,
        authorId: requester.id,
        body: fill(random, pick(random, source), chosen),
        at: at(offsets[index]),
      }
    }
    staffSeen++
    const last = staffSeen === staffReplies
    const templates =
      last && (status === 'resolved' || status === 'closed')
        ? topic.resolutions
        : last && status === 'waiting_customer'
          ? topic.questions
          : random() < 0.6
            ? topic.replies
            : topic.questions
    const body = `Hi ${requester.firstName},\n\n${fill(random, pick(random, templates), chosen)}`
    return { role, authorId: (assignee ?? triager).id, body, at: at(offsets[index]) }
  })

  const firstStaff = comments.find((comment) => comment.role === 'staff')
  const tags = [...topic.tags]
  if (random() < 0.15) tags.push(pick(random, EXTRA_TAGS))

  return {
    subject,
    description,
    status,
    priority: script?.priority ?? weighted(random, PRIORITY_WEIGHTS),
    category: script?.category !== undefined ? script.category : topic.category,
    tags: script?.tags ?? tags,
    source: script?.source ?? weighted(random, SOURCE_WEIGHTS),
    requesterId: requester.id,
    assigneeId: assignee?.id ?? null,
    createdAt,
    updatedAt: at(latest),
    firstResponseAt: firstStaff?.at ?? null,
    resolvedAt: resolvedAt === null ? null : at(resolvedAt),
    closedAt: closedAt === null ? null : at(closedAt),
    comments,
  }
}

const splitName = (fullName: string) => fullName.trim().split(/\s+/)[0] || fullName

/**
 * The organization's active customers and its agents and managers. When it
 * has none of one kind, a few people are created (accounts without a
 * password: they can set one through "forgot password").
 */
async function loadPeople(organization: Organization, random: Random, created: string[]) {
  const memberships = async () =>
    Membership.query()
      .where('organization_id', organization.id)
      .whereNull('disabled_at')
      .whereHas('user', (users) => users.whereNull('disabled_at'))
      .preload('user')
      .orderBy('id')

  const find = (rows: Membership[], roles: Role[]) =>
    rows
      .filter((row) => roles.includes(row.role))
      .map((row) => ({ id: row.userId, firstName: splitName(row.user.fullName) }))

  let rows = await memberships()
  const wanted: Array<{ role: Role; count: number }> = []
  if (find(rows, ['customer']).length === 0) wanted.push({ role: 'customer', count: 12 })
  if (find(rows, ['agent', 'manager']).length === 0) {
    wanted.push({ role: 'agent', count: 4 }, { role: 'manager', count: 1 })
  }
  if (wanted.length > 0) {
    for (const { role, count } of wanted) {
      for (let index = 1; index <= count; index++) {
        const first = pick(random, FIRST_NAMES)
        const last = pick(random, LAST_NAMES)
        // The slug keeps addresses unique across organizations (.example is reserved).
        const email = `${role}${index}.${first}.${last}@${organization.slug}.example`.toLowerCase()
        await CreateUser.handle(Actor.system(organization), {
          email,
          fullName: `${first} ${last}`,
          organization,
          role,
        })
        created.push(email)
      }
    }
    rows = await memberships()
  }
  return { customers: find(rows, ['customer']), staff: find(rows, ['agent', 'manager']) }
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms))

async function insertRows(
  trx: TransactionClientContract,
  table: string,
  rows: Record<string, unknown>[],
  returning?: string[]
) {
  const returned: Record<string, unknown>[] = []
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT)
    const query = trx.insertQuery().table(table).multiInsert(chunk)
    if (returning) returned.push(...(await query.returning(returning)))
    else await query
  }
  return returned
}

/** The tables a run writes to (users and memberships when it creates people). */
export const GENERATED_TABLES = [
  'tickets',
  'ticket_comments',
  'ticket_counters',
  'users',
  'memberships',
  'audit_events',
] as const

/**
 * Fresh planner statistics for the tables a run filled. Autovacuum may be
 * off (or not have run yet): without statistics PostgreSQL plans the new
 * rows badly (the ticket page was 3x slower under load until ANALYZE,
 * issue #12). Answers the time it took, in ms.
 */
export async function analyzeGeneratedTables() {
  const started = performance.now()
  await db.rawQuery(`ANALYZE ${GENERATED_TABLES.join(', ')}`)
  return performance.now() - started
}

/**
 * Generates `options.tickets` tickets with their comments into the
 * organization (see the top of this file).
 */
export async function generateTickets(
  organization: Organization,
  options: GenerateOptions
): Promise<GenerateResult> {
  const started = performance.now()
  const random = createRandom(options.seed ?? Date.now())
  const now = (options.now ?? new Date()).getTime()
  const total = options.tickets
  const batchSize = options.batchSize ?? 1000
  const span = (options.days ?? 180) * DAY
  const scripted = options.scripted ?? []
  const html = new HtmlCache()
  const createdUsers: string[] = []
  const people = await loadPeople(organization, random, createdUsers)

  const commentCount = () => {
    const range = options.commentsPerTicket
    return typeof range === 'number'
      ? range
      : range.min + Math.floor(random() * (range.max - range.min + 1))
  }

  let done = 0
  let comments = 0
  let firstNumber: number | null = null
  let lastNumber: number | null = null

  /** Writes one batch of tickets and their comments; returns what it wrote. */
  const writeBatch = async (trx: TransactionClientContract, size: number) => {
    const [{ last_number: last }] = await trx
      .rawQuery(
        `INSERT INTO ticket_counters (organization_id, last_number) VALUES (?, ?)
         ON CONFLICT (organization_id) DO UPDATE SET last_number = ticket_counters.last_number + EXCLUDED.last_number
         RETURNING last_number`,
        [organization.id, size]
      )
      .then((result) => result.rows as Array<{ last_number: number }>)
    const first = last - size + 1

    const planned: PlannedTicket[] = []
    for (let index = 0; index < size; index++) {
      const position = done + index
      const script = scripted[position]
      // Creation times rise with the numbers, spread evenly over the span.
      const createdAt =
        script?.createdAt?.getTime() ??
        Math.round(now - span + ((position + random()) / total) * (span - MINUTE))
      const status =
        script?.status ??
        (options.statuses
          ? options.statuses[position % options.statuses.length]
          : statusForAge(random, now - createdAt))
      planned.push(
        planTicket(
          random,
          people,
          createdAt,
          now,
          status,
          script?.comments ?? commentCount(),
          script
        )
      )
    }

    const inserted = await insertRows(
      trx,
      'tickets',
      planned.map((ticket, index) => ({
        organization_id: organization.id,
        number: first + index,
        subject: ticket.subject,
        description: ticket.description,
        description_html: html.render(ticket.description),
        status: ticket.status,
        priority: ticket.priority,
        category: ticket.category,
        tags: ticket.tags,
        source: ticket.source,
        requester_id: ticket.requesterId,
        assignee_id: ticket.assigneeId,
        first_response_at: date(ticket.firstResponseAt),
        resolved_at: date(ticket.resolvedAt),
        closed_at: date(ticket.closedAt),
        created_at: date(ticket.createdAt),
        updated_at: date(ticket.updatedAt),
      })),
      ['id', 'number']
    )
    const idByNumber = new Map(inserted.map((row) => [Number(row.number), row.id]))

    const commentRows: Record<string, unknown>[] = []
    planned.forEach((ticket, index) => {
      const ticketId = idByNumber.get(first + index)
      for (const comment of ticket.comments) {
        commentRows.push({
          organization_id: organization.id,
          ticket_id: ticketId,
          author_id: comment.authorId,
          visibility: comment.role === 'note' ? 'internal' : 'public',
          body: comment.body,
          body_html: html.render(comment.body),
          created_at: date(comment.at),
          updated_at: date(comment.at),
        })
      }
    })
    await insertRows(trx, 'ticket_comments', commentRows)
    return { first, last, comments: commentRows.length }
  }

  const audit = (
    trx: TransactionClientContract,
    written: { count: number; comments: number; first: number | null; last: number | null },
    partial: boolean
  ) =>
    appendAuditEvent(
      {
        organizationId: organization.id,
        action: 'tickets.generated',
        subjectType: 'organization',
        subjectId: organization.id,
        after: {
          count: written.count,
          comments: written.comments,
          first: written.first === null ? null : Ticket.reference(written.first),
          last: written.last === null ? null : Ticket.reference(written.last),
          ...(partial ? { partial: true } : {}),
        },
      },
      options.actor ?? Actor.system(organization),
      trx
    )

  try {
    while (done < total) {
      const size = Math.min(batchSize, total - done)
      const batch = await db.transaction(async (trx) => {
        const written = await writeBatch(trx, size)
        // The last batch commits together with the run's audit event.
        if (done + size === total) {
          await audit(
            trx,
            {
              count: total,
              comments: comments + written.comments,
              first: firstNumber ?? written.first,
              last: written.last,
            },
            false
          )
        }
        return written
      })
      done += size
      comments += batch.comments
      firstNumber ??= batch.first
      lastNumber = batch.last
      options.onProgress?.(done, total)
    }
  } catch (error) {
    // Batches already committed stay: the trail still records them.
    if (done > 0) {
      await db.transaction((trx) =>
        audit(trx, { count: done, comments, first: firstNumber, last: lastNumber }, true)
      )
    }
    throw error
  }

  return {
    tickets: done,
    comments,
    firstNumber,
    lastNumber,
    createdUsers,
    durationMs: performance.now() - started,
  }
}
