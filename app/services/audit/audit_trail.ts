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
    await client.rawQuery(
      'INSERT INTO audit_chain_heads (organization_id, last_hash) VALUES (?, ?) ON CONFLICT DO NOTHING',
      [entry.organizationId, GENESIS_HASH]
    )
    const head = await client
      .from('audit_chain_heads')
      .where('organization_id', entry.organizationId)
      .forUpdate()
      .firstOrFail()

    const values = {
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
      createdAt: DateTime.fromMillis(Date.now()),
    }
    const hash = eventHash(head.last_hash, values)
    const event = await AuditEvent.create({ ...values, prevHash: head.last_hash, hash }, { client })
    await client
      .from('audit_chain_heads')
      .where('organization_id', entry.organizationId)
      .update({ last_hash: hash })
    return event
  }
  return trx ? run(trx) : db.transaction(run)
}
