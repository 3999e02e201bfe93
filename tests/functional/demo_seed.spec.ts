import { test } from '@japa/runner'
import ace from '@adonisjs/core/services/ace'
import Organization from '#models/organization'
import { isolateEachTest } from '#tests/helpers/isolation'

test.group('Demo seed', (group) => {
  isolateEachTest(group)

  test('db:seed creates the demo organizations and can run again without duplicates', async ({
    assert,
  }) => {
    ace.ui.switchMode('raw')
    for (let run = 0; run < 2; run++) {
      const command = await ace.exec('db:seed', [])
      command.assertSucceeded()
    }
    const organizations = await Organization.query().orderBy('slug')
    assert.deepEqual(
      organizations.map((organization) => organization.slug),
      ['acme', 'globex']
    )
  })
})
