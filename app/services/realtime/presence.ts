import redis from '@adonisjs/redis/services/main'
import User from '#models/user'
import type Ticket from '#models/ticket'
import { broadcast } from '#services/realtime/broadcaster'
import { channels } from '#services/realtime/channels'

/**
 * Who has a desk ticket open, and who is writing a reply: sorted sets in
 * Redis scored by expiry time, refreshed by the page's heartbeat (every
 * 20 s; a viewer who stops sending is gone after VIEW_TTL) and by typing
 * (TYPING_TTL after the last keystroke sent). Every change is pushed on
 * the ticket's staff channel.
 */
export const VIEW_TTL_MS = 45_000
export const TYPING_TTL_MS = 6_000

export interface Viewer {
  id: number
  name: string
  typing: boolean
}

const viewersKey = (ticketId: number) => `atum:presence:ticket:${ticketId}:viewers`
const typingKey = (ticketId: number) => `atum:presence:ticket:${ticketId}:typing`

export async function updatePresence(
  ticket: Ticket,
  userId: number,
  state: { typing?: boolean; leave?: boolean }
): Promise<Viewer[]> {
  const now = Date.now()
  const viewers = viewersKey(ticket.id)
  const typing = typingKey(ticket.id)
  const pipeline = redis.multi()
  if (state.leave) {
    pipeline.zrem(viewers, String(userId)).zrem(typing, String(userId))
  } else {
    pipeline.zadd(viewers, now + VIEW_TTL_MS, String(userId))
    if (state.typing) pipeline.zadd(typing, now + TYPING_TTL_MS, String(userId))
    else pipeline.zrem(typing, String(userId))
  }
  pipeline
    .zremrangebyscore(viewers, '-inf', now)
    .zremrangebyscore(typing, '-inf', now)
    // The sets go with their last member.
    .pexpire(viewers, VIEW_TTL_MS)
    .pexpire(typing, VIEW_TTL_MS)
    .zrange(viewers, 0, -1)
    .zrange(typing, 0, -1)
  const results = (await pipeline.exec()) ?? []
  const [, viewerIds] = results.at(-2) ?? [null, []]
  const [, typingIds] = results.at(-1) ?? [null, []]

  const present = await namesOf((viewerIds as string[]).map(Number))
  const typists = new Set((typingIds as string[]).map(Number))
  const list = present.map((user) => ({ ...user, typing: typists.has(user.id) }))
  await broadcast(channels.ticketStaff(ticket.id), {
    kind: 'presence',
    ticketId: ticket.id,
    viewers: list,
  })
  return list
}

async function namesOf(ids: number[]) {
  if (ids.length === 0) return []
  const users = await User.query().select('id', 'full_name').whereIn('id', ids).orderBy('full_name')
  return users.map((user) => ({ id: user.id, name: user.fullName }))
}
