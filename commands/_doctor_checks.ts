import { constants, existsSync } from 'node:fs'
import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import net from 'node:net'
import tls from 'node:tls'
import { join, resolve as resolvePath } from 'node:path'
import pg from 'pg'
import { Redis } from 'ioredis'
import type { ApplicationService } from '@adonisjs/core/types'

/**
 * The checks of `node ace doctor`, one function per part of the
 * environment. Each answers findings (never throws): what it found, and
 * for a warning or a failure what to do about it.
 *
 * The file name starts with "_" so that ace's loader skips it: it is not a
 * command of its own.
 */

export type Status = 'ok' | 'warn' | 'fail' | 'skip'

export interface Finding {
  status: Status
  /** What was checked: "PostgreSQL", "Redis", … */
  subject: string
  /** What was found, on one line. */
  detail: string
  /** What to do about a warning or a failure. */
  hint?: string
}

const TIMEOUT_MS = 4000

const finding = (status: Status, subject: string, detail: string, hint?: string): Finding => ({
  status,
  subject,
  detail,
  ...(hint ? { hint } : {}),
})

/** A connection error as one line: its code when it has one ("ECONNREFUSED"). */
function reason(error: unknown) {
  const { code, message } = error as { code?: string; message?: string }
  if (code && /^E[A-Z]+$/.test(code) && message && !message.includes(code)) {
    return `${code}: ${message}`
  }
  return message || code || String(error)
}

/* ---------------------------------------------------------------- Node.js */

/** The running Node.js against `engines.node` of package.json (">=20.6.0"). */
export async function checkNode(appRoot: string): Promise<Finding> {
  const running = process.versions.node
  let wanted = ''
  try {
    const manifest = JSON.parse(await readFile(join(appRoot, 'package.json'), 'utf8'))
    wanted = manifest.engines?.node ?? ''
  } catch {
    // No package.json beside the app: nothing to compare with.
  }
  const minimum = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(wanted.trim())
  if (!minimum) return finding('ok', 'Node.js', `${running}`)

  const [major, minor, patch] = running.split('.').map(Number)
  const [wantedMajor, wantedMinor, wantedPatch] = minimum.slice(1).map((part) => Number(part ?? 0))
  const recentEnough =
    major !== wantedMajor
      ? major > wantedMajor
      : minor !== wantedMinor
        ? minor > wantedMinor
        : patch >= wantedPatch
  return recentEnough
    ? finding('ok', 'Node.js', `${running} (package.json wants ${wanted})`)
    : finding(
        'fail',
        'Node.js',
        `${running}, package.json wants ${wanted}`,
        'install a newer Node.js (e.g. from NodeSource) and run the command again'
      )
}

/* ------------------------------------------------------------ environment */

/**
 * Which dotenv files the app read (as @adonisjs/env loads them, from
 * ENV_PATH or the app root: the process environment first, then
 * .env.<NODE_ENV>.local, .env.local, .env.<NODE_ENV>, .env).
 */
export function checkEnvFiles(appRoot: string, nodeEnv: string): Finding {
  const envPath = process.env.ENV_PATH
  const folder = envPath ? resolvePath(appRoot, envPath) : appRoot
  const candidates = [
    `.env.${nodeEnv}.local`,
    ...(nodeEnv === 'test' ? [] : ['.env.local']),
    `.env.${nodeEnv}`,
    '.env',
  ]
  const found = candidates.filter((name) => existsSync(join(folder, name)))
  if (found.length === 0) {
    return finding(
      'warn',
      'environment',
      `NODE_ENV=${nodeEnv}; no .env file in ${folder}: every value comes from the process environment`,
      'npm run setup creates .env from .env.example (with a random APP_KEY)'
    )
  }
  return finding(
    'ok',
    'environment',
    `NODE_ENV=${nodeEnv}; read ${found.join(', ')} (the process environment wins)`
  )
}

/** APP_KEY encrypts cookies and signs URLs: present, random, long enough. */
export function checkAppKey(appKey: string): Finding {
  const generate = 'node ace generate:key writes a random one into .env'
  if (appKey.startsWith('change-me')) {
    return finding('fail', 'APP_KEY', 'still the placeholder of .env.example', generate)
  }
  // The encrypter of @adonisjs/core refuses shorter secrets at the first use.
  if (appKey.length < 16) {
    return finding('fail', 'APP_KEY', `${appKey.length} characters; at least 16 needed`, generate)
  }
  if (appKey.length < 32) {
    return finding('warn', 'APP_KEY', `${appKey.length} characters; 32 or more advised`, generate)
  }
  return finding('ok', 'APP_KEY', `set (${appKey.length} characters)`)
}

