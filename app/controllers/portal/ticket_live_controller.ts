import type { HttpContext } from '@adonisjs/core/http'
import { portalTicketState } from '#presenters/ticket_page'
import { findVisibleTicketOrFail } from '#queries/ticket_scope'

/**
 * GET /tickets/:number/live: the parts of the portal's ticket page a live
 * event may change (status, public conversation), swapped in out of band.
 * The customer audience whoever asks: internal notes never come here.
 */
export default class PortalTicketLiveController {
  async show(ctx: HttpContext) {
    if (!ctx.membership) return ctx.response.notFound()
    const ticket = await findVisibleTicketOrFail(ctx.membership, ctx.params.number)
    return ctx.view.render('pages/portal/tickets/partials/live', {
      ...(await portalTicketState(ctx.membership, ticket)),
      oob: true,
    })
  }
}
