import { DateTime } from 'luxon'
import type Ticket from '#models/ticket'
import type Membership from '#models/membership'
import { createMember, createTeam } from '#tests/helpers/factories'
import { createTicket } from '#tests/helpers/tickets'
import TimeEntry from '../../models/time_entry.js'

/** An entry written straight to the table (the figures a test starts from). */
export function createEntry(
  ticket: Ticket,
  author: Membership,
  values: Partial<{
    minutes: number
    billable: boolean
    note: string | null
    workDate: string
  }> = {}
) {
  return TimeEntry.create({
    organizationId: ticket.organizationId,
    ticketId: ticket.id,
    userId: author.userId,
    minutes: values.minutes ?? 30,
    billable: values.billable ?? true,
    note: values.note ?? null,
    workDate: DateTime.fromISO(values.workDate ?? DateTime.now().toISODate()!),
  })
}

/** Today in UTC, the factories' organizations' time zone. */
export const today = () => DateTime.utc().toISODate()!

/**
 * Two agents and a manager of one organization log time on two tickets in
 * November 2026 (and some outside it); another organization logs time too.
 */
export async function novemberFigures() {
  const team = await createTeam({ name: 'Initech, Inc.' })
  const printer = await createTicket(team.customer.membership, { subject: 'Printer jammed' })
  const vpn = await createTicket(team.customer.membership, { subject: 'VPN down' })
  const second = await createMember(team.organization, 'agent', { fullName: 'Blake Agent' })
  await createEntry(printer, team.agent.membership, { minutes: 90, workDate: '2026-11-02' })
  await createEntry(printer, team.agent.membership, {
    minutes: 30,
    billable: false,
    workDate: '2026-11-30',
  })
  await createEntry(vpn, second.membership, { minutes: 45, workDate: '2026-11-15' })
  await createEntry(vpn, team.manager.membership, {
    minutes: 15,
    billable: false,
    workDate: '2026-11-01',
  })
  // Outside the range.
  await createEntry(vpn, team.agent.membership, { minutes: 600, workDate: '2026-10-31' })
  await createEntry(vpn, team.agent.membership, { minutes: 600, workDate: '2026-12-01' })

  const other = await createTeam({ name: 'Globex' })
  const theirs = await createTicket(other.customer.membership, { subject: 'Globex secret ticket' })
  await createEntry(theirs, other.agent.membership, { minutes: 500, workDate: '2026-11-10' })
  return { ...team, printer, vpn, second, other }
}
