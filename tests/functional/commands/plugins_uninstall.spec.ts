import { test } from '@japa/runner'
import { isolateEachTest } from '#tests/helpers/isolation'
import { runCommand } from '#tests/helpers/ace_commands'

/**
 * plugins:uninstall refusing bad input. Rolling a plugin back is tested by
 * the plugins themselves (plugins/kb/tests/functional/uninstall.spec.ts on
 * a database of its own, the fixture plugin in its tests).
 */
test.group('plugins:uninstall: bad input', (group) => {
  isolateEachTest(group)

  test('refuses an argument that is not a plugin id', async ({ assert }) => {
    for (const argument of ['Kb', '../kb', 'kb;drop', '1kb', ' ']) {
      const { command, stderr } = await runCommand('plugins:uninstall', [argument])
      command.assertExitCode(1)
      assert.lengthOf(stderr, 1)
      assert.include(stderr[0], 'is not a plugin id')
    }
  })

  test('refuses an id with neither a folder nor migrations', async ({ assert }) => {
    const { command, stderr } = await runCommand('plugins:uninstall', ['no_such_plugin'])
    command.assertExitCode(1)
    assert.include(stderr[0], 'No plugin "no_such_plugin"')
    assert.include(stderr[0], 'PLUGINS_PATHS=')
  })

  test('asks for the id', async ({ assert }) => {
    await assert.rejects(
      () => runCommand('plugins:uninstall', []),
      'Missing required argument "id"'
    )
  })
})
