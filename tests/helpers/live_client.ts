import { randomUUID } from 'node:crypto'
import { PASSWORD } from '#tests/helpers/factories'

/**
 * A browser's part of live updates, in Node: a session (cookies) signed in
 * through the sign-in form, a Transmit event stream read with fetch
 * (text/event-stream), and subscriptions made as the Transmit client makes
 * them. For tests against web processes started with startAppProcess.
 */
export class LiveSession {
  #cookies = new Map<string, string>()

  constructor(public baseUrl: string) {}

  get cookie() {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  async fetch(path: string, init: RequestInit = {}) {
    const response = await fetch(new URL(path, this.baseUrl), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookie },
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const index = pair.indexOf('=')
      this.#cookies.set(pair.slice(0, index), pair.slice(index + 1))
    }
    return response
  }

  /** Signs in with the factories' password; the session then works on any process sharing Redis. */
  async signIn(email: string) {
    const page = await this.fetch('/login')
    const form = await page.text()
    const token = /<meta name="csrf-token" content="([^"]+)">/.exec(form)?.[1]
    if (!token) throw new Error('no CSRF token on the sign-in page')
    const response = await this.fetch('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token, email, password: PASSWORD }),
    })
    if (response.status !== 302 || response.headers.get('location') === '/login') {
      throw new Error(`sign-in as ${email} failed (${response.status})`)
    }
    return this
  }

  /** The same session against another web process. */
  on(baseUrl: string) {
    const other = new LiveSession(baseUrl)
    other.#cookies = this.#cookies
    return other
  }

  /** Opens the event stream (resolves once the server sent its first frame). */
  async openStream() {
    const uid = randomUUID()
    const controller = new AbortController()
    const response = await this.fetch(`/__transmit/events?uid=${uid}`, {
      signal: controller.signal,
      headers: { accept: 'text/event-stream' },
    })
    if (response.status !== 200) throw new Error(`event stream refused (${response.status})`)
    return new EventStream(this, uid, response, controller)
  }
}

export interface LiveMessage {
  channel: string
  payload: Record<string, unknown>
}

export class EventStream {
  messages: LiveMessage[] = []
  /** Resolves when the server ends the stream. */
  ended: Promise<void>
  #waiters: Array<() => void> = []

  constructor(
    private session: LiveSession,
    public uid: string,
    response: Response,
    private controller: AbortController
  ) {
    this.ended = this.#read(response)
  }

  async #read(response: Response) {
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true })
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const data = frame
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trim())
            .join('\n')
          if (data) this.messages.push(JSON.parse(data))
          this.#waiters.splice(0).forEach((wake) => wake())
        }
      }
    } catch {
      // Aborted by close().
    }
  }

  async subscribe(channel: string) {
    const response = await this.session.fetch('/__transmit/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ uid: this.uid, channel }),
    })
    return response.status
  }

  /** The first message on the channel that matches, waiting for it up to `timeoutMs`. */
  async next(
    channel: string,
    match: (payload: Record<string, unknown>) => boolean = () => true,
    timeoutMs = 5000
  ) {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const found = this.messages.find(
        (message) => message.channel === channel && match(message.payload)
      )
      if (found) return found
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve)
        setTimeout(resolve, Math.max(0, deadline - Date.now()))
      })
    }
    throw new Error(`no message on ${channel} within ${timeoutMs} ms`)
  }

  close() {
    this.controller.abort()
  }
}
