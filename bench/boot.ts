/*
|--------------------------------------------------------------------------
| What every bench script shares: its options, the app, its figures
|--------------------------------------------------------------------------
|
| A bench script reads its options with `readOptions` (typed by the spec it
| passes, `--help` printed from the same spec), runs its body inside
| `withApp` (the app booted as ace boots it, terminated afterwards, even on
| an error), and times its cases with `measure` and `printTable`. Scripts
| run from the sources: node --import ts-node-maintained/register/esm <script>
|
*/
import 'reflect-metadata'
import { randomBytes } from 'node:crypto'
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { setTimeout as sleep } from 'node:timers/promises'
import { Ignitor } from '@adonisjs/core'
import type { ApplicationService } from '@adonisjs/core/types'
import type { Database } from '@adonisjs/lucid/database'
import type Organization from '#models/organization'
import type User from '#models/user'

export const APP_ROOT = new URL('../', import.meta.url)

/* --------------------------------------------------------------- options */

interface StringOption {
  type: 'string'
  help: string
  /** What the value is, in the usage (`--org=<slug>`). */
  value?: string
  default?: string
}
interface NumberOption {
  type: 'number'
  help: string
  value?: string
  default?: number
  min?: number
  max?: number
  /** Fractions allowed (whole numbers only by default). */
  fraction?: boolean
}
interface FlagOption {
  type: 'boolean'
  help: string
}
type OptionSpec = StringOption | NumberOption | FlagOption

/** The values of a spec: a number option is a number, a flag a boolean. */
export type Options<Spec extends Record<string, OptionSpec>> = {
  [Name in keyof Spec]: Spec[Name] extends FlagOption
    ? boolean
    : Spec[Name] extends { default: infer Default }
      ? Default extends number
        ? number
        : string
      : Spec[Name] extends NumberOption
        ? number | undefined
        : string | undefined
}

/**
 * The script's options from the command line, as `--name=value`. `--help`
 * prints the usage (each option's help and default, then `notes`) and
 * exits 0; an unknown option or a number out of range prints one line and
 * exits 1.
 */
export function readOptions<const Spec extends Record<string, OptionSpec>>(
  script: string,
  spec: Spec,
  notes = ''
): Options<Spec> {
  const usage = () => {
    const flags = Object.entries(spec).map(([name, option]) =>
      option.type === 'boolean'
        ? `--${name}`
        : `--${name}=<${option.value ?? (option.type === 'number' ? 'n' : 'text')}>`
    )
    const width = Math.max(...flags.map((flag) => flag.length))
    const lines = Object.values(spec).map((option, index) => {
      const fallback =
        option.type !== 'boolean' && option.default !== undefined
          ? ` (default: ${option.default})`
          : ''
      return `  ${flags[index].padEnd(width)}  ${option.help}${fallback}`
    })
    return [
      `Usage: node --import ts-node-maintained/register/esm ${script} [options]`,
      ...lines,
      `  ${'--help'.padEnd(width)}  this text`,
      ...(notes ? [notes] : []),
    ].join('\n')
  }

  let parsed: Record<string, string | boolean | undefined>
  try {
    parsed = parseArgs({
      options: {
        help: { type: 'boolean' },
        ...Object.fromEntries(
          Object.entries(spec).map(([name, option]) => [
            name,
            { type: option.type === 'boolean' ? ('boolean' as const) : ('string' as const) },
          ])
        ),
      },
    }).values
  } catch (error) {
    return exitWith(`${(error as Error).message}\n\n${usage()}`)
  }
  if (parsed.help) {
    console.log(usage())
    process.exit(0)
  }

  const values: Record<string, string | number | boolean | undefined> = {}
  for (const [name, option] of Object.entries(spec)) {
    const given = parsed[name]
    if (option.type === 'boolean') {
      values[name] = given === true
    } else if (option.type === 'string') {
      values[name] = typeof given === 'string' ? given : option.default
    } else {
      values[name] = given === undefined ? option.default : readNumber(name, option, String(given))
    }
  }
  return values as Options<Spec>
}

