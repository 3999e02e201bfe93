import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import { channels } from '#services/realtime/channels'

/**
 * What travels on a live channel: a small JSON object that names what
 * happened (`kind`) and ids, never user-written content. Pages re-fetch
 * the fragments they show, through the routes that check who may see what.
 */
export type LivePayload = { kind: string } & Record<
  string,
  string | number | boolean | null | Array<Record<string, string | number | boolean | null>>
>

/**
 * Sends a payload to every subscriber of a channel, in this process and,
 * through Redis, in every other web process. Live updates are a
 * convenience: a failure is logged, never raised into the action that
 * caused it (pages keep working by polling).
 */
export async function broadcast(channel: string, payload: LivePayload) {
  try {
    // Resolved on first use, so processes that never broadcast open no
    // Redis connection for it.
    const transmit = await app.container.make('transmit')
    transmit.broadcast(channel, payload)
  } catch (error) {
    logger.warn({ err: error, channel }, 'live update not sent')
  }
}

/**
 * Sends a payload to one user (`users/:id`, which only that user may
 * subscribe to), e.g. a notification: `{ kind: 'notification', id }`.
 * The page of that user decides what to fetch.
 */
export function broadcastToUser(userId: number, payload: LivePayload) {
  return broadcast(channels.user(userId), payload)
}
