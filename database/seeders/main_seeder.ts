import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import app from '@adonisjs/core/services/app'
import { BaseSeeder } from '@adonisjs/lucid/seeders'
import Organization from '#models/organization'
import User from '#models/user'
import Membership, { type Role } from '#models/membership'

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
      lines.push('')
    }

    const file = app.tmpPath('demo-logins.txt')
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, lines.join('\n'))
  }
}
