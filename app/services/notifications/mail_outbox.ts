import { ROWS_PER_STATEMENT, chunksOf } from '#domain/chunks'
import { Queue } from 'bullmq'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import type { QueueConfig } from '#services/queue/worker_pool'
import SendMailDeliveryJob from '#jobs/send_mail_delivery_job'

/**
 * Hands pending mail deliveries (the outbox, `mail_deliveries`) to the
 * `mail` queue.
 *
 * - Right after the commit that wrote them (recordNotifications), once.
 * - By the relay, which the worker process runs every few seconds: any
 *   delivery still pending a while after it was written (Redis was down,
 *   the web process died before dispatching, Redis restarted empty) is
 *   queued again.
 *
 * The BullMQ job id is the delivery's, so queueing it twice makes one job;
 * and the job claims the row before sending, so a mail goes out once.
 *
 * The producer connection does not queue commands while Redis is away
 * (enableOfflineQueue off) and each dispatch has a deadline: a request
 * never hangs on Redis. A failure is logged and the row stays pending.
 */

const DISPATCH_TIMEOUT_MS = 3000

let producer: Queue | null = null
/** Dispatches under way, which shutting down waits for (each has a deadline). */
const dispatching = new Set<Promise<unknown>>()

/**
 * The producer, or null once the app is shutting down: a connection
 * opened then would outlive the shutdown hooks and keep the process alive
 * (seen when a web process was stopped under load).
 */
function mailQueue() {
  if (app.isTerminating || app.isTerminated) return null
  if (!producer) {
    const config = app.config.get<QueueConfig>('queue')
    const queue = new Queue('mail', {
      prefix: config.queue?.prefix,
      connection: { ...config.defaultConnection, enableOfflineQueue: false } as any,
    })
    queue.on('error', (error) => logger.warn({ err: error }, 'mail queue connection error'))
    producer = queue
    // Runs after the HTTP server has closed (its hook came first) and
    // before the database and Redis close: what requests started is
    // finished, then the connection ends.
    app.terminating(async () => {
      await Promise.allSettled([...dispatching])
      producer = null
      await queue.close().catch(() => {})
    })
  }
  return producer
}

export function jobIdFor(deliveryId: number) {
  return `mail-delivery-${deliveryId}`
}

function withDeadline<T>(promise: Promise<T>, ms: number) {
  let timer: NodeJS.Timeout
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms)
  })
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer))
}

async function enqueue(deliveryId: number) {
  const config = app.config.get<QueueConfig>('queue')
  const queue = mailQueue()
  if (!queue) throw new Error('the app is shutting down')
  const job = await queue.add(
    SendMailDeliveryJob.$$filepath,
    { deliveryId },
    { ...config.jobs, jobId: jobIdFor(deliveryId) }
  )
  return job
}

/**
 * Queues the deliveries just committed, many per round trip (the SLA
 * monitor commits thousands at once). Never throws: what could not be
 * queued stays pending for the relay.
 */
export async function dispatchDeliveries(ids: number[]) {
  if (ids.length === 0) return
  const dispatch = queueDeliveries(ids)
  dispatching.add(dispatch)
  await dispatch.finally(() => dispatching.delete(dispatch))
}

async function queueDeliveries(ids: number[]) {
  // Many deliveries per round trip (addBulk: one MULTI).
  for (const [index, chunk] of chunksOf(ids).entries()) {
    try {
      const queue = mailQueue()
      if (!queue) throw new Error('the app is shutting down')
      const config = app.config.get<QueueConfig>('queue')
      await withDeadline(
        queue.addBulk(
          chunk.map((deliveryId) => ({
            name: SendMailDeliveryJob.$$filepath,
            data: { deliveryId },
            opts: { ...config.jobs, jobId: jobIdFor(deliveryId) },
          }))
        ),
        DISPATCH_TIMEOUT_MS
      )
      await db.from('mail_deliveries').whereIn('id', chunk).update({ dispatched_at: new Date() })
    } catch (error) {
      logger.warn(
        { err: error, deliveryIds: ids.slice(index * ROWS_PER_STATEMENT) },
        'mail deliveries not queued now; they stay pending and the relay queues them'
      )
      return
    }
  }
}

export interface RelayOptions {
  /** A delivery never dispatched is left this long to its own dispatch first. */
  graceMs?: number
  /** A dispatched delivery still unsent after this long is queued again. */
  staleMs?: number
  limit?: number
}

/**
 * Queues again what is still pending: never dispatched (after a short
 * grace), or dispatched long ago and still not sent (its job was lost
 * with a Redis restart, or failed all its attempts), or claimed by a
 * worker that died. Returns how many were queued.
 */
export async function relayPendingDeliveries(options: RelayOptions = {}) {
  const graceMs = options.graceMs ?? 5_000
  const staleMs = options.staleMs ?? 5 * 60_000
  const { rows } = await db.rawQuery(
    `SELECT id FROM mail_deliveries
      WHERE status IN ('pending','sending')
        AND (status = 'pending' OR claimed_at < now() - make_interval(secs => :stale))
        AND ((dispatched_at IS NULL AND created_at < now() - make_interval(secs => :grace))
             OR dispatched_at < now() - make_interval(secs => :stale))
      ORDER BY created_at, id
      LIMIT :limit`,
    { grace: graceMs / 1000, stale: staleMs / 1000, limit: options.limit ?? 200 }
  )
  const ids = (rows as Array<{ id: string | number }>).map((row) => Number(row.id))
  let queued = 0
  for (const id of ids) {
    try {
      await withDeadline(requeue(id), DISPATCH_TIMEOUT_MS)
      await db.from('mail_deliveries').where('id', id).update({ dispatched_at: new Date() })
      queued++
    } catch (error) {
      logger.warn({ err: error, deliveryId: id }, 'relay could not queue a mail delivery')
      break
    }
  }
  return queued
}

/** Queues a delivery, replacing a finished job of the same id (it cannot be added twice). */
async function requeue(deliveryId: number) {
  const job = await enqueue(deliveryId)
  const state = await job.getState()
  if (state === 'failed') {
    await job.retry('failed')
  } else if (state === 'completed') {
    await job.remove()
    await enqueue(deliveryId)
  }
}
