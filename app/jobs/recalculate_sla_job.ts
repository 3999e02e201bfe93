import { Job } from '@rlanz/bull-queue'
import Actor from '#actions/actor'
import RecalculateSla from '#actions/sla/recalculate_sla'

/**
 * Recomputes an organization's open tickets' due dates after its SLA
 * settings changed (dispatched by the desk). Safe to retry: it recomputes
 * from the settings, never adds.
 */
export default class RecalculateSlaJob extends Job {
  static get $$filepath() {
    return import.meta.url
  }

  async handle(payload: { organizationId: number }) {
    const result = await RecalculateSla.handle(Actor.system(), {
      organizationId: payload.organizationId,
    })
    this.logger.info({ ...result, organizationId: payload.organizationId }, 'SLA recalculated')
  }

  async rescue(payload: { organizationId: number }, error: Error) {
    this.logger.error(
      { err: error, organizationId: payload.organizationId },
      'SLA recalculation failed'
    )
  }
}
