/*
 * Knowledge-base plugin, browser side: the "Insert link" button of the
 * desk ticket page's suggested articles. An Alpine component (the CSP
 * build: registered by name, no expressions evaluated). The button stays
 * hidden without JavaScript; the copyable link beside it is the fallback.
 *
 * Loaded as a classic script from the page body, so it runs before the
 * app's module script starts Alpine.
 */
;(() => {
  const register = (Alpine) => {
    Alpine.data('kbInsertLink', () => ({
      init() {
        this.$el.hidden = false
      },
      insert() {
        const reply = document.getElementById('reply-body')
        if (!reply) return
        const link = this.$el.dataset.markdown
        const current = reply.value.replace(/\s+$/, '')
        reply.value = current ? `${current}\n\n${link}` : link
        reply.focus()
        reply.setSelectionRange(reply.value.length, reply.value.length)
        reply.dispatchEvent(new Event('input', { bubbles: true }))
      },
    }))
  }
  if (window.Alpine) register(window.Alpine)
  else document.addEventListener('alpine:init', () => register(window.Alpine))
})()
