/*
|--------------------------------------------------------------------------
| Ace entry point
|--------------------------------------------------------------------------
*/
import 'reflect-metadata'
import { Ignitor, prettyPrintError } from '@adonisjs/core'

const APP_ROOT = new URL('../', import.meta.url)

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
    app.listen('SIGTERM', () => app.terminate())
    app.listenIf(app.managedByPm2, 'SIGINT', () => app.terminate())
  })
  .ace()
  .handle(process.argv.splice(2))
  .catch((error) => {
    process.exitCode = 1
    // A missing or malformed variable stops every command before it runs
    // (start/env.ts validates them): list them plainly, without a stack.
    if (error?.code === 'E_INVALID_ENV_VARIABLES') {
      console.error(
        `The environment is not valid:\n${error.help}\n` +
          'Fix these in .env (see .env.example) or in the process environment, ' +
          'then `node ace doctor` checks the rest.'
      )
      return
    }
    prettyPrintError(error)
  })
