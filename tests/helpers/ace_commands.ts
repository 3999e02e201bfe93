import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import ace from '@adonisjs/core/services/ace'

const APP_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * Runs an ace command inside the test process (so it shares the test's
 * database transaction) with its output kept in memory. Colors print as
 * `red(...)`, e.g. `[ red(error) ] message`.
 */
export async function runCommand(name: string, argv: string[] = []) {
  ace.ui.switchMode('raw')
  const command = await ace.exec(name, argv)
  const logs = command.logger.getLogs()
  const lines = (stream: 'stdout' | 'stderr') =>
    logs.filter((log) => log.stream === stream).map((log) => log.message)
  return {
    command,
    stdout: lines('stdout'),
    stderr: lines('stderr'),
    /** Everything printed, one string. */
    output: logs.map((log) => log.message).join('\n'),
  }
}

/**
 * Runs `node ace.js <argv>` as a real process from the app root, with this
 * process's environment (the test database and ports) and `env` over it.
 * Resolves once it exits. Anything it writes to the database is committed:
 * use it only for runs that change nothing.
 */
export async function runAceProcess(
  argv: string[],
  { timeoutMs = 30_000, env = {} }: { timeoutMs?: number; env?: Record<string, string> } = {}
) {
  const child = spawn(process.execPath, ['ace.js', ...argv], {
    cwd: APP_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += String(chunk)))
  child.stderr.on('data', (chunk) => (stderr += String(chunk)))

  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => resolve(code))
  }).finally(() => clearTimeout(timer))
  return { exitCode, stdout, stderr }
}