/* ------------------------------------------------------------- PostgreSQL */

export interface PostgresConnection {
  host: string
  port: number
  user: string
  password?: string
  database: string
}

/** Extensions the migrations create: btree_gin (core), pg_trgm (the kb plugin). */
const EXTENSIONS = ['btree_gin', 'pg_trgm']

const isLocal = (host: string) => ['127.0.0.1', 'localhost', '::1'].includes(host)

/**
 * Logs in as the app does (same role, password and database) and looks at
 * what the migrations need: CREATE on schema public, and each extension
 * installed or installable (trusted extensions need CREATE on the
 * database). `reachable` tells the migrations check whether to run.
 */
export async function checkPostgres(
  connection: PostgresConnection
): Promise<{ reachable: boolean; findings: Finding[] }> {
  const { host, port, user, database } = connection
  const where = `${user}@${host}:${port}/${database}`
  const client = new pg.Client({ ...connection, connectionTimeoutMillis: TIMEOUT_MS })
  client.on('error', () => {})
  try {
    await client.connect()
  } catch (error) {
    return { reachable: false, findings: [postgresRefusal(connection, where, error)] }
  }

  try {
    const { rows } = await client.query<{
      version: string
      superuser: boolean
      owner: string
      schema_create: boolean
      database_create: boolean
      available: string[]
      installed: string[]
    }>(
      `SELECT current_setting('server_version') AS version,
              (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
              pg_get_userbyid(d.datdba) AS owner,
              has_schema_privilege('public', 'CREATE') AS schema_create,
              has_database_privilege(current_database(), 'CREATE') AS database_create,
              ARRAY(SELECT name::text FROM pg_available_extensions WHERE name = ANY($1)) AS available,
              ARRAY(SELECT extname::text FROM pg_extension WHERE extname = ANY($1)) AS installed
         FROM pg_database d
        WHERE d.datname = current_database()`,
      [EXTENSIONS]
    )
    const probe = rows[0]
    const findings = [finding('ok', 'PostgreSQL', `${where} (PostgreSQL ${probe.version})`)]

    if (!probe.schema_create && !probe.superuser) {
      findings.push(
        finding(
          'fail',
          'PostgreSQL schema',
          `${user} may not create tables in schema public of ${database} (owner: ${probe.owner})`,
          `a superuser can run: ALTER DATABASE "${database}" OWNER TO "${user}"; (or GRANT CREATE ON SCHEMA public TO "${user}";)`
        )
      )
    }

    const missing = EXTENSIONS.filter((name) => !probe.available.includes(name))
    const toCreate = EXTENSIONS.filter(
      (name) => probe.available.includes(name) && !probe.installed.includes(name)
    )
    if (missing.length > 0) {
      findings.push(
        finding(
          'fail',
          'extensions',
          `${missing.join(', ')} not available on this server`,
          'they ship with PostgreSQL (Debian: the postgresql package; elsewhere postgresql-contrib)'
        )
      )
    } else if (toCreate.length > 0 && !probe.database_create && !probe.superuser) {
      findings.push(
        finding(
          'fail',
          'extensions',
          `${toCreate.join(', ')} not installed, and ${user} may not create them (no CREATE on ${database})`,
          `a superuser can run: ALTER DATABASE "${database}" OWNER TO "${user}";`
        )
      )
    } else {
      const state = EXTENSIONS.map((name) =>
        probe.installed.includes(name) ? `${name} installed` : `${name} available`
      )
      findings.push(finding('ok', 'extensions', state.join(', ')))
    }
    return { reachable: true, findings }
  } catch (error) {
    return {
      reachable: true,
      findings: [finding('fail', 'PostgreSQL', `${where}: ${reason(error)}`)],
    }
  } finally {
    await client.end().catch(() => {})
  }
}

