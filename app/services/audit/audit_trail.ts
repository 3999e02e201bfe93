import { chunksOf } from '#domain/chunks'
import { createHash } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import AuditEvent from '#models/audit_event'

/** The prev_hash of an organization's first event. */
export const GENESIS_HASH = '0'.repeat(64)

/**
 * Who did something, and from where: what an event records of the Actor
 * (app/actions/actor.ts) that called the action. A null user is the system.
 */
export interface AuditActor {
  userId: number | null
  ip: string | null
  userAgent: string | null
}

export interface AuditEntry {
  organizationId: number
  action: string
  subjectType: string
  subjectId?: string | number | null
  before?: Record<string, unknown> | null
  after?: Record<string, unknown> | null
}

/**
 * The fields a hash covers, in a canonical form that survives a round
 * trip through PostgreSQL (jsonb reorders keys; timestamps keep ms).
 */
export function eventHash(
  prevHash: string,
  event: {
    organizationId: number
    actorId: number | null
    action: string
    subjectType: string
    subjectId: string | null
    before: unknown
    after: unknown
    ip: string | null
    userAgent: string | null
    createdAt: DateTime
  }
) {
  const canonical = canonicalJson([
    event.organizationId,
    event.actorId,
    event.action,
    event.subjectType,
    event.subjectId,
    event.before ?? null,
    event.after ?? null,
    event.ip,
    event.userAgent,
    event.createdAt.toUTC().toISO(),
  ])
  return createHash('sha256').update(`${prevHash}\n${canonical}`).digest('hex')
}

function canonicalJson(value: unknown): string {
  // What JSON.stringify (and so the jsonb column) makes of a Date or a
  // luxon DateTime: its ISO string, not an empty object.
  if (value && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON: () => unknown }).toJSON())
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

/**
 * Appends an event to its organization's chain, inside the caller's
 * transaction so the change and its record commit together. The chain
 * head row is locked, so concurrent appends of one organization queue
 * up while other organizations are not held.
 */
export async function appendAuditEvent(
  entry: AuditEntry,
  actor: AuditActor,
  trx?: TransactionClientContract
) {
  const run = async (client: TransactionClientContract) => {
    const prevHash = await lockChainHead(client, entry.organizationId)
    const values = eventValues(entry, actor, DateTime.fromMillis(Date.now()))
    const hash = eventHash(prevHash, values)
    const event = await AuditEvent.create({ ...values, prevHash, hash }, { client })
    await moveChainHead(client, entry.organizationId, hash)
    return event
  }
  return trx ? run(trx) : db.transaction(run)
}

/**
 * Appends many events at once (the SLA monitor's marks of a run), in the
 * order given: per organization, one lock of the chain head, the hashes
 * chained in memory, multi-row INSERTs (ids follow the order of the rows,
 * which is the order verifyChain walks) and one move of the head. The
 * organizations are taken in id order, so two callers never wait on each
 * other's heads in a cycle. Call it last in the transaction: the heads
 * stay locked until the commit.
 */
export async function appendAuditEvents(
  entries: AuditEntry[],
  actor: AuditActor,
  trx: TransactionClientContract
) {
  const byOrganization = new Map<number, AuditEntry[]>()
  for (const entry of entries) {
    const list = byOrganization.get(entry.organizationId) ?? []
    list.push(entry)
    byOrganization.set(entry.organizationId, list)
  }
  const createdAt = DateTime.fromMillis(Date.now())
  for (const organizationId of [...byOrganization.keys()].sort((a, b) => a - b)) {
    let prevHash = await lockChainHead(trx, organizationId)
    const rows = byOrganization.get(organizationId)!.map((entry) => {
      const values = eventValues(entry, actor, createdAt)
      const hash = eventHash(prevHash, values)
      const row = {
        organization_id: values.organizationId,
        actor_id: values.actorId,
        action: values.action,
        subject_type: values.subjectType,
        subject_id: values.subjectId,
        before: values.before === null ? null : JSON.stringify(values.before),
        after: values.after === null ? null : JSON.stringify(values.after),
        ip: values.ip,
        user_agent: values.userAgent,
        created_at: createdAt.toJSDate(),
        prev_hash: prevHash,
        hash,
      }
      prevHash = hash
      return row
    })
    for (const chunk of chunksOf(rows)) await trx.table('audit_events').multiInsert(chunk)
    await moveChainHead(trx, organizationId, prevHash)
  }
}

/** The hashed fields of an event. */
function eventValues(entry: AuditEntry, actor: AuditActor, createdAt: DateTime) {
  return {
    organizationId: entry.organizationId,
    actorId: actor.userId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId:
      entry.subjectId === undefined || entry.subjectId === null ? null : String(entry.subjectId),
    before: entry.before ?? null,
    after: entry.after ?? null,
    ip: actor.ip,
    userAgent: actor.userAgent,
    createdAt,
  }
}

/** Locks an organization's chain head (created at the genesis hash); its hash. */
async function lockChainHead(client: TransactionClientContract, organizationId: number) {
  await client.rawQuery(
    'INSERT INTO audit_chain_heads (organization_id, last_hash) VALUES (?, ?) ON CONFLICT DO NOTHING',
    [organizationId, GENESIS_HASH]
  )
  const head = await client
    .from('audit_chain_heads')
    .where('organization_id', organizationId)
    .forUpdate()
    .firstOrFail()
  return head.last_hash as string
}

async function moveChainHead(
  client: TransactionClientContract,
  organizationId: number,
  hash: string
) {
  await client
    .from('audit_chain_heads')
    .where('organization_id', organizationId)
    .update({ last_hash: hash })
}
