import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'

const APP_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * A free TCP port on the loopback interface.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

export async function httpStatus(url: string) {
  const response = await fetch(url)
  return response.status
}

export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return
    await sleep(100)
  }
  throw new Error(`Timed out waiting for ${what}`)
}

/**
 * A web process of the app started from source, for tests that need a
 * server configured differently from the in-process one (other plugin
 * folders, a Redis that the test stops). Its stdout (JSON log lines) is kept.
 */
export async function startAppProcess(env: Record<string, string>) {
  const port = await freePort()
  const child = spawn(
    process.execPath,
    ['--import', 'ts-node-maintained/register/esm', 'bin/server.ts'],
    {
      cwd: APP_ROOT,
      env: { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }
  )
  const output: string[] = []
  child.stdout!.on('data', (chunk) => output.push(String(chunk)))
  child.stderr!.on('data', (chunk) => output.push(String(chunk)))

  const url = `http://127.0.0.1:${port}`
  await waitFor(
    async () => (await httpStatus(`${url}/health/live`)) === 200,
    `the app on ${url}`
  ).catch((error) => {
    child.kill('SIGKILL')
    throw new Error(`${error.message}\n${output.join('')}`)
  })

  return {
    url,
    output,
    /** The child itself, for tests that signal it and watch it exit. */
    process: child,
    logLines: () =>
      output
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line)),
    stop: () => stopProcess(child),
  }
}

/**
 * A Redis server owned by the test, so the test may stop it without
 * touching the Redis other tests use.
 */
export async function startRedisServer(port?: number) {
  port ??= await freePort()
  const child = spawn(
    process.env.REDIS_SERVER_PATH ?? 'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' }
  )
  await waitFor(() => canConnect(port!), `redis-server on port ${port}`)
  return { port, stop: () => stopProcess(child) }
}

async function canConnect(port: number) {
  const { connect } = await import('node:net')
  return new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

async function stopProcess(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const stopped = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)])
  if (!stopped) {
    child.kill('SIGKILL')
    await exited
  }
}
