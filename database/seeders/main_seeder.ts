import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import app from '@adonisjs/core/services/app'
import { BaseSeeder } from '@adonisjs/lucid/seeders'
import Organization from '#models/organization'
import User from '#models/user'
import Membership, { type Role } from '#models/membership'
import Ticket, { type TicketStatus } from '#models/ticket'
import BusinessCalendar from '#models/business_calendar'
import SaveBusinessCalendar from '#actions/sla/save_business_calendar'
import SaveSlaPolicies from '#actions/sla/save_sla_policies'
import RecalculateSla from '#actions/sla/recalculate_sla'
import { SYSTEM_ACTOR } from '#services/audit/audit_trail'
import { generateTickets, type TicketScript } from '#database/generators/ticket_generator'

/** One password for every demo account: this is a demo. */
export const DEMO_PASSWORD = 'atum-demo-2026'

const ORGANIZATIONS = [
  {
    slug: 'acme',
    name: 'Acme Corporation',
    timeZone: 'Europe/Berlin',
    people: [
      { email: 'admin@acme.test', fullName: 'Amira Haddad', role: 'admin' },
      { email: 'manager@acme.test', fullName: 'Bruno Keller', role: 'manager' },
      { email: 'agent@acme.test', fullName: 'Chloe Martin', role: 'agent' },
      { email: 'dana@customer.test', fullName: 'Dana Fischer', role: 'customer' },
      { email: 'emil@customer.test', fullName: 'Emil Novak', role: 'customer' },
    ],
  },
  {
    slug: 'globex',
    name: 'Globex Industries',
    timeZone: 'America/New_York',
    people: [
      { email: 'admin@globex.test', fullName: 'Grace Okafor', role: 'admin' },
      { email: 'manager@globex.test', fullName: 'Hiro Tanaka', role: 'manager' },
      { email: 'agent@globex.test', fullName: 'Ines Duarte', role: 'agent' },
      { email: 'jon@client.test', fullName: 'Jon Berg', role: 'customer' },
      { email: 'kara@client.test', fullName: 'Kara Singh', role: 'customer' },
    ],
  },
] satisfies Array<{
  slug: string
  name: string
  timeZone: string
  people: Array<{ email: string; fullName: string; role: Role }>
}>

const MINUTE = 60_000

/**
 * The demo's tickets per organization, from the ticket generator: statuses
 * in creation order (older ones closed, recent ones still open), a seed so
 * every demo tells the same stories, and for Acme a scripted ATUM-1: Dana's
 * fresh, unassigned ticket, ready to walk through the whole lifecycle.
 */
const DEMO_TICKETS: Record<
  string,
  { seed: number; statuses: TicketStatus[]; first?: { requester: string } & TicketScript }
> = {
  acme: {
    seed: 2026,
    first: {
      requester: 'dana@customer.test',
      topic: 'vpn',
      subject: 'Cannot connect to the VPN since this morning',
      description:
        'Since this morning the VPN client says **"Authentication failed"** when I connect from home, although my password works for email.\n\nI have a customer call at 2 pm and need the CRM for it. Could you help?',
      status: 'new',
      priority: 'high',
      category: 'Network',
      tags: ['vpn'],
      source: 'portal',
      comments: 0,
    },
    // 35 more, oldest first.
    statuses: [
      ...Array<TicketStatus>(8).fill('closed'),
      'resolved',
      'closed',
      'closed',
      'resolved',
      'waiting_customer',
      'closed',
      'resolved',
      'in_progress',
      'resolved',
      'waiting_customer',
      'in_progress',
      'resolved',
      'assigned',
      'in_progress',
      'waiting_customer',
      'in_progress',
      'accepted',
      'assigned',
      'in_progress',
      'new',
      'waiting_customer',
      'assigned',
      'accepted',
      'in_progress',
      'new',
      'accepted',
      'assigned',
    ],
  },
  globex: {
    seed: 2027,
    // 24, oldest first.
    statuses: [
      ...Array<TicketStatus>(6).fill('closed'),
      'resolved',
      'closed',
      'resolved',
      'waiting_customer',
      'in_progress',
      'resolved',
      'assigned',
      'in_progress',
      'waiting_customer',
      'accepted',
      'in_progress',
      'resolved',
      'new',
      'assigned',
      'waiting_customer',
      'in_progress',
      'accepted',
      'new',
    ],
  },
}

