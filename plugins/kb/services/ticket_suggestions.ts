import Organization from '#models/organization'
import { appUrl } from '#kit/app'
import { visibilitiesFor } from './audience.js'
import { kbSettingsFor } from './kb_settings.js'
import { searchArticles } from './search.js'

/**
 * Published articles matching a ticket's subject, for its staff (the desk
 * ticket page's sidebar slot), with the absolute address of the
 * organization's help center (links pasted into replies leave the desk).
 */
export async function suggestionsForTicket(ticket: { organizationId: number; subject: string }) {
  const organization = await Organization.findOrFail(ticket.organizationId)
  const { language } = await kbSettingsFor(organization.id)
  const { hits } = await searchArticles({
    organizationId: organization.id,
    q: ticket.subject,
    language,
    visibilities: visibilitiesFor('staff'),
    limit: 5,
    anyWord: true,
  })
  return { hits, base: `${appUrl.replace(/\/+$/, '')}/help/${organization.slug}` }
}
