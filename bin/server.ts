/*
|--------------------------------------------------------------------------
| HTTP server entry point
|--------------------------------------------------------------------------
|
| `node bin/server.js` (after `node ace build`) or `node ace serve` start the
| web process. SIGTERM and SIGINT terminate the app gracefully: the HTTP
| server stops accepting connections and providers close Redis and the
| database pool.
|
| WEB_CONCURRENCY=n (n > 1) starts n web processes sharing the port
| (node:cluster): one Node.js process uses one core, and a page is CPU work
| (rendering, sessions), so a machine's cores serve n times the requests.
| Live updates already cross processes (Transmit's Redis transport).
|
*/
import 'reflect-metadata'
import cluster from 'node:cluster'
import { createServer, type Server } from 'node:http'
import { Ignitor, prettyPrintError } from '@adonisjs/core'
import { EnvProcessor } from '@adonisjs/core/env'
import type { ApplicationService } from '@adonisjs/core/types'

const APP_ROOT = new URL('../', import.meta.url)

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

/** Live streams and slow clients get this long after SIGTERM, then are cut. */
const DRAIN_MS = 10_000

function startWebProcess() {
  let httpServer: Server | undefined
  let draining = false
  // Requests whose handling has not finished, the client gone or not: the
  // database and Redis must outlive them.
  const handling = new Set<Promise<unknown>>()
  let application: ApplicationService | undefined
  new Ignitor(APP_ROOT, { importer: IMPORTER })
    .tap((app) => {
      application = app
      app.booting(async () => {
        await import('#start/env')
      })
      // Stopping: no new connections, and each answer now closes its
      // connection (clients that keep sending on a kept-alive one would
      // otherwise hold the server open forever); what is still open after
      // DRAIN_MS (slow clients) is cut. A cluster's web process also closes
      // its channel to the primary, which would keep it alive once the app
      // has terminated.
      const terminate = async () => {
        if (draining) return
        draining = true
        httpServer?.close()
        httpServer?.closeIdleConnections()
        const cut = setTimeout(() => httpServer?.closeAllConnections(), DRAIN_MS).unref()
        await app.terminate()
        clearTimeout(cut)
        if (cluster.isWorker) cluster.worker?.disconnect()
      }
      app.listen('SIGTERM', terminate)
      app.listen('SIGINT', terminate)
    })
    .httpServer()
    .start((handle) => {
      httpServer = createServer((request, response) => {
        if (draining) response.setHeader('connection', 'close')
        const handled = Promise.resolve(handle(request, response))
        handling.add(handled)
        handled.finally(() => handling.delete(handled)).catch(() => {})
      })
      // A shutdown hook after the preloads' (start/transmit.ts ends the live
      // streams first): requests under way finish, within DRAIN_MS, before
      // the providers close the database and Redis.
      application?.terminating(async () => {
        await Promise.race([
          Promise.allSettled([...handling]),
          new Promise((resolve) => setTimeout(resolve, DRAIN_MS).unref()),
        ])
      })
      return httpServer
    })
    .catch((error) => {
      process.exitCode = 1
      prettyPrintError(error)
    })
}

/**
 * The primary of WEB_CONCURRENCY web processes: forks them, replaces one
 * that dies (unless they keep dying at start: then it gives up, so systemd
 * sees the failure), and passes SIGTERM/SIGINT on, exiting when all ended.
 */
function superviseWebProcesses(count: number) {
  let stopping = false
  let quickDeaths = 0
  const startedAt = new Map<number, number>()
  const fork = () => startedAt.set(cluster.fork().id, Date.now())

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0)
    startedAt.delete(worker.id)
    if (stopping) {
      if (startedAt.size === 0) process.exit(0)
      return
    }
    console.error(
      `web process ${worker.process.pid} ended (${signal ?? `exit code ${code}`}); starting another`
    )
    quickDeaths = lived < 10_000 ? quickDeaths + 1 : 0
    if (quickDeaths >= 5) {
      console.error('web processes keep ending at start: giving up (see the errors above)')
      process.exit(1)
    }
    setTimeout(fork, Math.min(quickDeaths * 500, 5_000))
  })

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      stopping = true
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal)
      if (startedAt.size === 0) process.exit(0)
    })
  }
  for (let index = 0; index < count; index++) fork()
}

// Read as the app reads its settings (environment over .env), validated
// again by start/env.ts in each web process
// (it copies .env into process.env, which the web processes inherit).
if (cluster.isPrimary) await new EnvProcessor(APP_ROOT).process()
const concurrency = process.env.WEB_CONCURRENCY?.trim() || '1'
if (!/^[1-9]\d{0,2}$/.test(concurrency)) {
  console.error(
    `WEB_CONCURRENCY must be a whole number of web processes from 1 to 999 (got "${concurrency}").`
  )
  process.exit(1)
}
if (cluster.isPrimary && Number(concurrency) > 1) {
  superviseWebProcesses(Number(concurrency))
} else {
  startWebProcess()
}
