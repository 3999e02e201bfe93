/*
|--------------------------------------------------------------------------
| Environment variables service
|--------------------------------------------------------------------------
|
| Every variable the app reads is validated here and documented in
| .env.example. The app refuses to boot when one is missing or malformed.
|
*/
import { Env } from '@adonisjs/core/env'

export default await Env.create(new URL('../', import.meta.url), {
  NODE_ENV: Env.schema.enum(['development', 'production', 'test'] as const),
  TZ: Env.schema.string.optional(),
  PORT: Env.schema.number(),
  /** Web processes sharing PORT (bin/server.ts); 1 when unset. */
  WEB_CONCURRENCY: wholeNumber('web processes', 1, 999),
  /** Requests one web process handles at once, the others wait (request_concurrency_middleware). */
  WEB_MAX_CONCURRENT_REQUESTS: wholeNumber('requests', 1, 10_000),
  HOST: Env.schema.string({ format: 'host' }),
  APP_KEY: Env.schema.string(),
  APP_NAME: Env.schema.string.optional(),
  APP_URL: Env.schema.string({ format: 'url', tld: false }),
  LOG_LEVEL: Env.schema.enum([
    'fatal',
    'error',
    'warn',
    'info',
    'debug',
    'trace',
    'silent',
  ] as const),

  /*
  |----------------------------------------------------------
  | Sessions (stored in Redis)
  |----------------------------------------------------------
  */
  SESSION_DRIVER: Env.schema.enum(['redis', 'cookie', 'memory'] as const),

  /*
  |----------------------------------------------------------
  | PostgreSQL
  |----------------------------------------------------------
  */
  DB_HOST: Env.schema.string({ format: 'host' }),
  DB_PORT: Env.schema.number(),
  DB_USER: Env.schema.string(),
  DB_PASSWORD: Env.schema.string.optional(),
  DB_DATABASE: Env.schema.string(),
  DB_POOL_MAX: Env.schema.number.optional(),

  /*
  |----------------------------------------------------------
  | Redis
  |----------------------------------------------------------
  */
  REDIS_HOST: Env.schema.string({ format: 'host' }),
  REDIS_PORT: Env.schema.number(),
  REDIS_PASSWORD: Env.schema.string.optional(),
  REDIS_DB: Env.schema.number.optional(),
  QUEUE_PREFIX: Env.schema.string.optional(),

  /*
  |----------------------------------------------------------
  | Plugins
  |----------------------------------------------------------
  | PLUGINS_PATHS: comma-separated folders scanned for plugins/<id>/plugin.ts.
  | PLUGINS_ALLOW: comma-separated plugin ids allowed on this server, or "*".
  */
  PLUGINS_PATHS: Env.schema.string.optional(),
  PLUGINS_ALLOW: Env.schema.string.optional(),

  /*
  |----------------------------------------------------------
  | Rate limits (sign-in protection): redis, or memory
  |----------------------------------------------------------
  */
  LIMITER_STORE: Env.schema.enum(['redis', 'memory'] as const),

  /*
  |----------------------------------------------------------
  | Outgoing mail (SMTP)
  |----------------------------------------------------------
  */
  SMTP_HOST: Env.schema.string({ format: 'host' }),
  SMTP_PORT: Env.schema.number(),
  SMTP_SECURE: Env.schema.boolean.optional(),
  SMTP_USERNAME: Env.schema.string.optional(),
  SMTP_PASSWORD: Env.schema.string.optional(),
  MAIL_FROM_ADDRESS: Env.schema.string({ format: 'email' }),
  MAIL_FROM_NAME: Env.schema.string.optional(),

  /*
  |----------------------------------------------------------
  | Attachments (stored through @adonisjs/drive)
  |----------------------------------------------------------
  | DRIVE_DISK: fs (a local folder: DRIVE_ROOT, default storage/) or s3
  | (any S3-compatible service, for several web processes on several
  | machines). The S3_* values are required when DRIVE_DISK=s3.
  | ATTACHMENT_MAX_MB: the largest file accepted, in megabytes (default 25).
  */
  DRIVE_DISK: Env.schema.enum.optional(['fs', 's3'] as const),
  DRIVE_ROOT: Env.schema.string.optional(),
  ATTACHMENT_MAX_MB: wholeNumber('megabytes', 1, 2048),
  S3_BUCKET: requiredForS3,
  S3_REGION: requiredForS3,
  S3_ENDPOINT: Env.schema.string.optional({ format: 'url', tld: false }),
  S3_ACCESS_KEY_ID: Env.schema.string.optional(),
  S3_SECRET_ACCESS_KEY: Env.schema.string.optional(),
  S3_FORCE_PATH_STYLE: Env.schema.boolean.optional(),
})

/** An optional whole number within bounds, refused at boot with its unit and range otherwise. */
function wholeNumber(unit: string, min: number, max: number) {
  return (name: string, value?: string) => {
    if (value === undefined || value === '') return undefined
    const number = Number(value)
    if (!Number.isInteger(number) || number < min || number > max) {
      throw new Error(`${name} must be a whole number of ${unit} between ${min} and ${max}`)
    }
    return number
  }
}

/**
 * A value the S3 disk cannot work without: optional while files stay on
 * the local disk, required (at boot, not at the first upload) with
 * DRIVE_DISK=s3. The .env files are merged into process.env before the
 * values are validated.
 */
function requiredForS3(name: string, value?: string) {
  if (process.env.DRIVE_DISK === 's3' && !value) {
    throw new Error(`${name} is required when DRIVE_DISK=s3`)
  }
  return value || undefined
}
