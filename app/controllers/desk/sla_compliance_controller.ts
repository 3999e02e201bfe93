import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import SlaSettingsPolicy from '#policies/sla_settings_policy'
import { slaCompliance } from '#services/sla/compliance'
import { complianceValidator } from '#validators/sla'

/**
 * Desk → SLA → Compliance: met and missed targets per priority for the
 * tickets created in a date range (default: the last 30 days).
 */
export default class SlaComplianceController {
  async show({ request, view, organization, bouncer }: HttpContext) {
    await bouncer.with(SlaSettingsPolicy).authorize('viewCompliance')
    const zone = organization!.timeZone
    let invalid = false
    let input: { from?: Date; to?: Date } = {}
    try {
      input = await complianceValidator.validate(request.qs())
    } catch {
      invalid = true
    }
    const today = DateTime.now().setZone(zone).startOf('day')
    const to = input.to
      ? DateTime.fromJSDate(input.to).setZone(zone, { keepLocalTime: true })
      : today
    const from = input.from
      ? DateTime.fromJSDate(input.from).setZone(zone, { keepLocalTime: true })
      : to.minus({ days: 29 })
    return view.render('pages/desk/sla/compliance', {
      rows: await slaCompliance(organization!.id, { from, to }),
      from: from.toISODate(),
      to: to.toISODate(),
      invalid,
    })
  }
}
