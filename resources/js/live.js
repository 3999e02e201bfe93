/*
|--------------------------------------------------------------------------
| Live updates
|--------------------------------------------------------------------------
| Regions of a page name their channel (data-live-channel) and how they
| refresh (data-live-refresh): "inbox" re-fetches the inbox results as the
| address has them (view, filters, page; the counts come along out of
| band), "ticket" re-fetches data-live-url, whose parts are swapped in out
| of band. Events carry ids only: what a person may see is decided by the
| routes htmx asks. While the stream is unavailable (EventSource error,
| blocked, refused), the regions are re-fetched every 15 s and the page
| says so. The desk ticket page also reports who has it open and who is
| writing (#ticket-presence).
*/

const POLL_MS = 15_000
// A stream that comes back quickly (a web process restarting) is not worth a notice.
const PAUSE_AFTER_MS = 4_000
const HIGHLIGHT_MS = 4_000
const HEARTBEAT_MS = 20_000
const TYPING_SEND_MS = 3_000
const TYPING_SHOW_MS = 6_000
const LIVE_HEADER = 'X-Live-Refresh'

export function startLive({ htmx, transmitClient }) {
  const regions = () => [...document.querySelectorAll('[data-live-channel]')]
  if (regions().length === 0) return

  const subscriptions = new Map()
  let paused = false
  let pollTimer = null
  let pauseTimer = null
  let transmit = null
  const presence = startPresence()

  /* One refresh at a time per region; events that arrive meanwhile make one more. */
  const running = new Map()
  function refresh(region) {
    const key = `${region.dataset.liveChannel} ${region.dataset.liveRefresh}`
    const state = running.get(key)
    if (state) {
      state.again = true
      return
    }
    running.set(key, { again: false })
    fetchRegion(region)
      .catch(() => {})
      .finally(() => {
        const again = running.get(key)?.again
        running.delete(key)
        const current = regions().find(
          (element) => element.dataset.liveChannel === region.dataset.liveChannel
        )
        if (again && current) refresh(current)
      })
  }

  async function fetchRegion(region) {
    // The page's own requests started since make this answer stale (see below).
    const headers = { [LIVE_HEADER]: String(ownRequests) }
    if (region.dataset.liveRefresh === 'inbox') {
      const before = stamps('[data-ticket]', 'ticket', 'updated')
      await htmx.ajax('GET', region.dataset.liveUrl || location.pathname + location.search, {
        source: document.body,
        target: '#ticket-results',
        swap: 'outerHTML',
        headers,
      })
      highlight('[data-ticket]', 'ticket', 'updated', before)
    } else {
      const before = stamps('[data-comment]', 'comment')
      await htmx.ajax('GET', region.dataset.liveUrl, {
        source: document.body,
        swap: 'none',
        headers,
      })
      highlight('[data-comment]', 'comment', null, before)
    }
  }

  /*
  | A live answer that arrives after the person did something on the page
  | (a filter, a reply, a transition) is not swapped in: it may predate
  | what their own request just showed.
  */
  let ownRequests = 0
  document.addEventListener('htmx:beforeRequest', (event) => {
    if (!event.detail.requestConfig?.headers?.[LIVE_HEADER]) ownRequests++
  })
  document.addEventListener('htmx:beforeSwap', (event) => {
    const mark = event.detail.requestConfig?.headers?.[LIVE_HEADER]
    if (mark !== undefined && Number(mark) !== ownRequests) event.detail.shouldSwap = false
  })

  function refreshChannel(channel) {
    for (const region of regions()) if (region.dataset.liveChannel === channel) refresh(region)
  }

  /* Polling while the stream is unavailable. */
  function setPaused(value) {
    if (paused === value) return
    paused = value
    clearInterval(pollTimer)
    pollTimer = value ? setInterval(() => regions().forEach(refresh), POLL_MS) : null
    showStatus()
  }
  function showStatus() {
    for (const element of document.querySelectorAll('[data-live-status]')) element.hidden = !paused
  }
  function streamDown() {
    if (paused || pauseTimer) return
    pauseTimer = setTimeout(() => {
      pauseTimer = null
      setPaused(true)
    }, PAUSE_AFTER_MS)
  }
  function streamUp(catchUp) {
    clearTimeout(pauseTimer)
    pauseTimer = null
    const wasPaused = paused
    if (paused) setPaused(false)
    // Events sent while the stream was down are lost: fetch what changed.
    if (catchUp || wasPaused) regions().forEach(refresh)
  }

  function subscribe(channel) {
    if (!transmit || subscriptions.has(channel)) return
    const subscription = transmit.subscription(channel)
    subscriptions.set(channel, subscription)
    subscription.onMessage((payload) => {
      if (payload?.kind === 'presence') presence?.show(payload.viewers)
      else refreshChannel(channel)
    })
    subscription.create()
  }

  if (typeof EventSource === 'undefined') {
    setPaused(true)
  } else {
    let connectedOnce = false
    transmit = transmitClient({
      onSubscribeFailed: () => setPaused(true),
      onReconnectFailed: () => setPaused(true),
    })
    transmit.on('connected', () => {
      streamUp(connectedOnce)
      connectedOnce = true
    })
    transmit.on('disconnected', streamDown)
    for (const region of regions()) subscribe(region.dataset.liveChannel)
  }

  // Swapped-in content brings its own regions and notices.
  document.addEventListener('htmx:afterSettle', () => {
    for (const region of regions()) subscribe(region.dataset.liveChannel)
    showStatus()
    presence?.render()
  })
}

