import { BaseSeeder } from '@adonisjs/lucid/seeders'
import Organization from '#models/organization'

/**
 * Demo data for `npm run demo`. Safe to run on every start: records are
 * found by their natural keys and updated, never duplicated.
 */
export default class MainSeeder extends BaseSeeder {
  async run() {
    const organizations = [
      { slug: 'acme', name: 'Acme Corporation', timeZone: 'Europe/Berlin' },
      { slug: 'globex', name: 'Globex Industries', timeZone: 'America/New_York' },
    ]
    for (const { slug, ...values } of organizations) {
      await Organization.updateOrCreate({ slug }, values)
    }
  }
}