/**
 * Demo data for `npm run demo`: two organizations, each with an admin, a
 * manager, an agent and two customers. Safe to run on every start: records
 * are found by their natural keys and updated, never duplicated. The logins
 * are written to tmp/demo-logins.txt, which the demo script prints.
 */
export default class MainSeeder extends BaseSeeder {
  async run() {
    const lines = [`Password for every account: ${DEMO_PASSWORD}`, '']

    for (const { slug, people, ...values } of ORGANIZATIONS) {
      const organization = await Organization.updateOrCreate({ slug }, values)
      lines.push(`${organization.name}:`)

      for (const person of people) {
        const user =
          (await User.findByEmail(person.email)) ??
          (await User.create({ email: person.email, fullName: person.fullName }))
        user.merge({ fullName: person.fullName, password: DEMO_PASSWORD, disabledAt: null })
        await user.save()
        await Membership.updateOrCreate(
          { userId: user.id, organizationId: organization.id },
          { role: person.role, disabledAt: null }
        )
        lines.push(`  ${person.role.padEnd(9)} ${person.email}`)
      }
      await seedSla(organization)
      const tickets = await seedTickets(organization)
      if (tickets) lines.push(`  ${tickets}`)
      // Generated tickets get their due dates from the policies.
      await RecalculateSla.handle({ organizationId: organization.id })
      lines.push('')
    }

    const file = app.tmpPath('demo-logins.txt')
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, lines.join('\n'))
  }
}

/**
 * Office hours in the organization's time zone and policies per priority,
 * only while it has no calendar (a desk's own settings are kept).
 */
async function seedSla(organization: Organization) {
  const existing = await BusinessCalendar.findBy('organization_id', organization.id)
  if (existing) return
  const calendar = await SaveBusinessCalendar.handle(
    organization.id,
    {
      name: 'Office hours',
      timeZone: organization.timeZone,
      week: ([1, 2, 3, 4, 5] as const).map((day) => ({ day, start: '08:00', end: '18:00' })),
      holidays: [
        { date: '2026-12-25', yearly: true, name: 'Christmas Day' },
        { date: '2027-01-01', yearly: true, name: 'New Year’s Day' },
      ],
    },
    SYSTEM_ACTOR
  )
  const targets = (firstResponseMinutes: number, resolutionMinutes: number) => ({
    calendarId: calendar.id,
    firstResponseMinutes,
    resolutionMinutes,
  })
  await SaveSlaPolicies.handle(
    organization.id,
    {
      default: targets(8 * 60, 30 * 60),
      high: targets(4 * 60, 16 * 60),
      urgent: targets(60, 8 * 60),
    },
    SYSTEM_ACTOR
  )
}

/**
 * The organization's demo tickets with their conversations, only while it
 * has none: a desk that was used keeps its tickets, and seeding again adds
 * nothing. Returns a line for the logins file.
 */
async function seedTickets(organization: Organization) {
  const plan = DEMO_TICKETS[organization.slug]
  if (!plan) return null
  const [{ $extras: existing }] = await Ticket.query()
    .where('organization_id', organization.id)
    .count('* as total')
  if (Number(existing.total) > 0) return `${existing.total} tickets (kept as they are)`

  const scripted: TicketScript[] = []
  if (plan.first) {
    const { requester, ...script } = plan.first
    const user = await User.findByEmail(requester)
    // "Since this morning": opened an hour and a half ago.
    scripted.push({
      ...script,
      requesterId: user?.id,
      createdAt: new Date(Date.now() - 90 * MINUTE),
    })
  }
  const result = await generateTickets(organization, {
    tickets: scripted.length + plan.statuses.length,
    commentsPerTicket: { min: 1, max: 5 },
    days: 60,
    statuses: [...scripted.map((script) => script.status!), ...plan.statuses],
    scripted,
    seed: plan.seed,
  })
  const first = plan.first ? ` (ATUM-1: "${plan.first.subject}", from ${plan.first.requester})` : ''
  return `${result.tickets} demo tickets${first}`
}
