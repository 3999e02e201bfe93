/*
|--------------------------------------------------------------------------
| The dotenv side of the set-up scripts (setup.sh, demo.sh, test.sh)
|--------------------------------------------------------------------------
|
| Plain Node (no TypeScript loader, so it answers in milliseconds), with the
| app's own loader and parser (@adonisjs/env): the scripts see exactly the
| values the app will.
|
|   node infra/scripts/env.mjs init
|     .env from .env.example with a random APP_KEY on first run; an existing
|     .env is kept, except that an empty or placeholder APP_KEY is replaced.
|
|   node infra/scripts/env.mjs export [--test]
|     `export KEY='value'` lines for the script to eval: the process
|     environment first, then the dotenv files in the order the app reads
|     them (.env.<NODE_ENV>.local, .env.local, .env.<NODE_ENV>, .env), then
|     .env.example for keys an old .env lacks. With --test, what a test run
|     sees (bin/test.ts): .env.test forced over all of it, then
|     TEST_DB_DATABASE, TEST_REDIS_DB, TEST_PORT and TEST_SMTP_PORT.
|
*/
import { randomBytes } from 'node:crypto'
import { chmod, copyFile, readFile, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { EnvLoader, EnvParser } from '@adonisjs/env'

const APP_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const ENV_FILE = `${APP_ROOT}.env`
const EXAMPLE_FILE = `${APP_ROOT}.env.example`
const APP_KEY_LINE = /^\s*(export\s+)?APP_KEY\s*=(.*)$/m

const parse = (contents) => new EnvParser(contents, { ignoreProcessEnv: true }).parse()

async function init() {
  const key = randomBytes(32).toString('base64url')
  if (!existsSync(ENV_FILE)) {
    await copyFile(EXAMPLE_FILE, ENV_FILE)
    await chmod(ENV_FILE, 0o600) // it holds secrets
    await writeAppKey(key)
    console.log('Created .env from .env.example with a new random APP_KEY')
    return
  }
  const { APP_KEY: current = '' } = await parse(await readFile(ENV_FILE, 'utf8'))
  if (current === '' || current.startsWith('change-me')) {
    await writeAppKey(key)
    console.log('Replaced the placeholder APP_KEY in .env with a random key')
  } else {
    console.log('.env exists; keeping it')
  }
}

/** Replaces the APP_KEY line of .env (or appends one); every other line stays as it is. */
async function writeAppKey(key) {
  const contents = await readFile(ENV_FILE, 'utf8')
  const updated = APP_KEY_LINE.test(contents)
    ? contents.replace(APP_KEY_LINE, `APP_KEY=${key}`)
    : `${contents.replace(/\n?$/, '\n')}APP_KEY=${key}\n`
  await writeFile(ENV_FILE, updated)
}

async function exportLines(forTest) {
  let forced = {}
  if (forTest) {
    // As bin/test.ts: .env.test wins over the process environment.
    forced = await parse(await readFile(`${APP_ROOT}.env.test`, 'utf8'))
    process.env.NODE_ENV = 'test'
  }

  // Lowest precedence first, so that later sources override earlier ones.
  const files = (await new EnvLoader(APP_ROOT, true).load()).filter((file) => file.fileExists)
  const values = {}
  for (const file of files.reverse()) Object.assign(values, await parse(file.contents))
  for (const key of Object.keys(values)) {
    if (process.env[key] !== undefined) values[key] = process.env[key]
  }
  Object.assign(values, forced)

  if (forTest) {
    values.PLUGINS_PATHS = process.env.TEST_PLUGINS_PATHS ?? 'plugins,tests/fixtures/plugins'
    for (const [override, key] of [
      ['TEST_DB_DATABASE', 'DB_DATABASE'],
      ['TEST_REDIS_DB', 'REDIS_DB'],
      ['TEST_PORT', 'PORT'],
      ['TEST_SMTP_PORT', 'SMTP_PORT'],
    ]) {
      if (process.env[override]) values[key] = process.env[override]
    }
    if (process.env.TEST_PORT) values.APP_URL = `http://127.0.0.1:${process.env.TEST_PORT}`
  }

  const quote = (value) => `'${String(value).replaceAll("'", `'\\''`)}'`
  return Object.entries(values)
    .filter(([key]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
    .map(([key, value]) => `export ${key}=${quote(value)}`)
    .join('\n')
}

const [command, flag] = process.argv.slice(2)
if (command === 'init') {
  await init()
} else if (command === 'export' && (flag === undefined || flag === '--test')) {
  console.log(await exportLines(flag === '--test'))
} else {
  console.error('usage: node infra/scripts/env.mjs init | export [--test]')
  process.exitCode = 2
}
