import type { Logger } from '@adonisjs/core/logger'
import { relayPendingDeliveries, type RelayOptions } from '#services/notifications/mail_outbox'

/**
 * The outbox relay of a worker process: every few seconds, queues the mail
 * deliveries still pending in PostgreSQL (relayPendingDeliveries). A
 * timer, not a repeating job, so that it needs nothing stored in Redis:
 * after Redis was down, or came back empty, the next tick queues what the
 * web processes could not. Several workers may relay at once: a delivery's
 * job id is its own, so it is queued once.
 */
export class MailRelay {
  #timer: NodeJS.Timeout | null = null
  #running: Promise<unknown> | null = null

  constructor(
    private logger: Logger,
    private everyMs: number,
    private options: RelayOptions = {}
  ) {}

  start() {
    this.#timer = setInterval(() => this.tick(), this.everyMs)
    return this
  }

  /** One look; skipped while the previous one still runs. */
  tick() {
    if (this.#running) return this.#running
    this.#running = relayPendingDeliveries(this.options)
      .then((queued) => {
        if (queued > 0) this.logger.info({ queued }, 'outbox relay queued pending mail')
      })
      .catch((error) => this.logger.warn({ err: error }, 'outbox relay run failed'))
      .finally(() => (this.#running = null))
    return this.#running
  }

  async stop() {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = null
    await this.#running
  }
}
