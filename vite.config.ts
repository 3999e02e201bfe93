import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import adonisjs from '@adonisjs/vite/client'
import tailwindcss from '@tailwindcss/vite'
import { discoverPluginFolders } from './app/services/plugins/discovery.js'

const APP_ROOT = fileURLToPath(new URL('./', import.meta.url))

/**
 * Plugins' browser modules and stylesheets: every top-level .js, .ts or
 * .css file of <plugin>/resources/assets/ is an entry point, found in the
 * same plugin folders as the app's (PLUGINS_PATHS, PLUGINS_ALLOW), so a
 * plugin brings its assets without an edit here. Its manifest's `assets`
 * says which of them every page includes.
 */
function pluginEntryPoints() {
  const folders = discoverPluginFolders({
    appRoot: APP_ROOT,
    paths: process.env.PLUGINS_PATHS,
    allow: process.env.PLUGINS_ALLOW,
  }).filter((folder) => folder.allowed)

  return folders.flatMap((folder) => {
    const dir = join(folder.dir, 'resources', 'assets')
    if (!existsSync(dir)) return []
    return readdirSync(dir)
      .filter((name) => /\.(js|ts|css)$/.test(name) && !name.endsWith('.d.ts'))
      .filter((name) => statSync(join(dir, name)).isFile())
      .sort()
      .map((name) => relative(APP_ROOT, join(dir, name)).split(sep).join('/'))
  })
}

export default defineConfig({
  plugins: [
    tailwindcss(),
    adonisjs({
      entrypoints: ['resources/css/app.css', 'resources/js/app.js', ...pluginEntryPoints()],
      reload: ['resources/views/**/*.edge', 'plugins/*/resources/views/**/*.edge'],
    }),
  ],
  server: {
    /**
     * The test runner starts Vite in-process. Its HMR socket gets a port
     * derived from the test port, so a running dev server or a second test
     * run (TEST_PORT) never competes for Vite's default one.
     */
    hmr:
      process.env.NODE_ENV === 'test'
        ? { port: 20000 + (Number(process.env.PORT ?? 3334) % 40000) }
        : undefined,
  },
})
