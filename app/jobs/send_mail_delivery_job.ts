import { Job } from '@rlanz/bull-queue'
import Actor from '#actions/actor'
import SendMailDelivery from '#actions/notifications/send_mail_delivery'

/**
 * Sends one outbox mail (queue `mail`, job id = the delivery's). A failed
 * send is retried with backoff (config/queue.ts); the action claims the
 * row first, so a retried or duplicated job never sends a mail twice.
 */
export default class SendMailDeliveryJob extends Job {
  static get $$filepath() {
    return import.meta.url
  }

  async handle(payload: { deliveryId: number }) {
    const outcome = await SendMailDelivery.handle(Actor.system(), {
      deliveryId: payload.deliveryId,
    })
    this.logger.debug({ deliveryId: payload.deliveryId, outcome }, 'mail delivery handled')
  }

  /** The delivery stays pending: the relay queues it again later. */
  async rescue(payload: { deliveryId: number }, error: Error) {
    this.logger.error(
      { err: error, deliveryId: payload.deliveryId },
      'mail delivery failed after its retries; the relay will queue it again'
    )
  }
}