/** `attribute` of each element → its `stamp` attribute (or true). */
function stamps(selector, attribute, stamp) {
  const seen = new Map()
  for (const element of document.querySelectorAll(selector)) {
    seen.set(element.dataset[attribute], stamp ? element.dataset[stamp] : true)
  }
  return seen
}

/** Marks the elements that are new or changed since `before`, for a moment. */
function highlight(selector, attribute, stamp, before) {
  for (const element of document.querySelectorAll(selector)) {
    const previous = before.get(element.dataset[attribute])
    const changed = previous === undefined || (stamp && previous !== element.dataset[stamp])
    if (!changed) continue
    element.classList.add('live-new')
    setTimeout(() => element.classList.remove('live-new'), HIGHLIGHT_MS)
  }
}

function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? ''
}

/**
 * Who else has the desk ticket open and who is writing a reply: a
 * heartbeat every 20 s, a "typing" beat at most every 3 s while the reply
 * box changes, "leave" when the page goes. The list arrives on the
 * ticket's staff channel (and as the answer to each beat).
 */
function startPresence() {
  const box = document.getElementById('ticket-presence')
  if (!box) return null
  const url = box.dataset.presenceUrl
  const me = Number(box.dataset.viewerId)
  let others = []
  let lastTyping = 0
  const typingUntil = new Map()

  const send = (fields) =>
    fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-CSRF-TOKEN': csrfToken(), 'Accept': 'application/json' },
      body: new URLSearchParams(fields),
    })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => data && show(data.viewers))
      .catch(() => {})

  function show(viewers) {
    if (!Array.isArray(viewers)) return
    others = viewers.filter((viewer) => viewer.id !== me)
    for (const viewer of others) {
      if (viewer.typing) typingUntil.set(viewer.id, Date.now() + TYPING_SHOW_MS)
      else typingUntil.delete(viewer.id)
    }
    render()
    setTimeout(render, TYPING_SHOW_MS + 100)
  }

  function render() {
    const target = document.getElementById('ticket-presence')
    if (!target) return
    target.replaceChildren()
    if (others.length === 0) return
    const viewing = document.createElement('p')
    viewing.dataset.viewers = ''
    const label = document.createElement('span')
    label.className = 'font-medium text-fg'
    label.textContent = 'Also viewing: '
    viewing.append(label, others.map((viewer) => viewer.name).join(', '))
    target.append(viewing)
    const typists = others.filter((viewer) => (typingUntil.get(viewer.id) ?? 0) > Date.now())
    if (typists.length > 0) {
      const typing = document.createElement('p')
      typing.dataset.typing = ''
      typing.className = 'text-warn'
      const names = typists.map((viewer) => viewer.name).join(', ')
      typing.textContent = `${names} ${typists.length === 1 ? 'is' : 'are'} writing a reply…`
      target.append(typing)
    }
  }

  send({})
  setInterval(() => send({}), HEARTBEAT_MS)
  document.addEventListener('input', (event) => {
    if (event.target?.id !== 'reply-body' || Date.now() - lastTyping < TYPING_SEND_MS) return
    lastTyping = Date.now()
    send({ typing: 'true' })
  })
  window.addEventListener('pagehide', () => {
    navigator.sendBeacon(url, new URLSearchParams({ leave: 'true', _csrf: csrfToken() }))
  })
  return { show, render }
}
