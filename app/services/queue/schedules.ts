import type { Queue } from 'bullmq'
import ScanSlaDeadlinesJob from '#jobs/scan_sla_deadlines_job'

/**
 * Jobs that repeat on their own. The worker process registers them when it
 * starts; BullMQ's job schedulers are upserted by id, so any number of
 * workers registering the same schedule make one repeating job, and each
 * run is taken by exactly one worker.
 */
export const SCHEDULES: Array<{
  id: string
  queueName: string
  job: { $$filepath: string }
  everyMs: number
}> = [
  {
    id: 'sla-monitor',
    queueName: 'sla',
    job: ScanSlaDeadlinesJob,
    everyMs: 60_000,
  },
]

export async function registerSchedules(queueFor: (name: string) => Queue) {
  for (const schedule of SCHEDULES) {
    await queueFor(schedule.queueName).upsertJobScheduler(
      schedule.id,
      { every: schedule.everyMs },
      { name: schedule.job.$$filepath, data: {} }
    )
  }
}