function postgresRefusal(connection: PostgresConnection, where: string, error: unknown) {
  const { host, port, user, database } = connection
  const code = (error as { code?: string }).code
  // SQLSTATE 28P01: wrong password; 28000: no such role, or pg_hba.conf refuses.
  if (code === '28P01' || code === '28000') {
    return finding(
      'fail',
      'PostgreSQL',
      `cannot log in as ${user} at ${host}:${port}: ${reason(error)}`,
      `a superuser can run: CREATE ROLE "${user}" LOGIN CREATEDB PASSWORD '<DB_PASSWORD>'; ` +
        '(npm run setup does it, as root, when PostgreSQL runs on this machine)'
    )
  }
  // 3D000: the role logs in, but the database does not exist.
  if (code === '3D000') {
    return finding(
      'fail',
      'PostgreSQL',
      `${where}: the database ${database} does not exist`,
      `a superuser can run: CREATE DATABASE "${database}" OWNER "${user}"; (npm run setup does it on this machine)`
    )
  }
  return finding(
    'fail',
    'PostgreSQL',
    `not reachable at ${host}:${port}: ${reason(error)}`,
    isLocal(host)
      ? 'start it: npm run setup installs and starts PostgreSQL on this machine'
      : 'start that server, or fix DB_HOST/DB_PORT (process environment or .env)'
  )
}

/* ------------------------------------------------------------- migrations */

/**
 * Pending migrations are a warning (migration:run applies them); a
 * migration recorded as run whose file is gone is a failure: rollbacks
 * fail until its file (often a removed plugin folder) is back.
 */
export async function checkMigrations(app: ApplicationService): Promise<Finding> {
  try {
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const { MigrationRunner } = await import('@adonisjs/lucid/migration')
    const connectionName = db.primaryConnectionName
    const table = app.config.get<string>(
      `database.connections.${connectionName}.migrations.tableName`,
      'adonis_schema'
    )
    if (!(await db.connection().schema.hasTable(table))) {
      return finding(
        'warn',
        'migrations',
        'none has run on this database yet',
        'node ace migration:run --force'
      )
    }
    const list = await new MigrationRunner(db, app, { direction: 'up' }).getList()
    const pending = list.filter((migration) => migration.status === 'pending')
    const corrupt = list.filter((migration) => migration.status === 'corrupt')
    if (corrupt.length > 0) {
      return finding(
        'fail',
        'migrations',
        `recorded as run but missing on disk: ${corrupt.map((migration) => migration.name).join(', ')}`,
        'restore the folder they came from (a removed plugin?), then roll them back before removing it again'
      )
    }
    if (pending.length > 0) {
      const names = pending.slice(0, 3).map((migration) => migration.name)
      const more = pending.length > 3 ? `, and ${pending.length - 3} more` : ''
      return finding(
        'warn',
        'migrations',
        `${pending.length} pending: ${names.join(', ')}${more}`,
        'node ace migration:run --force'
      )
    }
    return finding('ok', 'migrations', `all ${list.length} have run`)
  } catch (error) {
    return finding('fail', 'migrations', reason(error))
  }
}

/* ------------------------------------------------------------------ Redis */

export interface RedisConnection {
  host: string
  port: number
  password?: string
  db?: number
}

/**
 * PING over a connection of its own (no retries: the app's connection
 * would keep reconnecting), with the app's host, port, password and
 * database. BullMQ needs keys never evicted: a maxmemory-policy other than
 * noeviction is a warning.
 */
export async function checkRedis(connection: RedisConnection): Promise<Finding[]> {
  const where = `${connection.host}:${connection.port} db ${connection.db ?? 0}`
  const client = new Redis({
    host: connection.host,
    port: connection.port,
    password: connection.password || undefined,
    db: connection.db ?? 0,
    lazyConnect: true,
    connectTimeout: TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  })
  // connect() rejects with "Connection is closed"; the reason came as an event.
  let lastError: unknown
  client.on('error', (error) => (lastError = error))
  try {
    await client.connect()
    const pong = await client.ping()
    if (pong !== 'PONG') {
      return [finding('fail', 'Redis', `${where} answered ${pong} to PING`)]
    }
    const info = await client.info('server')
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? '?'
    const findings = [finding('ok', 'Redis', `${where} (Redis ${version})`)]

    // CONFIG may be disabled (managed services): then there is nothing to say.
    const policy = await client
      .config('GET', 'maxmemory-policy')
      .then((reply) => (reply as string[])[1])
      .catch(() => undefined)
    if (policy && policy !== 'noeviction') {
      findings.push(
        finding(
          'warn',
          'Redis memory',
          `maxmemory-policy is ${policy}: Redis may evict queued jobs under memory pressure`,
          'set maxmemory-policy noeviction in redis.conf'
        )
      )
    }
    return findings
  } catch (error) {
    const text = reason(lastError ?? error)
    const refusedAuth = /NOAUTH|WRONGPASS|invalid password|AUTH/i.test(text)
    return [
      finding(
        'fail',
        'Redis',
        refusedAuth
          ? `${where} refuses the password: ${text}`
          : `not reachable at ${where}: ${text}`,
        refusedAuth
          ? 'check REDIS_PASSWORD'
          : isLocal(connection.host)
            ? 'start it: npm run setup installs and starts Redis on this machine'
            : 'start that server, or fix REDIS_HOST/REDIS_PORT (process environment or .env)'
      ),
    ]
  } finally {
    client.disconnect()
  }
}

