import TransmitProvider from '@adonisjs/transmit/transmit_provider'

/**
 * Transmit's provider, except that shutting down closes its Redis
 * connections only when something created them: ace commands that never
 * broadcast (migrations, atum:*) then open no connection at exit, and do
 * not wait on a Redis server that is down.
 */
export default class AtumTransmitProvider extends TransmitProvider {
  #created = false

  register() {
    super.register()
    this.app.container.resolving('transmit', () => {
      this.#created = true
    })
  }

  async shutdown() {
    if (!this.#created) return
    // A Redis server that is gone must not keep the process from exiting.
    await Promise.race([
      super.shutdown(),
      new Promise((resolve) => setTimeout(resolve, 2000).unref()),
    ])
  }
}
