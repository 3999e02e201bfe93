import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { Infer } from '@vinejs/vine/types'
import AuditEvent from '#models/audit_event'
import Ticket from '#models/ticket'
import type { auditFiltersValidator } from '#validators/audit'

export type AuditFilterInput = Infer<typeof auditFiltersValidator>

/** Filters checked and turned into query values. */
export interface AuditFilters {
  action?: string
  actor?: string
  subjectType?: string
  subjectId?: string
  from?: DateTime
  to?: DateTime
  page: number
}

export const AUDIT_PAGE_SIZE = 50

/**
 * The checks a schema cannot make: a ticket subject is a number (ATUM-12
 * or 12). The days were read by the validator (whole days in the viewer's
 * zone, not reversed). Returns the filters, or messages by field.
 */
export function parseAuditFilters(
  input: AuditFilterInput
): { filters: AuditFilters; errors?: undefined } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {}
  const filters: AuditFilters = { page: input.page ?? 1, from: input.from, to: input.to }
  if (input.action) filters.action = input.action
  if (input.actor) filters.actor = input.actor

  let subjectType = input.subject_type
  if (input.subject) {
    // "ATUM-12" alone means a ticket.
    if (!subjectType && /^ATUM-\d+$/i.test(input.subject)) subjectType = 'ticket'
    if (subjectType === 'ticket') {
      const number = Ticket.parseReference(input.subject)
      if (number === null) errors.subject = 'Enter a ticket number such as ATUM-12'
      else filters.subjectId = String(number)
    } else {
      filters.subjectId = input.subject
    }
  }
  if (subjectType) filters.subjectType = subjectType

  return Object.keys(errors).length > 0 ? { errors } : { filters }
}

/**
 * One page of an organization's audit trail, newest first, filtered and
 * paginated in PostgreSQL, with each event's actor.
 */
export function listAuditEvents(organizationId: number, filters: AuditFilters) {
  const query = AuditEvent.query()
    .where('organization_id', organizationId)
    .preload('actor', (actor) => actor.select('id', 'full_name'))

  if (filters.action?.endsWith('.*')) {
    query.whereLike('action', `${escapeLike(filters.action.slice(0, -1))}%`)
  } else if (filters.action) {
    query.where('action', filters.action)
  }

  if (filters.actor?.toLowerCase() === 'system') {
    query.whereNull('actor_id')
  } else if (filters.actor) {
    const pattern = `%${escapeLike(filters.actor)}%`
    query.whereIn(
      'actor_id',
      db
        .from('users')
        .select('id')
        .where((match) => match.whereILike('full_name', pattern).orWhereILike('email', pattern))
    )
  }

  if (filters.subjectType) query.where('subject_type', filters.subjectType)
  if (filters.subjectId) query.where('subject_id', filters.subjectId)
  if (filters.from) query.where('created_at', '>=', filters.from.toUTC().toISO()!)
  if (filters.to) query.where('created_at', '<=', filters.to.toUTC().toISO()!)

  return query.orderBy('id', 'desc').paginate(filters.page, AUDIT_PAGE_SIZE)
}

function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`)
}
