import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { WorkerPool, type QueueConfig } from '#services/queue/worker_pool'
import { registerSchedules } from '#services/queue/schedules'
import { MailRelay } from '#services/notifications/mail_relay'

/**
 * The worker process: runs the jobs of the queues (mail, sla, ai, default)
 * and registers the repeating jobs (the SLA monitor).
 *
 * SIGTERM or SIGINT stop it gracefully: it takes no new job, lets the jobs
 * in flight finish, then closes Redis and the database pool. A job that
 * was interrupted anyway (a killed process) is taken again by another
 * worker once its lock expires; jobs are idempotent.
 */
export default class QueueListen extends BaseCommand {
  static commandName = 'queue:listen'
  static description = 'Run the worker: process the queued jobs (mail, SLA monitor, AI, default)'
  static options: CommandOptions = { startApp: true, staysAlive: true }

  @flags.array({ alias: 'q', description: 'Queues to listen on (default: all of config/queue.ts)' })
  declare queue?: string[]

  @flags.number({ description: 'Jobs each queue runs at the same time (default 1)' })
  declare concurrency?: number

  @flags.boolean({
    description: 'Register the repeating jobs (--no-schedules: leave them to other workers)',
    default: true,
  })
  declare schedules: boolean

  @flags.number({
    description: 'Seconds between two looks for mail still pending in the outbox (default 10)',
  })
  declare relayEvery?: number

  async run() {
    const config = this.app.config.get<QueueConfig>('queue')
    const known = config.queueNames ?? ['default']
    const names = (this.queue ?? known).flatMap((name) => name.split(',')).filter(Boolean)
    const unknown = names.filter((name) => !known.includes(name))
    if (unknown.length > 0) {
      return this.refuse(`Unknown queue ${unknown.join(', ')} (known: ${known.join(', ')})`)
    }
    if (
      this.concurrency !== undefined &&
      (!Number.isInteger(this.concurrency) || this.concurrency < 1 || this.concurrency > 100)
    ) {
      return this.refuse('--concurrency must be a whole number from 1 to 100')
    }
    const relayEvery = this.relayEvery ?? 10
    if (!Number.isFinite(relayEvery) || relayEvery < 0.2 || relayEvery > 3600) {
      return this.refuse('--relay-every must be a number of seconds from 0.2 to 3600')
    }

    const logger = await this.app.container.make('logger')
    const pool = new WorkerPool(this.app, config, logger).start(names, {
      concurrency: this.concurrency,
    })
    await pool.waitUntilReady()

    // Registered again every minute: a Redis that restarted empty loses
    // its job schedulers (upserting is idempotent).
    let scheduleTimer: NodeJS.Timeout | null = null
    if (this.schedules) {
      const queue = await this.app.container.make('rlanz/queue')
      const register = () =>
        registerSchedules((name) => queue.getOrSet(name)).catch((error) =>
          logger.error({ err: error }, 'could not register the repeating jobs')
        )
      await register()
      scheduleTimer = setInterval(register, 60_000)
    }
    // The outbox relay runs on a timer of this process, not as a job:
    // it must keep working when Redis came back empty.
    const relay = names.includes('mail') ? new MailRelay(logger, relayEvery * 1000).start() : null
    this.logger.info(`Worker listening on ${names.join(', ')}`)

    let stopping = false
    const stop = async (signal: string) => {
      if (stopping) return
      stopping = true
      logger.info({ signal }, 'worker stopping: finishing the jobs in flight')
      if (scheduleTimer) clearInterval(scheduleTimer)
      await relay?.stop()
      await pool.close()
      await this.app.terminate()
      logger.info('worker stopped')
      process.exit(0)
    }
    process.once('SIGTERM', () => void stop('SIGTERM'))
    process.once('SIGINT', () => void stop('SIGINT'))
  }

  private async refuse(message: string) {
    this.logger.error(message)
    this.exitCode = 1
    await this.terminate()
  }
}
