import type { HttpContext } from '@adonisjs/core/http'
import { errors as lucidErrors } from '@adonisjs/lucid'
import { formProblem, shareFormProblem } from '#kit/http'
import RateTicketByLink, {
  LINK_MESSAGES,
  LINK_STATUSES,
  type LinkLookup,
} from '../actions/rate_ticket_by_link.js'
import CsatLink from '../models/csat_link.js'
import { SCORES, SCORE_LABELS } from '../models/csat_rating.js'
import { ratingValidator } from '../validators.js'

/**
 * The mailed rating link: a form that works without signing in, once.
 * An unknown token answers 404; a used or expired one 410 with a way on.
 */
export default class RatingLinksController {
  async show(ctx: HttpContext) {
    const found = await findOrFail(ctx.params.token)
    ctx.response.status(LINK_STATUSES[found.state])
    // The mail's per-score links preselect their score.
    const score = Number(ctx.request.qs().score)
    return renderForm(ctx, found, SCORES.includes(score as never) ? score : null)
  }

  async store(ctx: HttpContext) {
    const { request, response, view, params } = ctx
    try {
      const input = await request.validateUsing(ratingValidator)
      const rating = await RateTicketByLink.handle(ctx.actor, { token: params.token, ...input })
      const found = await findOrFail(params.token)
      return view.render('csat::pages/rated', {
        ticket: found.ticket,
        rating,
        label: SCORE_LABELS[rating.score],
      })
    } catch (error) {
      const problem = formProblem(error)
      if (!problem) throw error
      const found = await findOrFail(params.token)
      if (found.state === 'usable') shareFormProblem(ctx, problem)
      response.status(found.state === 'usable' ? problem.status : LINK_STATUSES[found.state])
      return renderForm(ctx, found, null)
    }
  }
}

async function findOrFail(token: string) {
  const found = await RateTicketByLink.find(token)
  if (!found) throw new lucidErrors.E_ROW_NOT_FOUND(CsatLink)
  return found
}

function renderForm(ctx: HttpContext, found: LinkLookup, preselected: number | null) {
  return ctx.view.render('csat::pages/rate', {
    token: ctx.params.token,
    ticket: found.ticket,
    state: found.state,
    message: found.state === 'usable' ? null : LINK_MESSAGES[found.state],
    preselected,
    choices: [...SCORES].reverse().map((score) => ({ score, label: SCORE_LABELS[score] })),
  })
}
