import { defineConfig } from 'vite'
import adonisjs from '@adonisjs/vite/client'
import tailwindcss from '@tailwindcss/vite'

export default defineConfig({
  plugins: [
    tailwindcss(),
    adonisjs({
      entrypoints: ['resources/css/app.css', 'resources/js/app.js'],
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