/* ------------------------------------------------------------------- SMTP */

/**
 * Whether the mail server greets (220). Unreachable is a warning: the desk
 * works, and mail waits in the queue and is retried.
 */
export async function checkSmtp(
  server: { host: string; port: number; secure: boolean },
  inTest: boolean
): Promise<Finding> {
  const where = `${server.host}:${server.port}${server.secure ? ' (TLS)' : ''}`
  try {
    const greeting = await smtpGreeting(server)
    return /^220[ -]/.test(greeting)
      ? finding('ok', 'SMTP', `${where} greets: ${greeting.slice(0, 60)}`)
      : finding('warn', 'SMTP', `${where} answered "${greeting.slice(0, 60)}" instead of 220`)
  } catch (error) {
    if (inTest) {
      return finding(
        'skip',
        'SMTP',
        `nothing listens on ${where} now: the functional suite starts its own SMTP server there`
      )
    }
    return finding(
      'warn',
      'SMTP',
      `not reachable at ${where}: ${reason(error)}`,
      'mail (password resets, invitations, notifications) waits in the queue and is retried; start a mail server or fix SMTP_HOST/SMTP_PORT'
    )
  }
}

function smtpGreeting(server: { host: string; port: number; secure: boolean }) {
  return new Promise<string>((resolve, reject) => {
    const socket = server.secure
      ? tls.connect({ host: server.host, port: server.port, servername: server.host })
      : net.connect({ host: server.host, port: server.port })
    let received = ''
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error('no greeting within 4 s')))
    socket.on('error', reject)
    socket.on('data', (chunk) => {
      received += String(chunk)
      const end = received.indexOf('\n')
      if (end === -1) return
      socket.end('QUIT\r\n')
      socket.destroy()
      resolve(received.slice(0, end).trim())
    })
    socket.on('close', () => reject(new Error('closed before greeting')))
  })
}

/* ---------------------------------------------------------------- storage */

/** Attachments on the local disk: the folder exists (or can be made) and takes a file. */
export async function checkStorage(
  disk: string,
  folder: string,
  bucket?: string
): Promise<Finding> {
  if (disk === 's3') {
    return finding('skip', 'storage', `DRIVE_DISK=s3: bucket ${bucket} is not probed`)
  }
  const probe = join(folder, `.doctor-${randomBytes(6).toString('hex')}`)
  try {
    await mkdir(folder, { recursive: true })
    await writeFile(probe, 'ok')
    await rm(probe)
    return finding('ok', 'storage', `${folder} is writable`)
  } catch (error) {
    return finding(
      'fail',
      'storage',
      `attachments cannot be stored in ${folder}: ${reason(error)}`,
      "make it writable by the app's user, or set DRIVE_ROOT"
    )
  }
}

/* --------------------------------------------------------------- Chromium */

/** The browser tests drive Chromium through playwright-core (tests/helpers/browser.ts). */
export async function checkChromium(path: string, required: boolean): Promise<Finding> {
  try {
    await access(path, constants.X_OK)
    return finding('ok', 'Chromium', `${path} (browser tests)`)
  } catch {
    return finding(
      required ? 'fail' : 'warn',
      'Chromium',
      `${path} not found: only the browser tests need it`,
      'npm test installs it (apt-get install chromium), or set CHROMIUM_PATH'
    )
  }
}
