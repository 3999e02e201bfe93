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
     * The test runner starts Vite in-process; it needs no hot reload, and
     * must not compete with a running dev server for the HMR port.
     */
    hmr: process.env.NODE_ENV === 'test' ? false : undefined,
  },
})
