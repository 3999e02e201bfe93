import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import SlaSettingsPolicy from '#policies/sla_settings_policy'
import { slaCompliance } from '#services/sla/compliance'
import { complianceValidator } from '#validators/sla'
import { fieldErrors } from '#validators/date_range'

/**
 * Desk → SLA → Compliance: met and missed targets per priority for the
 * tickets created in a date range (default: the last 30 days), in the
 * organization's calendar.
 */
export default class SlaComplianceController {
  async show({ request, view, organization, bouncer }: HttpContext) {
    await bouncer.with(SlaSettingsPolicy).authorize('viewCompliance')
    const zone = organization!.timeZone
    // An empty field of the GET form means "the default".
    const query = Object.fromEntries(
      Object.entries(request.qs()).filter(([, value]) => typeof value === 'string' && value !== '')
    )
    const [invalid, input] = await complianceValidator.tryValidate(query, { meta: { zone } })
    const today = DateTime.now().setZone(zone).startOf('day')
    // Dates that were not understood fall back to the last 30 days (the page says so).
    const to = input?.to ?? today.endOf('day')
    const from = input?.from ?? to.minus({ days: 29 }).startOf('day')
    return view.render('pages/desk/sla/compliance', {
      rows: await slaCompliance(organization!.id, { from, to }),
      from: from.toISODate(),
      to: to.toISODate(),
      invalid: invalid !== null,
      errors: fieldErrors(invalid),
    })
  }
}
