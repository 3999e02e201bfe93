import { Job } from '@rlanz/bull-queue'
import Actor from '#actions/actor'
import ScanSlaDeadlines from '#actions/sla/scan_sla_deadlines'

/**
 * The SLA monitor's repeating job (app/services/queue/schedules.ts): one
 * scan per run. Safe to retry and to run on several workers at once.
 */
export default class ScanSlaDeadlinesJob extends Job {
  static get $$filepath() {
    return import.meta.url
  }

  /** The payload is empty: each run scans every organization up to now. */
  async handle(_payload: Record<string, never>) {
    const result = await ScanSlaDeadlines.handle(Actor.system())
    if (result.warnings + result.breaches > 0)
      this.logger.info(result, 'SLA monitor marked tickets')
  }

  /** The next run (a minute later) scans again: nothing is lost. */
  async rescue(_payload: unknown, error: Error) {
    this.logger.error({ err: error }, 'SLA monitor run failed after its retries')
  }
}
