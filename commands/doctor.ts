import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import {
  checkAppKey,
  checkChromium,
  checkEnvFiles,
  checkMigrations,
  checkNode,
  checkPostgres,
  checkRedis,
  checkSmtp,
  checkStorage,
  type Finding,
  type PostgresConnection,
  type RedisConnection,
} from './_doctor_checks.js'

/**
 * Checks and explains the environment this checkout runs in, one line per
 * check (ok, warn, fail, skip) with what to do under each warning and
 * failure. Exits 1 when anything fails; warnings alone exit 0. The set-up
 * scripts (infra/scripts) run it once the services are up.
 *
 * It boots the app itself (startApp: false) so that a configuration that
 * does not boot is reported like any other failure.
 */
export default class Doctor extends BaseCommand {
  static commandName = 'doctor'
  static description =
    'Check the environment: Node.js, .env, PostgreSQL, migrations, Redis, SMTP, storage, Chromium'
  static help = [
    'Connects to each service with the settings the app uses (the process',
    'environment, then .env) and prints one line per check:',
    '',
    '  ok    works',
    '  warn  the desk runs, but look at it (the line below says why)',
    '  fail  the desk cannot work like this (the line below says what to do)',
    '  skip  not checked, and why',
    '',
    'Exit code 1 when a check fails. With NODE_ENV=test it checks what the',
    'test suites need: Chromium is required, and SMTP is the server that the',
    'functional suite starts.',
  ]

  static options: CommandOptions = {
    startApp: false,
  }

  #findings: Finding[] = []

  async run() {
    const appRoot = resolve(fileURLToPath(this.app.appRoot))
    this.logger.log(`Checking the environment of ${appRoot}`)
    this.#report(await checkNode(appRoot))

    let env: (typeof import('#start/env'))['default']
    try {
      const loaded = await import('#start/env')
      env = loaded.default
    } catch (error) {
      const { help, message } = error as { help?: string; message: string }
      this.#report({
        status: 'fail',
        subject: 'environment',
        detail: message,
        hint: `${help ?? ''}\nfix these in .env (see .env.example) or the process environment`.trim(),
      })
      return this.#summarize()
    }
    this.#report(checkEnvFiles(appRoot, env.get('NODE_ENV')))
    this.#report(checkAppKey(env.get('APP_KEY')))

    try {
      if (!this.app.isBooted) await this.app.boot()
    } catch (error) {
      this.#report({
        status: 'fail',
        subject: 'app',
        detail: `does not boot: ${(error as Error).message}`,
      })
      return this.#summarize()
    }

    const connectionName = this.app.config.get<string>('database.connection')
    const postgres = await checkPostgres(
      this.app.config.get<PostgresConnection>(`database.connections.${connectionName}.connection`)
    )
    postgres.findings.forEach((found) => this.#report(found))
    this.#report(
      postgres.reachable
        ? await checkMigrations(this.app)
        : { status: 'skip', subject: 'migrations', detail: 'no connection to PostgreSQL' }
    )

    const redisName = this.app.config.get<string>('redis.connection')
    const redis = await checkRedis(
      this.app.config.get<RedisConnection>(`redis.connections.${redisName}`)
    )
    redis.forEach((found) => this.#report(found))

    this.#report(
      await checkSmtp(
        {
          host: env.get('SMTP_HOST'),
          port: env.get('SMTP_PORT'),
          secure: env.get('SMTP_SECURE', false),
        },
        this.app.inTest
      )
    )

    const { storageFolder } = await import('#config/drive')
    this.#report(
      await checkStorage(env.get('DRIVE_DISK', 'fs'), storageFolder(), env.get('S3_BUCKET'))
    )
    this.#report(
      await checkChromium(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', this.app.inTest)
    )
    return this.#summarize()
  }

  /** One line per finding as it comes (the network checks take a moment each). */
  #report(found: Finding) {
    this.#findings.push(found)
    const paint = (text: string) => {
      if (found.status === 'ok') return this.colors.green(text)
      if (found.status === 'warn') return this.colors.yellow(text)
      if (found.status === 'fail') return this.colors.red(text)
      return this.colors.dim(text)
    }
    this.logger.log(
      `  ${paint(found.status.padEnd(4))}  ${found.subject.padEnd(17)}  ${found.detail}`
    )
    for (const line of found.hint?.split('\n') ?? []) {
      this.logger.log(`  ${' '.repeat(4)}  ${' '.repeat(17)}  ${this.colors.dim(`→ ${line}`)}`)
    }
  }

  #summarize() {
    const count = (status: Finding['status']) =>
      this.#findings.filter((found) => found.status === status).length
    const failures = count('fail')
    const warnings = count('warn')
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
    const line = `${plural(count('ok'), 'check')} ok, ${plural(warnings, 'warning')}, ${plural(failures, 'failure')}`
    if (failures > 0) {
      this.logger.log(this.colors.red(line))
      this.exitCode = 1
    } else {
      this.logger.log(this.colors.green(line))
    }
  }
}
