import Ticket from '#models/ticket'

/**
 * What people are told about, who it is for, and how it reads.
 *
 * `audience` decides both who may receive a kind and what it may show:
 * staff kinds go only to active staff of the ticket's organization and
 * link to the desk; customer kinds go to the ticket's requester, link to
 * the portal and show only public content (never an internal note).
 */
export const NOTIFICATION_KINDS = {
  ticket_created: {
    audience: 'staff',
    label: 'A new ticket is opened in your organization',
    emailByDefault: true,
  },
  ticket_assigned: {
    audience: 'staff',
    label: 'A ticket is assigned to you',
    emailByDefault: true,
  },
  customer_replied: {
    audience: 'staff',
    label: 'A customer replies on a ticket assigned to you (or an unassigned one)',
    emailByDefault: true,
  },
  sla_warning: {
    audience: 'staff',
    label: 'A ticket you are responsible for nears its SLA target',
    emailByDefault: true,
  },
  sla_breached: {
    audience: 'staff',
    label: 'A ticket you are responsible for misses its SLA target',
    emailByDefault: true,
  },
  staff_replied: {
    audience: 'customer',
    label: 'Staff answer your request',
    emailByDefault: true,
  },
  ticket_waiting: {
    audience: 'customer',
    label: 'Your request waits for your answer',
    emailByDefault: true,
  },
  ticket_resolved: {
    audience: 'customer',
    label: 'Your request is resolved',
    emailByDefault: true,
  },
} as const satisfies Record<
  string,
  { audience: 'staff' | 'customer'; label: string; emailByDefault: boolean }
>

export type NotificationKind = keyof typeof NOTIFICATION_KINDS
export type NotificationAudience = 'staff' | 'customer'

export const KIND_NAMES = Object.keys(NOTIFICATION_KINDS) as NotificationKind[]

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && value in NOTIFICATION_KINDS
}

export function audienceOf(kind: NotificationKind): NotificationAudience {
  return NOTIFICATION_KINDS[kind].audience
}

/** What a notification carries besides its ticket (jsonb `data`). */
export interface NotificationData {
  number?: number
  subject?: string
  commentId?: number
  metric?: 'first_response' | 'resolution'
}

const METRICS = { first_response: 'first response', resolution: 'resolution' }

/**
 * One line saying what happened, for the bell and the mail's headline.
 * Plain text: templates escape it.
 */
export function describe(kind: NotificationKind, data: NotificationData, actorName: string | null) {
  const reference = data.number ? Ticket.reference(data.number) : 'a ticket'
  const who = actorName ?? 'Someone'
  const metric = data.metric ? METRICS[data.metric] : 'SLA'
  switch (kind) {
    case 'ticket_created':
      return `${who} opened ${reference}`
    case 'ticket_assigned':
      return `${who} assigned ${reference} to you`
    case 'customer_replied':
      return `${who} replied on ${reference}`
    case 'staff_replied':
      return `${who} answered your request ${reference}`
    case 'ticket_waiting':
      return `${reference} waits for your answer`
    case 'ticket_resolved':
      return `${reference} is resolved`
    case 'sla_warning':
      return `${reference} nears its ${metric} target`
    case 'sla_breached':
      return `${reference} missed its ${metric} target`
  }
}

/** The mail's subject: the reference first, so clients thread by ticket. */
export function mailSubject(kind: NotificationKind, data: NotificationData) {
  const reference = data.number ? Ticket.reference(data.number) : 'ATUM'
  const subject = data.subject ?? ''
  const metric = data.metric ? METRICS[data.metric] : 'SLA'
  const prefix: Record<NotificationKind, string> = {
    ticket_created: 'New ticket',
    ticket_assigned: 'Assigned to you',
    customer_replied: 'Customer reply',
    staff_replied: 'New reply to your request',
    ticket_waiting: 'We need your answer',
    ticket_resolved: 'Resolved',
    sla_warning: `SLA warning (${metric})`,
    sla_breached: `SLA breached (${metric})`,
  }
  return `[${reference}] ${prefix[kind]}: ${subject}`
}

/** Where a notification leads: the desk's ticket page for staff kinds, the portal's otherwise. */
export function ticketPath(kind: NotificationKind, number: number) {
  const reference = Ticket.reference(number)
  return audienceOf(kind) === 'staff' ? `/desk/tickets/${reference}` : `/tickets/${reference}`
}
