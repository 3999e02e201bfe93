import { healthChecks } from '#start/health'

export interface ReadinessCheck {
  name: string
  isHealthy: boolean
  status: 'ok' | 'warning' | 'error'
  message: string
}

export interface ReadinessReport {
  isHealthy: boolean
  status: 'ok' | 'warning' | 'error'
  finishedAt: Date
  checks: ReadinessCheck[]
}

/**
 * Runs the readiness checks and keeps only what may be shown publicly: no
 * error objects, stack traces, process ids or versions.
 */
export async function readinessReport(): Promise<ReadinessReport> {
  const report = await healthChecks.run()
  return {
    isHealthy: report.isHealthy,
    status: report.status,
    finishedAt: report.finishedAt,
    checks: report.checks.map((check) => ({
      name: check.name,
      isHealthy: check.status !== 'error',
      status: check.status,
      message: check.status === 'error' ? 'Unavailable' : 'Available',
    })),
  }
}
