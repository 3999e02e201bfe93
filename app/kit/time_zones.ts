import { DateTime } from 'luxon'
import type User from '#models/user'

/**
 * The time zone a person reads times in: their profile's, else the
 * fallback (usually the organization's), else UTC. An unknown zone name
 * is skipped.
 */
export function viewerZone(user: Pick<User, 'timeZone'> | null, fallback?: string | null) {
  for (const zone of [user?.timeZone, fallback]) {
    if (zone && DateTime.local().setZone(zone).isValid) return zone
  }
  return 'UTC'
}
