import { Worker, type Job as BullJob } from 'bullmq'
import type { ApplicationService } from '@adonisjs/core/types'
import type { Logger } from '@adonisjs/core/logger'
import type { defineConfig, Job } from '@rlanz/bull-queue'

export type QueueConfig = ReturnType<typeof defineConfig>

/**
 * The worker process's BullMQ workers, one per queue.
 *
 * @rlanz/bull-queue's own `queue:listen` starts workers it never closes, so
 * a stopped worker process would drop the jobs it holds and keep running
 * while Redis connections are open. This pool runs jobs the same way
 * (a job's name is its handler's file URL; the handler is made by the
 * container and its `handle` called with the payload, `rescue` after the
 * last attempt) and can be closed: `close()` stops taking jobs and waits
 * for the ones in flight.
 */
export class WorkerPool {
  #workers: Worker[] = []

  constructor(
    private app: ApplicationService,
    private config: QueueConfig,
    private logger: Logger
  ) {}

  start(queueNames: string[], options: { concurrency?: number } = {}) {
    for (const name of queueNames) {
      const worker = new Worker(name, (job) => this.#run(job), {
        ...this.config.worker,
        connection: this.config.worker.connection ?? this.config.defaultConnection,
        concurrency: options.concurrency ?? this.config.worker.concurrency ?? 1,
      })
      worker.on('failed', (job, error) => this.#failed(job, error))
      worker.on('error', (error) => this.logger.error({ err: error, queue: name }, 'queue error'))
      this.#workers.push(worker)
      this.logger.info({ queue: name }, 'queue processing started')
    }
    return this
  }

  async waitUntilReady() {
    await Promise.all(this.#workers.map((worker) => worker.waitUntilReady()))
  }

  /** Stops taking jobs; resolves once the jobs in flight have finished. */
  async close() {
    await Promise.all(this.#workers.map((worker) => worker.close()))
    this.#workers = []
  }

  async #handler(job: BullJob): Promise<Job> {
    const { default: Handler } = await import(job.name)
    const handler = await this.app.container.make(Handler)
    handler.$injectInternal({ job, logger: this.logger })
    return handler as Job
  }

  async #run(job: BullJob) {
    const handler = await this.#handler(job)
    this.logger.debug({ job: job.name, id: job.id }, 'job started')
    const result = await this.app.container.call(handler as any, 'handle', [job.data])
    this.logger.debug({ job: job.name, id: job.id }, 'job finished')
    return result
  }

  async #failed(job: BullJob | undefined, error: Error) {
    this.logger.error({ err: error, job: job?.name, id: job?.id }, 'job failed')
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return
    const handler = await this.#handler(job)
    if (typeof (handler as any).rescue === 'function') {
      await this.app.container.call(handler as any, 'rescue', [job.data, error])
    }
  }
}
