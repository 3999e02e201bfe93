import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { GENESIS_HASH, eventHash } from '#services/audit/audit_trail'

/** Where an organization's chain first fails, and why. */
export interface BrokenLink {
  /** The event at which the chain breaks (null: no event is left to name). */
  id: number | null
  action: string | null
  createdAt: DateTime | null
  reason: string
}

export interface ChainReport {
  organizationId: number
  /** Events checked (up to and including the broken one). */
  events: number
  ok: boolean
  firstBroken?: BrokenLink
}

export interface VerifyChainOptions {
  /** Rows read per query: a long chain never sits in memory at once. */
  batchSize?: number
  /** Called after each batch with the number of events checked so far. */
  onProgress?: (checked: number) => void
}

interface EventRow {
  id: string | number
  organization_id: number
  actor_id: number | null
  action: string
  subject_type: string
  subject_id: string | null
  before: unknown
  after: unknown
  ip: string | null
  user_agent: string | null
  created_at: Date
  prev_hash: string
  hash: string
}

const COLUMNS = [
  'id',
  'organization_id',
  'actor_id',
  'action',
  'subject_type',
  'subject_id',
  'before',
  'after',
  'ip',
  'user_agent',
  'created_at',
  'prev_hash',
  'hash',
]

/**
 * Recomputes an organization's audit chain in id order (the order appends
 * are serialized in, see appendAuditEvent): each event must link to the
 * hash of the one before it (the first to the genesis hash), its own hash
 * must match its content, and the chain head must be the last event's
 * hash (otherwise events at the end were removed).
 *
 * Rows are read in batches by keyset (id > last id), so a million events
 * stream through. Appends made while it runs are fine: the head is read
 * after the last batch, and when it is ahead the newer events are
 * checked too (an append writes its event and the head in one transaction).
 */
export async function verifyChain(
  organizationId: number,
  options: VerifyChainOptions = {}
): Promise<ChainReport> {
  const batchSize = options.batchSize ?? 5000
  let events = 0
  let expectedPrev = GENESIS_HASH
  // An object, not a let: it is updated inside checkNewerEvents.
  const last: { event: { id: number; action: string; createdAt: DateTime } | null } = {
    event: null,
  }
  let lastId: string | number = 0

  const broken = (link: BrokenLink): ChainReport => ({
    organizationId,
    events,
    ok: false,
    firstBroken: link,
  })

  /** Checks the events after lastId; the broken link, or null. */
  const checkNewerEvents = async (): Promise<ChainReport | null> => {
    for (;;) {
      const rows: EventRow[] = await db
        .from('audit_events')
        .select(COLUMNS)
        .where('organization_id', organizationId)
        .where('id', '>', lastId)
        .orderBy('id')
        .limit(batchSize)

      for (const row of rows) {
        events++
        const id = Number(row.id)
        const createdAt = DateTime.fromJSDate(row.created_at)
        const at = { id, action: row.action, createdAt }

        if (row.prev_hash !== expectedPrev) {
          return broken({
            ...at,
            reason:
              last.event === null
                ? 'it is the first event left but does not start the chain: earlier events were removed, or it was changed'
                : `its prev_hash is not the hash of event #${last.event.id}: events between them were removed, or one of the two was changed`,
          })
        }
        const hash = eventHash(row.prev_hash, {
          organizationId: row.organization_id,
          actorId: row.actor_id,
          action: row.action,
          subjectType: row.subject_type,
          subjectId: row.subject_id,
          before: row.before,
          after: row.after,
          ip: row.ip,
          userAgent: row.user_agent,
          createdAt,
        })
        if (hash !== row.hash) {
          return broken({
            ...at,
            reason: 'its content does not match its hash: it was changed after it was written',
          })
        }
        expectedPrev = row.hash
        last.event = at
        lastId = row.id
      }

      options.onProgress?.(events)
      if (rows.length < batchSize) return null
    }
  }

  for (;;) {
    const failure = await checkNewerEvents()
    if (failure) return failure

    const head = await db
      .from('audit_chain_heads')
      .where('organization_id', organizationId)
      .select('last_hash')
      .first()
    const headHash: string = head?.last_hash ?? GENESIS_HASH
    if (headHash === expectedPrev) return { organizationId, events, ok: true }

    // The head may be ahead because events were appended meanwhile.
    const newer = await db
      .from('audit_events')
      .where('organization_id', organizationId)
      .where('id', '>', lastId)
      .select('id')
      .first()
    if (newer) continue

    if (last.event === null) {
      return broken({
        id: null,
        action: null,
        createdAt: null,
        reason: 'the chain head records events but none are left: they were removed',
      })
    }
    return broken({
      ...last.event,
      reason: `the chain head does not match the last event (#${last.event.id}): events after it were removed, or the head was changed`,
    })
  }
}

/** One sentence about a report, times shown in `zone`. */
export function describeChainReport(report: ChainReport, zone = 'UTC') {
  const count = `${report.events.toLocaleString('en-US')} event${report.events === 1 ? '' : 's'}`
  if (report.ok) return `${count}, chain OK`
  const link = report.firstBroken!
  if (link.id === null) return `chain broken: ${link.reason}`
  const details = [
    link.action,
    link.createdAt?.setZone(zone).toFormat('yyyy-LL-dd HH:mm:ss ZZZZ'),
  ].filter(Boolean)
  return `chain broken at event #${link.id} (${details.join(', ')}): ${link.reason}`
}
