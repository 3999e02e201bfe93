import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import AuditPolicy from '#policies/audit_policy'
import { auditFiltersValidator } from '#validators/audit'
import { listAuditEvents, parseAuditFilters } from '#services/audit/audit_log'
import { actionChoices, presentAuditEvents } from '#presenters/audit_presentation'
import { viewerZone } from '#kit/time_zones'
import { describeChainReport, verifyChain } from '#services/audit/verify_chain'

const FILTER_KEYS = ['action', 'actor', 'subject_type', 'subject', 'from', 'to'] as const

/**
 * Admin → Audit trail: the organization's immutable events, newest first,
 * and a check of its hash chain. Events are always read through the
 * current organization.
 */
export default class AuditController {
  async index({ request, response, view, bouncer, organization, auth }: HttpContext) {
    await bouncer.with(AuditPolicy).authorize('view')
    const zone = viewerZone(auth.use('web').user ?? null, organization!.timeZone)

    // An empty field of the GET form means "any".
    const query = Object.fromEntries(
      Object.entries(request.qs()).filter(([, value]) => typeof value === 'string' && value !== '')
    )
    const values = Object.fromEntries(FILTER_KEYS.map((key) => [key, query[key] ?? '']))
    const page = {
      values,
      actions: actionChoices(),
      subjectTypes: ['ticket', 'user', 'plugin'],
      zone,
    }

    const [invalid, input] = await auditFiltersValidator.tryValidate(query, { meta: { zone } })
    const parsed = invalid ? null : parseAuditFilters(input)
    if (invalid || !parsed || parsed.errors) {
      const errors: Record<string, string> = parsed?.errors ?? {}
      for (const error of invalid?.messages ?? []) errors[error.field] ??= error.message
      response.status(422)
      return view.render('pages/desk/audit/index', { ...page, errors, events: null, rows: [] })
    }

    const events = await listAuditEvents(organization!.id, parsed.filters)
    events.baseUrl(request.url())
    events.queryString(
      Object.fromEntries(FILTER_KEYS.flatMap((key) => (query[key] ? [[key, query[key]]] : [])))
    )
    const rows = await presentAuditEvents(events.all(), zone, {
      // The ticket pages come with the ticket routes.
      ticketLinks: router.has('desk.tickets.show'),
    })
    const filtered = FILTER_KEYS.some((key) => query[key])
    return view.render('pages/desk/audit/index', { ...page, errors: {}, events, rows, filtered })
  }

  async verify({ response, bouncer, organization, auth, session }: HttpContext) {
    await bouncer.with(AuditPolicy).authorize('verify')
    const report = await verifyChain(organization!.id)
    const zone = viewerZone(auth.use('web').user ?? null, organization!.timeZone)
    const summary = describeChainReport(report, zone)
    if (report.ok) {
      session.flash('success', `Audit trail of ${organization!.name} verified: ${summary}.`)
    } else {
      session.flash('error', `Audit trail of ${organization!.name}: ${summary}.`)
    }
    return response.redirect().toRoute('desk.audit.index')
  }
}
