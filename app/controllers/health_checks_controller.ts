import type { HttpContext } from '@adonisjs/core/http'
import { readinessReport } from '#presenters/readiness_report'

/**
 * Probes for nginx, systemd and monitoring.
 */
export default class HealthChecksController {
  /** The process is up and serving HTTP. */
  live({ response }: HttpContext) {
    return response.ok({ status: 'ok' })
  }

  /** PostgreSQL and Redis answer: 200, otherwise 503 with the report. */
  async ready({ response }: HttpContext) {
    const report = await readinessReport()
    return report.isHealthy ? response.ok(report) : response.serviceUnavailable(report)
  }
}
