/** The part of Transmit this needs: its open streams. */
interface WithStreams {
  getManager(): { getAllSubscribers(): Map<{ end(): unknown }, unknown> }
}

/**
 * Ends every open event stream of this process. The Transmit client
 * reconnects by itself (to another web process behind the proxy) and
 * subscribes its channels again there.
 */
export function closeLiveStreams(transmit: WithStreams) {
  const streams = [...transmit.getManager().getAllSubscribers().keys()]
  for (const stream of streams) stream.end()
  return streams.length
}
