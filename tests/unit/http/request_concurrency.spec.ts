import { test } from '@japa/runner'
import { setTimeout as sleep } from 'node:timers/promises'
import { IncomingMessage } from 'node:http'
import { Socket } from 'node:net'
import testUtils from '@adonisjs/core/services/test_utils'
import type { HttpContext } from '@adonisjs/core/http'
import { requestLimiter } from '#middleware/request_concurrency_middleware'

/** A request context for the URL, with an optional content type. */
async function contextFor(routeName: string, contentType?: string) {
  const req = new IncomingMessage(new Socket())
  if (contentType) req.headers['content-type'] = contentType
  const ctx = await testUtils.createHttpContext({ req })
  ctx.route = { name: routeName } as HttpContext['route']
  return ctx
}

/** A handler (the rest of the middleware chain) that finishes when told to. */
function handlerLog() {
  const started: string[] = []
  const finishers = new Map<string, () => void>()
  return {
    started,
    next: (name: string) => () => {
      started.push(name)
      return new Promise<void>((resolve) => finishers.set(name, resolve))
    },
    finish: (name: string) => finishers.get(name)!(),
  }
}

test.group('Requests handled at once per web process', () => {
  test('beyond the limit, requests wait and go in the order they came', async ({ assert }) => {
    const limiter = requestLimiter(2)
    const log = handlerLog()
    const done = []
    for (const name of ['a', 'b', 'c', 'd']) {
      done.push(limiter.handle(await contextFor('desk.tickets.index'), log.next(name)))
    }
    await sleep(10)
    assert.deepEqual(log.started, ['a', 'b'])
    assert.equal(limiter.limit.pendingCount, 2)

    log.finish('b')
    await sleep(10)
    assert.deepEqual(log.started, ['a', 'b', 'c'])
    log.finish('a')
    await sleep(10)
    assert.deepEqual(log.started, ['a', 'b', 'c', 'd'])
    log.finish('c')
    log.finish('d')
    await Promise.all(done)
    assert.equal(limiter.limit.activeCount, 0)
  })

  test('health probes, live streams and uploads never wait', async ({ assert }) => {
    const limiter = requestLimiter(1)
    const log = handlerLog()
    const busy = limiter.handle(await contextFor('desk.tickets.index'), log.next('page'))
    const passing = [
      limiter.handle(await contextFor('health.live'), log.next('health')),
      limiter.handle(await contextFor('transmit.events'), log.next('stream')),
      limiter.handle(
        await contextFor('portal.tickets.store', 'multipart/form-data; boundary=x'),
        log.next('upload')
      ),
    ]
    const waiting = limiter.handle(await contextFor('desk.home'), log.next('waiting'))
    await sleep(10)
    assert.deepEqual(log.started, ['page', 'health', 'stream', 'upload'])
    for (const name of ['page', 'health', 'stream', 'upload']) log.finish(name)
    await sleep(10)
    assert.include(log.started, 'waiting')
    log.finish('waiting')
    await Promise.all([busy, ...passing, waiting])
  })
})
