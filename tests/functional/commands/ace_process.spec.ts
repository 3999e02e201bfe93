import { test } from '@japa/runner'
import { runAceProcess } from '#tests/helpers/ace_commands'

/**
 * `node ace …` as an operator types it: a separate process, its own exit
 * code. One run only (each costs a few seconds), and one that writes nothing.
 */
test.group('atum commands in a real process', () => {
  test('a bad time zone exits non-zero with one clear line and no stack trace', async ({
    assert,
  }) => {
    const { exitCode, stdout, stderr } = await runAceProcess([
      'atum:org:create',
      'Acme',
      '--slug=acme-subprocess',
      '--timezone=Mars/Olympus_Mons',
    ])
    const output = `${stdout}${stderr}`
    assert.notEqual(exitCode, 0, output)
    assert.include(stderr, 'The timezone field must be a time zone such as Europe/Berlin')
    assert.notMatch(output, /^\s+at /m, 'no stack trace')
    assert.notInclude(output, 'Error:')
    assert.lengthOf(output.trim().split('\n'), 1, output)
  })
})
