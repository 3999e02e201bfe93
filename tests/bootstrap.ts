import { assert } from '@japa/assert'
import { apiClient } from '@japa/api-client'
import app from '@adonisjs/core/services/app'
import type { Config } from '@japa/runner/types'
import { pluginAdonisJS } from '@japa/plugin-adonisjs'
import { sessionApiClient } from '@adonisjs/session/plugins/api_client'
import { shieldApiClient } from '@adonisjs/shield/plugins/api_client'
import { authApiClient } from '@adonisjs/auth/plugins/api_client'
import testUtils from '@adonisjs/core/services/test_utils'
import { closeBrowser } from '#tests/helpers/browser'
import { startMailbox } from '#tests/helpers/mailbox'

/**
 * Japa plugins: assertions, the API client (real HTTP requests to the app's
 * server), session helpers (set session values for a request) and the
 * AdonisJS test utilities, CSRF tokens for form posts and signing in
 * (`loginAs`).
 */
export const plugins: Config['plugins'] = [
  assert(),
  apiClient(),
  sessionApiClient(app),
  shieldApiClient(),
  authApiClient(app),
  pluginAdonisJS(app),
]

/**
 * The test database is migrated (core and plugin migrations) before the
 * suites run and rolled back after them.
 */
export const runnerHooks: Required<Pick<Config, 'setup' | 'teardown'>> = {
  setup: [() => testUtils.db().migrate()],
  teardown: [],
}

/**
 * Functional and browser suites talk to the real HTTP server on the test
 * port; the browser suite also shares one Chromium.
 */
export const configureSuite: Config['configureSuite'] = (suite) => {
  if (['browser', 'functional'].includes(suite.name)) {
    suite.setup(() => testUtils.httpServer().start())
    suite.setup(() => startMailbox())
  }
  if (suite.name === 'browser') {
    suite.teardown(() => closeBrowser())
  }
}
