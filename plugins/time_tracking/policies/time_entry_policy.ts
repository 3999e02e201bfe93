import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type Membership from '#models/membership'
import type TimeEntry from '../models/time_entry.js'

/** Staff log time; customers never see or touch it. */
export function mayLogTime(actor: Membership) {
  return actor.isStaff && actor.isActive
}

/** An entry's author changes it, and so do managers and admins. */
export function mayChangeEntry(actor: Membership, entry: TimeEntry) {
  return (
    mayLogTime(actor) &&
    actor.organizationId === entry.organizationId &&
    (entry.userId === actor.userId || actor.hasAtLeast('manager'))
  )
}

/**
 * Who may do what with time entries. Entries are loaded through the
 * current organization, so another organization's entry is a 404 before
 * this runs; here an agent meets a 403 on a colleague's entry.
 */
export default class TimeEntryPolicy extends BasePolicy {
  log(actor: Membership): AuthorizerResponse {
    return mayLogTime(actor)
  }

  update(actor: Membership, entry: TimeEntry): AuthorizerResponse {
    return mayChangeEntry(actor, entry)
  }

  delete(actor: Membership, entry: TimeEntry): AuthorizerResponse {
    return mayChangeEntry(actor, entry)
  }

  /** The organization's reports and CSV export. */
  viewReports(actor: Membership): AuthorizerResponse {
    return mayLogTime(actor) && actor.hasAtLeast('manager')
  }
}
