import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { waitFor } from '#tests/helpers/app_process'

const APP_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * A real worker process (`node ace queue:listen`) from this tree, with the
 * test's environment plus `env` (e.g. REDIS_PORT of a Redis the test owns).
 * Resolves once it listens. Its output (JSON log lines) is kept.
 */
export async function startWorkerProcess(env: Record<string, string>, argv: string[] = []) {
  const child = spawn(process.execPath, ['ace.js', 'queue:listen', ...argv], {
    cwd: APP_ROOT,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  child.stdout!.on('data', (chunk) => output.push(String(chunk)))
  child.stderr!.on('data', (chunk) => output.push(String(chunk)))
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code))
  )

  await waitFor(
    async () => output.join('').includes('Worker listening on'),
    'the worker to listen',
    60_000
  ).catch((error) => {
    child.kill('SIGKILL')
    throw new Error(`${error.message}\n${output.join('')}`)
  })

  return {
    output,
    exited,
    signal: (name: NodeJS.Signals) => child.kill(name),
    /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
    stop: async (graceMs = 15_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
      child.kill('SIGTERM')
      const code = await Promise.race([exited, sleep(graceMs).then(() => 'timeout' as const)])
      if (code === 'timeout') {
        child.kill('SIGKILL')
        await exited
        return null
      }
      return code
    },
  }
}
