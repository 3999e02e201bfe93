import type Membership from '#models/membership'
import { MemberPolicy, sameOrganization } from '#kit/policies'
import type TimeEntry from '../models/time_entry.js'

/**
 * Who may do what with time entries: staff log time (customers never see
 * or touch it); an entry's author changes it, and so do managers and
 * admins; managers and admins read the reports. Entries are loaded through
 * the current organization, so another organization's entry is a 404
 * before this runs; here an agent meets a 403 on a colleague's entry.
 */
export default class TimeEntryPolicy extends MemberPolicy {
  log(actor: Membership): boolean {
    return actor.isStaff
  }

  update(actor: Membership, entry: TimeEntry): boolean {
    return (
      this.log(actor) &&
      sameOrganization(actor, entry) &&
      (entry.userId === actor.userId || actor.hasAtLeast('manager'))
    )
  }

  delete(actor: Membership, entry: TimeEntry): boolean {
    return this.update(actor, entry)
  }

  /** The organization's reports and CSV export. */
  viewReports(actor: Membership): boolean {
    return this.log(actor) && actor.hasAtLeast('manager')
  }
}
