/*
|--------------------------------------------------------------------------
| JavaScript entrypoint for running ace commands
|--------------------------------------------------------------------------
|
| Registers ts-node's ESM loader so that TypeScript sources run without a
| build step, then hands over to bin/console.ts.
|
*/
import 'ts-node-maintained/register/esm'
await import('./bin/console.js')