function readNumber(name: string, option: NumberOption, text: string) {
  const value = Number(text)
  const min = option.min ?? (option.fraction ? Number.NEGATIVE_INFINITY : 1)
  const max = option.max ?? Number.POSITIVE_INFINITY
  const kind = option.fraction ? 'a number' : 'a whole number'
  const range = Number.isFinite(max) ? ` from ${min} to ${max}` : ` of at least ${min}`
  if (
    text.trim() === '' ||
    !Number.isFinite(value) ||
    (!option.fraction && !Number.isInteger(value)) ||
    value < min ||
    value > max
  ) {
    return exitWith(`--${name} must be ${kind}${range}`)
  }
  return value
}

function exitWith(message: string): never {
  console.error(message)
  process.exit(1)
}

/* ------------------------------------------------------------------- app */

/**
 * The app, booted and started in the console environment as `node ace`
 * does (providers, preloads, the environment: DB_DATABASE & co.). Modules
 * that use its services are imported after this resolves; the script ends
 * with `await app.terminate()` (database pool, Redis), in a `finally`.
 */
export async function startApp(): Promise<ApplicationService> {
  const importer = (filePath: string) =>
    filePath.startsWith('./') || filePath.startsWith('../')
      ? import(new URL(filePath, APP_ROOT).href)
      : import(filePath)
  const app = new Ignitor(APP_ROOT, { importer }).createApp('console')
  app.booting(async () => {
    await import('#start/env')
  })
  await app.init()
  await app.boot()
  await app.start(() => {})
  return app
}

/* --------------------------------------------------------------- figures */

/** A measured case: `run` does the work once and answers the rows it found. */
export interface Case {
  name: string
  run: () => Promise<number>
}

export interface Result {
  name: string
  rows: number
  p50: number
  p95: number
  p99: number
  max: number
}

/** The value below which `p` percent of the sorted values fall. */
export function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

