import type Membership from '#models/membership'
import type BusinessCalendar from '#models/business_calendar'
import { manageSla } from '#abilities/main'
import { MemberPolicy, sameOrganization } from '#policies/kit'

/** Desk → SLA: the manageSla section (managers and admins), on the organization's own records. */
export default class SlaSettingsPolicy extends MemberPolicy {
  /** The calendars and the policies per priority. */
  view(actor: Membership) {
    return manageSla.execute(actor)
  }

  /** A new calendar (null) or one of the organization's. */
  saveCalendar(actor: Membership, calendar: Pick<BusinessCalendar, 'organizationId'> | null) {
    return (!calendar || sameOrganization(actor, calendar)) && manageSla.execute(actor)
  }

  savePolicies(actor: Membership) {
    return manageSla.execute(actor)
  }

  viewCompliance(actor: Membership) {
    return manageSla.execute(actor)
  }
}
