/*
| Kit (the core's public surface for plugins): tickets as a member may see
| them (always through the member's organization and role), the staff of
| an organization, and tag lists as tickets store them.
*/
export { findVisibleTicket, findVisibleTicketOrFail, visibleTickets } from '#queries/ticket_scope'
export { staffOf } from '#presenters/ticket_page'
export { normalizeTags } from '#domain/tags'
export { splitTags } from '#http/form_input'
