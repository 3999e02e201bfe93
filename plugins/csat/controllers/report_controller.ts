import type { HttpContext } from '@adonisjs/core/http'
import Membership, { STAFF_ROLES } from '#models/membership'
import { staffOf } from '#kit/tickets'
import { viewerZone } from '#kit/time_zones'
import CsatRatingPolicy from '../policies/csat_rating_policy.js'
import { csatReport, reportFilters } from '../services/csat_report.js'
import { reportFiltersValidator } from '../validators.js'
import { fieldErrors } from '#kit/date_range'

const FILTER_KEYS = ['from', 'to', 'assignee'] as const

/**
 * Desk → CSAT: the organization's satisfaction figures for a period.
 * Managers and admins see everyone's and may pick one agent; an agent sees
 * only the ratings of tickets they had (their own figures).
 */
export default class ReportController {
  async index(ctx: HttpContext) {
    const { request, response, view, auth } = ctx
    const organization = ctx.organization!
    const membership = ctx.membership!
    const zone = viewerZone(auth.use('web').user ?? null, organization.timeZone)
    await ctx.bouncer.with(CsatRatingPolicy).authorize('viewReport')
    const manager = await ctx.bouncer.with(CsatRatingPolicy).allows('viewEveryone')

    // An empty field of the GET form means "any".
    const query = Object.fromEntries(
      Object.entries(request.qs()).filter(([, value]) => typeof value === 'string' && value !== '')
    )
    const values = Object.fromEntries(FILTER_KEYS.map((key) => [key, query[key] ?? '']))
    const page = {
      values,
      zone,
      manager,
      staff: manager ? await staffOf(organization.id) : [],
    }

    const [invalid, input] = await reportFiltersValidator.tryValidate(query, { meta: { zone } })
    const errors = fieldErrors(invalid)
    const filters = input ? reportFilters(input) : null
    if (filters?.agentId && manager) {
      // Anyone who is or was staff here (a former agent's ratings stay in the report).
      const known = await Membership.query()
        .where('organization_id', organization.id)
        .where('user_id', filters.agentId)
        .whereIn('role', [...STAFF_ROLES])
        .first()
      if (!known) errors.assignee = 'Choose a person from the list'
    }
    if (!filters || Object.keys(errors).length > 0) {
      response.status(422)
      return view.render('csat::pages/report', { ...page, errors, report: null })
    }

    if (!manager) filters.agentId = membership.userId
    const report = await csatReport(organization.id, filters)
    report.comments.baseUrl(request.url())
    report.comments.queryString(
      Object.fromEntries(FILTER_KEYS.flatMap((key) => (query[key] ? [[key, query[key]]] : [])))
    )
    return view.render('csat::pages/report', { ...page, errors, report })
  }
}
