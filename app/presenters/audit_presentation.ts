import { DateTime } from 'luxon'
import User from '#models/user'
import type AuditEvent from '#models/audit_event'

/** Actions in words, for the audit page, ticket histories and filters. */
export const ACTION_LABELS: Record<string, string> = {
  'ticket.created': 'Ticket opened',
  'ticket.accept': 'Ticket accepted',
  'ticket.assign': 'Ticket assigned',
  'ticket.start': 'Work started',
  'ticket.wait': 'Waiting on the customer',
  'ticket.resolve': 'Ticket resolved',
  'ticket.reopen': 'Ticket reopened',
  'ticket.close': 'Ticket closed',
  'ticket.updated': 'Ticket details changed',
  'ticket.reply_added': 'Public reply',
  'ticket.note_added': 'Internal note',
  'account.sign_in': 'Signed in',
  'account.sign_in_failed': 'Sign-in failed',
  'account.sign_in_blocked': 'Sign-in blocked',
  'account.sign_out': 'Signed out',
  'account.password_reset_requested': 'Password reset requested',
  'account.password_reset': 'Password reset',
  'account.password_changed': 'Password changed',
  'account.invitation_sent': 'Invitation sent',
  'account.invitation_accepted': 'Invitation accepted',
  'account.role_changed': 'Role changed',
  'account.member_disabled': 'Access removed',
  'account.user_disabled': 'Account disabled',
  'account.user_created': 'Account created',
  'account.token_created': 'API token created',
  'account.token_revoked': 'API token revoked',
  'plugin.enabled': 'Plugin switched on',
  'plugin.disabled': 'Plugin switched off',
  'plugin.settings_changed': 'Plugin settings changed',
}

/** Groups of actions, filtered by prefix (`ticket.*`). */
export const ACTION_GROUPS: Record<string, string> = {
  ticket: 'Tickets',
  account: 'Accounts and sign-ins',
  plugin: 'Plugins',
}

/** The action filter's choices: each group (prefix), then its actions. */
export function actionChoices() {
  return Object.entries(ACTION_GROUPS).map(([prefix, label]) => ({
    label,
    value: `${prefix}.*`,
    actions: Object.entries(ACTION_LABELS)
      .filter(([action]) => action.startsWith(`${prefix}.`))
      .map(([action, words]) => ({ value: action, label: words })),
  }))
}

export function actionLabel(action: string) {
  if (ACTION_LABELS[action]) return ACTION_LABELS[action]
  // Actions added later (plugins…) still read as words.
  const [group, ...rest] = action.split('.')
  const words = rest.join(' ').replaceAll('_', ' ')
  const head = group.replaceAll('_', ' ')
  return words ? `${capitalize(head)}: ${words}` : capitalize(head)
}

const FIELD_LABELS: Record<string, string> = {
  assignee_id: 'assignee',
  comment_id: 'comment',
  user_id: 'user',
}

/** Fields holding a code such as in_progress, shown as words. */
const CODE_FIELDS = new Set([
  'status',
  'priority',
  'source',
  'visibility',
  'reason',
  'from',
  'to',
  'role',
])

/** Fields holding a user id, shown as the person's name. */
const USER_FIELDS = new Set(['assignee_id', 'user_id'])

export interface AuditChange {
  field: string
  /** Absent when the field is new (nothing before). */
  before?: string
  after?: string
}

export interface AuditRow {
  id: number
  action: string
  actionLabel: string
  /** ISO time (for <time datetime>) and the same in the viewer's zone. */
  isoTime: string
  time: string
  actorName: string
  actorId: number | null
  subject: { type: string; id: string | null; label: string; href: string | null }
  changes: AuditChange[]
  ip: string | null
}

export function formatTime(time: DateTime, zone: string) {
  return time.setZone(zone).toFormat('yyyy-LL-dd HH:mm:ss ZZZZ')
}

/**
 * Audit events as rows a person reads: action in words, actor and subject
 * names, before → after as a list of changed fields. Events must have
 * their actor preloaded; the other people named (assignees, subjects) are
 * loaded in one query.
 */
export async function presentAuditEvents(
  events: AuditEvent[],
  zone: string,
  options: { ticketLinks?: boolean } = {}
): Promise<AuditRow[]> {
  const names = await namesOfUsers(events)
  return events.map((event) => ({
    id: Number(event.id),
    action: event.action,
    actionLabel: actionLabel(event.action),
    isoTime: event.createdAt.toUTC().toISO()!,
    time: formatTime(event.createdAt, zone),
    actorName: event.actorId === null ? 'System' : (event.actor?.fullName ?? `#${event.actorId}`),
    actorId: event.actorId,
    subject: subjectOf(event, names, options.ticketLinks ?? true),
    changes: changesOf(event.before, event.after, names),
    ip: event.ip,
  }))
}

function subjectOf(event: AuditEvent, names: Map<number, string>, ticketLinks: boolean) {
  const { subjectType: type, subjectId: id } = event
  if (type === 'ticket' && id) {
    return { type, id, label: `ATUM-${id}`, href: ticketLinks ? `/desk/tickets/${id}` : null }
  }
  if (type === 'user' && id) {
    return { type, id, label: names.get(Number(id)) ?? `User #${id}`, href: null }
  }
  return { type, id, label: id ? `${capitalize(type)} ${id}` : capitalize(type), href: null }
}

/** Before → after, field by field (only what differs; a new value alone). */
export function changesOf(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  names: Map<number, string> = new Map()
): AuditChange[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])]
  const changes: AuditChange[] = []
  for (const key of keys) {
    const hadBefore = !!before && key in before
    const hasAfter = !!after && key in after
    if (hadBefore && hasAfter && JSON.stringify(before[key]) === JSON.stringify(after[key])) {
      continue
    }
    const show = (value: unknown) => formatValue(key, value, names)
    changes.push({
      field: FIELD_LABELS[key] ?? key.replaceAll('_', ' '),
      ...(hadBefore ? { before: show(before[key]) } : {}),
      ...(hasAfter ? { after: show(after[key]) } : { after: '—' }),
    })
  }
  return changes
}

function formatValue(key: string, value: unknown, names: Map<number, string>): string {
  if (value === null || value === undefined || value === '') return '—'
  if (USER_FIELDS.has(key) && typeof value === 'number') return names.get(value) ?? `#${value}`
  if (key === 'comment_id') return `#${value}`
  if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : '(none)'
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (typeof value === 'object') return truncate(JSON.stringify(value))
  if (CODE_FIELDS.has(key) && typeof value === 'string') return value.replaceAll('_', ' ')
  return truncate(String(value))
}

function truncate(text: string, length = 120) {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text
}

function capitalize(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** Names of the people an event refers to besides its actor. */
async function namesOfUsers(events: AuditEvent[]) {
  const ids = new Set<number>()
  for (const event of events) {
    if (event.subjectType === 'user' && event.subjectId && /^\d+$/.test(event.subjectId)) {
      ids.add(Number(event.subjectId))
    }
    for (const values of [event.before, event.after]) {
      for (const key of USER_FIELDS) {
        const value = values?.[key]
        if (typeof value === 'number') ids.add(value)
      }
    }
  }
  if (ids.size === 0) return new Map<number, string>()
  const users = await User.query()
    .whereIn('id', [...ids])
    .select('id', 'full_name')
  return new Map(users.map((user) => [user.id, user.fullName]))
}
