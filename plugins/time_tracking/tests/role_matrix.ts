import { MANAGERS, ORGANIZATION, STAFF, USERS, type Expectations } from '#tests/helpers/role_matrix'
import TimeEntry from '../models/time_entry.js'

/** Time tracking's part of the role matrix (tests/unit/policies/role_matrix.spec.ts). */
const entry = (userId: number) =>
  Object.assign(new TimeEntry(), { id: userId, organizationId: ORGANIZATION, ticketId: 1, userId })

export const expectations: Expectations = {
  'TimeEntryPolicy.log': [{ case: 'time on a ticket', allowed: STAFF }],
  'TimeEntryPolicy.update': [
    { case: 'the agent’s own entry', args: () => [entry(USERS.agent)], allowed: STAFF },
    { case: 'a colleague’s entry', args: () => [entry(USERS.otherAgent)], allowed: MANAGERS },
  ],
  'TimeEntryPolicy.delete': [
    { case: 'the agent’s own entry', args: () => [entry(USERS.agent)], allowed: STAFF },
    { case: 'a colleague’s entry', args: () => [entry(USERS.otherAgent)], allowed: MANAGERS },
  ],
  'TimeEntryPolicy.viewReports': [{ case: 'the reports and the export', allowed: MANAGERS }],
}
