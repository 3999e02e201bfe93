import { test } from '@japa/runner'
import { runAceProcess, runCommand } from '#tests/helpers/ace_commands'
import { freePort } from '#tests/helpers/app_process'

/** The printed line of one check, e.g. `  green(ok  )  Redis  127.0.0.1:6379 db 1 (…)`. */
function lineOf(output: string[], subject: string) {
  return output.find((line) => new RegExp(`^\\s+\\w+\\(\\w+\\s*\\)\\s+${subject}\\s`).test(line))
}

test.group('doctor', () => {
  test('the test environment passes: every service answers', async ({ assert }) => {
    const { command, stdout } = await runCommand('doctor')
    command.assertSucceeded()

    for (const subject of [
      'Node.js',
      'environment',
      'APP_KEY',
      'PostgreSQL',
      'extensions',
      'migrations',
      'Redis',
      'storage',
      'Chromium',
    ]) {
      assert.match(
        lineOf(stdout, subject) ?? '',
        /green\(ok\s*\)/,
        `${subject}: ${stdout.join('\n')}`
      )
    }
    assert.include(lineOf(stdout, 'environment'), 'NODE_ENV=test; read .env.test')
    assert.include(lineOf(stdout, 'PostgreSQL'), `/${process.env.DB_DATABASE} (PostgreSQL `)
    assert.match(lineOf(stdout, 'extensions') ?? '', /btree_gin (installed|available)/)
    // The functional suite runs its own SMTP server: reachable, or said to be the suite's.
    assert.match(lineOf(stdout, 'SMTP') ?? '', /green\(ok\s*\).*greets: 220|dim\(skip\)/)
    assert.match(stdout.at(-1)!, /, 0 failures\)$/)
  })

  test('an unreachable Redis fails the run with a line that says what to do', async ({
    assert,
  }) => {
    // Taken from the system and let go: nothing listens on it.
    const port = await freePort()
    const { exitCode, stdout, stderr } = await runAceProcess(['doctor'], {
      env: { REDIS_PORT: String(port), NO_COLOR: '1' },
    })
    const output = `${stdout}${stderr}`
    assert.equal(exitCode, 1, output)
    assert.match(
      output,
      new RegExp(
        `fail\\s+Redis\\s+not reachable at 127\\.0\\.0\\.1:${port} db \\d+: .*ECONNREFUSED`
      )
    )
    assert.include(output, '→ start it: npm run setup installs and starts Redis on this machine')
    // The other checks still ran and passed.
    assert.match(output, /ok\s+PostgreSQL\s/)
    assert.match(output, /, 1 failure$/m)
    assert.notMatch(output, /^\s+at /m, 'no stack trace')
  })

  test('an invalid environment lists the bad values, without a stack trace', async ({ assert }) => {
    const { exitCode, stdout, stderr } = await runAceProcess(['doctor'], {
      env: { DB_PORT: 'five-four-three-two' },
    })
    const output = `${stdout}${stderr}`
    assert.equal(exitCode, 1, output)
    assert.include(stderr, 'The environment is not valid:')
    assert.include(stderr, '"DB_PORT" env variable must be a number')
    assert.notMatch(output, /^\s+at /m, 'no stack trace')
  })
})
