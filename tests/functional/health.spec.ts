import { test } from '@japa/runner'
import { Redis } from 'ioredis'
import { startAppProcess, startRedisServer, waitFor, httpStatus } from '#tests/helpers/app_process'

test.group('Health probes', () => {
  test('GET /health/live answers while the process is up', async ({ client }) => {
    const response = await client.get('/health/live')
    response.assertStatus(200)
    response.assertBody({ status: 'ok' })
  })

  test('GET /health/ready reports PostgreSQL and Redis healthy', async ({ client, assert }) => {
    const response = await client.get('/health/ready')
    response.assertStatus(200)
    assert.isTrue(response.body().isHealthy)
    assert.sameMembers(
      response.body().checks.map((check: { name: string; isHealthy: boolean }) => check.name),
      ['PostgreSQL', 'Redis']
    )
    assert.isTrue(response.body().checks.every((check: { isHealthy: boolean }) => check.isHealthy))
  })

  test('GET /health/ready answers 503 while Redis is stopped, and 200 again when it is back', async ({
    assert,
  }) => {
    let redis = await startRedisServer()
    // As in production: sessions in Redis, JSON logs on stdout.
    const app = await startAppProcess({
      REDIS_PORT: String(redis.port),
      REDIS_DB: '0',
      SESSION_DRIVER: 'redis',
      LOG_LEVEL: 'info',
    })

    try {
      const healthy = await fetch(`${app.url}/health/ready`)
      assert.equal(healthy.status, 200)

      // A page visit stores its session (CSRF secret) in Redis.
      const page = await fetch(`${app.url}/`)
      assert.equal(page.status, 200)
      const client = new Redis({ port: redis.port, lazyConnect: true })
      const keys = await client.keys('*')
      client.disconnect()
      assert.isAtLeast(keys.length, 1, 'the session is stored in Redis')

      await redis.stop()
      const down = await fetch(`${app.url}/health/ready`)
      assert.equal(down.status, 503)
      const report = await down.json()
      assert.isFalse(report.isHealthy)
      assert.deepInclude(report.checks, {
        name: 'Redis',
        isHealthy: false,
        status: 'error',
        message: 'Unavailable',
      })
      assert.notInclude(JSON.stringify(report), 'stack')

      const live = await fetch(`${app.url}/health/live`)
      assert.equal(live.status, 200, 'the process itself is still up')

      redis = await startRedisServer(redis.port)
      await waitFor(
        async () => (await httpStatus(`${app.url}/health/ready`)) === 200,
        'readiness after Redis came back'
      )

      // Every request line of the JSON log carries the request id.
      const requestLines = app.logLines().filter((line) => line.msg === 'request completed')
      assert.isAtLeast(requestLines.length, 3)
      for (const line of requestLines) {
        assert.match(line.request_id, /\w{10,}/)
      }
    } finally {
      await app.stop()
      await redis.stop()
    }
  }).timeout(60_000)
})
