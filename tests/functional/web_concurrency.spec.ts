import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { test } from '@japa/runner'
import { startAppProcess, waitFor } from '#tests/helpers/app_process'

/** The pids of the web processes that logged "started HTTP server". */
function startedPids(lines: Array<{ msg?: string; pid?: number }>) {
  return lines
    .filter((line) => line.msg?.startsWith('started HTTP server'))
    .map((line) => line.pid!)
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

test.group('Web processes: WEB_CONCURRENCY', () => {
  test('n web processes share the port, a dead one is replaced, SIGTERM ends them all', async ({
    assert,
  }) => {
    const app = await startAppProcess({ WEB_CONCURRENCY: '2', LOG_LEVEL: 'info' })
    try {
      await waitFor(async () => startedPids(app.logLines()).length === 2, 'two web processes')
      const [first, second] = startedPids(app.logLines())
      assert.notEqual(first, second)
      assert.notEqual(first, app.process.pid)

      // Both answer on the one port (the kernel spreads the connections).
      const answering = new Set<number>()
      await waitFor(async () => {
        await fetch(`${app.url}/health/live`, { headers: { connection: 'close' } })
        for (const line of app.logLines()) {
          if (line.url === '/health/live' && line.pid) answering.add(line.pid)
        }
        return answering.size === 2
      }, 'requests answered by both processes')

      process.kill(first, 'SIGKILL')
      await waitFor(async () => startedPids(app.logLines()).length === 3, 'a replacement process')
      const replacement = startedPids(app.logLines())[2]
      assert.notIncludeMembers([first, second], [replacement])
      const response = await fetch(`${app.url}/health/live`)
      assert.equal(response.status, 200)

      const exited = once(app.process, 'exit')
      app.process.kill('SIGTERM')
      const [code] = await exited
      assert.equal(code, 0)
      await waitFor(
        async () => !isAlive(second) && !isAlive(replacement),
        'the web processes to end'
      )
    } finally {
      await app.stop()
    }
  }).timeout(90_000)

  test('a WEB_CONCURRENCY that is not a number of processes stops the start with a clear line', async ({
    assert,
  }) => {
    const child = spawn(
      process.execPath,
      ['--import', 'ts-node-maintained/register/esm', 'bin/server.ts'],
      { env: { ...process.env, WEB_CONCURRENCY: 'two' }, stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const [code] = await once(child, 'exit')
    assert.equal(code, 1)
    assert.include(
      output,
      'WEB_CONCURRENCY must be a whole number of web processes from 1 to 999 (got "two")'
    )
    assert.notInclude(output, '    at ')
  }).timeout(30_000)
})
