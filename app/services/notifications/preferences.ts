import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import {
  KIND_NAMES,
  NOTIFICATION_KINDS,
  type NotificationKind,
} from '#services/notifications/kinds'

/**
 * Which kinds mail a person. In-app notifications are always recorded (the
 * bell is quiet and per organization); mail follows these choices. Only
 * choices that differ from a kind's default are stored.
 */
export async function emailPreferencesOf(userId: number) {
  const rows = await db
    .from('notification_preferences')
    .where('user_id', userId)
    .select('kind', 'email')
  const stored = new Map(rows.map((row) => [row.kind as string, row.email as boolean]))
  return Object.fromEntries(
    KIND_NAMES.map((kind) => [kind, stored.get(kind) ?? NOTIFICATION_KINDS[kind].emailByDefault])
  ) as Record<NotificationKind, boolean>
}

/** Of these users, those whom this kind mails. */
export async function usersEmailedFor(
  client: QueryClientContract,
  kind: NotificationKind,
  userIds: number[]
) {
  if (userIds.length === 0) return new Set<number>()
  const rows = await client
    .from('notification_preferences')
    .where('kind', kind)
    .whereIn('user_id', userIds)
    .select('user_id', 'email')
  const stored = new Map(rows.map((row) => [Number(row.user_id), row.email as boolean]))
  const byDefault = NOTIFICATION_KINDS[kind].emailByDefault
  return new Set(userIds.filter((id) => stored.get(id) ?? byDefault))
}

/** Saves a person's choices (kinds not given keep theirs). */
export async function saveEmailPreferences(
  userId: number,
  choices: Partial<Record<NotificationKind, boolean>>
) {
  const entries = Object.entries(choices).filter(([kind]) => kind in NOTIFICATION_KINDS)
  if (entries.length === 0) return
  await db.transaction(async (trx) => {
    for (const [kind, email] of entries) {
      await trx.rawQuery(
        `INSERT INTO notification_preferences (user_id, kind, email, updated_at)
         VALUES (?, ?, ?, now())
         ON CONFLICT (user_id, kind) DO UPDATE SET email = EXCLUDED.email, updated_at = now()`,
        [userId, kind, !!email]
      )
    }
  })
}
