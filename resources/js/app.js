/*
|--------------------------------------------------------------------------
| Browser entry point
|--------------------------------------------------------------------------
| htmx swaps server-rendered fragments, Alpine (its CSP build: no eval, so
| the content security policy stays strict) handles small UI state, and the
| Transmit client subscribes to server-sent events on pages that ask for it.
*/
import htmx from 'htmx.org'
import Alpine from '@alpinejs/csp'
import { Transmit } from '@adonisjs/transmit-client'
import { startLive } from './live.js'

window.htmx = htmx

/**
 * htmx sends the CSRF token (from the page's meta tag) with every
 * state-changing request.
 */
document.addEventListener('htmx:configRequest', (event) => {
  const token = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content')
  if (token) event.detail.headers['X-CSRF-TOKEN'] = token
})

/**
 * The mobile navigation drawer of the desk and portal layouts.
 */
Alpine.data('navDrawer', () => ({
  open: false,
  toggle() {
    this.open = !this.open
  },
  close() {
    this.open = false
  },
}))

/**
 * A button that appends its `data-text` to the text box whose id is its
 * `data-target` (a link a plugin suggests for a reply, say). It is
 * rendered `hidden` and shown by Alpine, so it never shows without
 * JavaScript, where pages offer the text to copy instead.
 */
Alpine.data('appendText', () => ({
  init() {
    this.$el.hidden = false
  },
  append() {
    const field = document.getElementById(this.$el.dataset.target)
    if (!field) return
    const current = field.value.replace(/\s+$/, '')
    field.value = current ? `${current}\n\n${this.$el.dataset.text}` : this.$el.dataset.text
    field.focus()
    field.setSelectionRange(field.value.length, field.value.length)
    field.dispatchEvent(new Event('input', { bubbles: true }))
  },
}))

/**
 * One Transmit client per page, created on first use by pages that
 * subscribe to live channels.
 */
let transmit
window.atumTransmit = (options = {}) => {
  transmit ??= new Transmit({ baseUrl: window.location.origin, ...options })
  return transmit
}

/** Pages with live regions (resources/js/live.js). */
startLive({ htmx, transmitClient: window.atumTransmit })

window.Alpine = Alpine
Alpine.start()