/** `runs` timed runs of a case after `warmUp` untimed ones. */
export async function measure(testCase: Case, runs: number, warmUp = 5): Promise<Result> {
  let rows = 0
  for (let warm = 0; warm < warmUp; warm++) rows = await testCase.run()
  const times: number[] = []
  for (let index = 0; index < runs; index++) {
    const started = performance.now()
    rows = await testCase.run()
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return {
    name: testCase.name,
    rows,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times[times.length - 1],
  }
}

/** One line per case: rows, p50/p95/p99/max in ms, and whether p95 meets the target. */
export function printTable(results: Result[], targetP95Ms: number) {
  printColumns(
    ['case', 'rows', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', `p95 < ${targetP95Ms}`],
    results.map((result) => [
      result.name,
      String(result.rows),
      result.p50.toFixed(1),
      result.p95.toFixed(1),
      result.p99.toFixed(1),
      result.max.toFixed(1),
      result.p95 < targetP95Ms ? 'yes' : 'NO',
    ])
  )
}

/** A table of text: the first column left-aligned, the others right-aligned. */
export function printColumns(header: string[], lines: string[][]) {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column].length))
  )
  const format = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])
      )
      .join('  ')
  console.log(format(header))
  console.log(widths.map((width) => '-'.repeat(width)).join('  '))
  for (const line of lines) console.log(format(line))
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of every SELECT that `run` sends, as it sent
 * it (Knex reports PostgreSQL's $1 placeholders and their bindings): the
 * slowest statement with its plan, or null when it sent none. `session`
 * wraps the plans in settings the code sets for itself (e.g.
 * `SET enable_seqscan = off` / `RESET enable_seqscan`).
 */
export async function explainSlowest(
  db: Database,
  run: () => Promise<unknown>,
  session?: { set: string; reset: string }
) {
  const knex = db.connection().getWriteClient()
  const captured: Array<{ sql: string; bindings: unknown[] }> = []
  const listener = (query: { sql: string; bindings?: unknown[] }) =>
    captured.push({ sql: query.sql, bindings: query.bindings ?? [] })
  knex.on('query', listener)
  try {
    await run()
  } finally {
    knex.off('query', listener)
  }

  const connection = await knex.client.acquireConnection()
  let slowest: { sql: string; plan: string[]; ms: number } | null = null
  try {
    if (session) await connection.query(session.set)
    for (const query of captured.filter((statement) => /^\s*select/i.test(statement.sql))) {
      const { rows } = await connection.query(
        `EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`,
        query.bindings
      )
      const plan = (rows as Array<Record<string, string>>).map((row) => row['QUERY PLAN'])
      const line = plan.find((text) => text.startsWith('Execution Time'))
      const ms = line ? Number.parseFloat(line.replace(/[^\d.]/g, '')) : 0
      if (!slowest || ms > slowest.ms) slowest = { sql: query.sql, plan, ms }
    }
  } finally {
    if (session) await connection.query(session.reset)
    await knex.client.releaseConnection(connection)
  }
  return slowest
}

/* ------------------------------------------------------------ web process */

async function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/**
 * A web process of this checkout on a free port, against the same database,
 * as deployed: production mode caches compiled templates and serves built
 * assets (`npx vite build` first). With `built`, the production build
 * itself (`node build/bin/server.js` from build/, after `node ace build`)
 * instead of the sources. `env` goes over this process's environment.
 * Resolves once /health/live answers; `stop` ends it (SIGTERM, then
 * SIGKILL after 10 s) and resolves once it has exited; `running` tells
 * whether it still runs.
 */
export async function startWebProcess({
  built = false,
  env = {},
}: { built?: boolean; env?: Record<string, string> } = {}) {
  const port = await freePort()
  const root = fileURLToPath(APP_ROOT)
  const child = spawn(
    process.execPath,
    built ? ['bin/server.js'] : ['--import', 'ts-node-maintained/register/esm', 'bin/server.ts'],
    {
      cwd: built ? join(root, 'build') : root,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    }
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let running = true
  void exited.then(() => (running = false))
  const stop = async () => {
    if (!running) return
    child.kill('SIGTERM')
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(killer)
  }

  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline && running) {
    const up = await fetch(`${url}/health/live`).then(
      (response) => response.ok,
      () => false
    )
    if (up) return { url, pid: child.pid!, stop, running: () => running }
    await sleep(200)
  }
  await stop()
  throw new Error(
    running ? 'The web process did not start within 60 s' : 'The web process exited at start'
  )
}

/** Signs in through the login form; returns the session's cookie header. */
export async function signIn(url: string, email: string, password: string) {
  const cookies = new Map<string, string>()
  const keep = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';')
      const [name, ...value] = pair.split('=')
      cookies.set(name, value.join('='))
    }
  }
  const header = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  const form = await fetch(`${url}/login`)
  keep(form)
  const csrf = /name=["']_csrf["'] value=["']([^"']+)["']/.exec(await form.text())?.[1]
  const response = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cookie': header() },
    body: new URLSearchParams({ email, password, _csrf: csrf ?? '' }),
  })
  keep(response)
  if (response.status !== 302 || !response.headers.get('location')?.startsWith('/desk')) {
    throw new Error(`Signing in as ${email} failed (${response.status})`)
  }
  return header()
}

/* ---------------------------------------------------------------- people */

type BenchRole = 'agent' | 'manager' | 'customer'

/**
 * The bench's own people in an organization, bench.<role>@<slug>.example,
 * created through CreateUser when missing; all of them get one fresh
 * random password each run (shown nowhere: the script signs in with it).
 */
export async function benchAccounts<const Roles extends BenchRole[]>(
  organization: Organization,
  roles: Roles
) {
  const { default: User } = await import('#models/user')
  const { default: CreateUser } = await import('#actions/users/create_user')
  const { default: Actor } = await import('#actions/actor')
  const password = randomBytes(18).toString('base64url')
  const users = {} as Record<Roles[number], User>
  for (const role of roles as Roles[number][]) {
    const email = `bench.${role}@${organization.slug}.example`
    const user = await User.findByEmail(email)
    if (user) {
      user.password = password
      await user.save()
    } else {
      await CreateUser.handle(Actor.system(), {
        email,
        fullName: `Bench ${role}`,
        password,
        organization,
        role,
      })
    }
    // Read again: the created model stays bound to its finished transaction.
    users[role] = (await User.findByEmail(email))!
  }
  return { password, users }
}
