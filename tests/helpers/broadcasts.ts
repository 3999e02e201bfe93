import transmit from '@adonisjs/transmit/services/main'

export type Sent = { channel: string; payload: Record<string, unknown> }

/** Records what Transmit broadcasts while `run` runs. */
export async function broadcastsOf(run: () => Promise<unknown>) {
  const sent: Sent[] = []
  const off = transmit.on('broadcast', (event) => {
    sent.push(event as Sent)
  })
  try {
    await run()
    // Transmit tells its listeners a tick later: let the last ones in.
    await new Promise((resolve) => setImmediate(resolve))
  } finally {
    off()
  }
  return sent
}
