import vine from '@vinejs/vine'
import { TICKET_PRIORITIES, TICKET_STATUSES } from '#models/ticket'
import { TRANSITION_NAMES } from '#domain/lifecycle'

const tags = () => vine.array(vine.string().trim().maxLength(40)).maxLength(20)

/** Opening a ticket (portal form, desk form, API). */
export const createTicketValidator = vine.compile(
  vine.object({
    subject: vine.string().trim().minLength(3).maxLength(200),
    description: vine.string().trim().minLength(1).maxLength(50_000),
    priority: vine.enum(TICKET_PRIORITIES).optional(),
    category: vine.string().trim().maxLength(60).optional(),
    tags: tags().optional(),
  })
)

/** Changing priority, category, tags or assignee (desk form, API PATCH). */
export const updateTicketValidator = vine.compile(
  vine.object({
    priority: vine.enum(TICKET_PRIORITIES).optional(),
    category: vine.string().trim().maxLength(60).nullable().optional(),
    tags: tags().optional(),
    assignee_id: vine.number().positive().withoutDecimals().nullable().optional(),
  })
)

/** A lifecycle step (desk buttons, API transitions). */
export const transitionValidator = vine.compile(
  vine.object({
    action: vine.enum(TRANSITION_NAMES),
    assignee_id: vine.number().positive().withoutDecimals().optional(),
  })
)

/** A reply or internal note. */
export const commentValidator = vine.compile(
  vine.object({
    body: vine.string().trim().minLength(1).maxLength(50_000),
    internal: vine.boolean().optional(),
    // The newest comment the writer had seen: newer ones by others hold the reply back.
    last_seen_comment_id: vine.number().withoutDecimals().min(0).optional(),
  })
)

/** Inbox and list filters (query string of pages and the API). */
export const ticketFiltersValidator = vine.compile(
  vine.object({
    view: vine
      .enum(['unassigned', 'mine', 'open', 'breaching', 'waiting', 'resolved', 'all'])
      .optional(),
    status: vine.enum(TICKET_STATUSES).optional(),
    priority: vine.enum(TICKET_PRIORITIES).optional(),
    assignee: vine.string().trim().maxLength(20).optional(),
    tag: vine.string().trim().maxLength(40).optional(),
    q: vine.string().trim().maxLength(200).optional(),
    sort: vine
      .enum(['updated', '-updated', 'created', '-created', 'priority', 'number', 'due'])
      .optional(),
    page: vine.number().positive().withoutDecimals().max(100_000).optional(),
    per_page: vine.number().positive().withoutDecimals().max(100).optional(),
  })
)
